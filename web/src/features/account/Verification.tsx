import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { AccountVerificationDocument, type VerificationFieldsFragment } from './accountMore.generated';
import { refreshSession } from '../../lib/auth/session';
import { useSession } from '../../lib/auth/useSession';

/** How often the page asks for the agencies' progress while a verification runs. */
export const POLL_MS = 2_000;

/**
 * Polls the verification while it runs (the API has no subscription for it)
 * and, when it succeeds, refreshes the session so the new tier shows without
 * signing in again.
 */
export function useLiveVerification(initial: VerificationFieldsFragment | null | undefined) {
  const [res, refetch] = useQuery({ query: AccountVerificationDocument, requestPolicy: 'cache-and-network' });
  const v = res.data ? res.data.verification : initial;
  const running = v?.status === 'RUNNING';
  const session = useSession();
  const tier = session.account?.tier;
  const refreshed = useRef<string | null>(null);
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => refetch({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(id);
  }, [running, refetch]);
  useEffect(() => {
    if (v?.status === 'SUCCEEDED' && tier === 'SIMPLIFIED' && refreshed.current !== v.id) {
      refreshed.current = v.id;
      void refreshSession();
    }
  }, [v?.status, v?.id, tier]);
  return { verification: v ?? null, refetch };
}

const STATE_ICON: Record<string, string> = {
  NOT_STARTED: '○',
  PENDING: '…',
  CONFIRMED: '✓',
  REJECTED: '✗',
  NOT_REQUIRED: '—',
};

/** Each agency's part of the verification, announced politely as it changes. */
export function VerificationProgress({ verification }: { verification: VerificationFieldsFragment }) {
  const { t } = useTranslation('account');
  const v = verification;
  return (
    <section className="card" aria-labelledby="verification-title" data-testid="verification">
      <h2 id="verification-title">{t('verification.title')}</h2>
      <p role="status" aria-live="polite" data-testid="verification-status" className={`status-line status-${v.status === 'FAILED' ? 'no' : 'ok'}`}>
        {t(`verification.status.${v.status}`)}
        {v.message ? ` ${v.message}` : ''}
      </p>
      <ul className="link-list" aria-label={t('verification.agencies')}>
        {v.checks.map((c) => (
          <li key={c.agency} data-testid={`check-${c.agency}`} data-state={c.state}>
            <span aria-hidden="true">{STATE_ICON[c.state] ?? ''} </span>
            <strong>{t(`verification.agency.${c.agency}`)}</strong>: {t(`verification.state.${c.state}`)}
            {c.message ? ` — ${c.message}` : ''}
          </li>
        ))}
      </ul>
      {v.status === 'RUNNING' && <p className="note">{t('verification.runningHint')}</p>}
    </section>
  );
}
