import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import { useQuery, useSubscription } from 'urql';
import {
  AccountVerificationDocument,
  AccountVerificationLiveDocument,
  type VerificationFieldsFragment,
} from './accountMore.generated';
import { refreshSession } from '../../lib/auth/session';
import { useSession } from '../../lib/auth/useSession';
import { useOnline } from '../../lib/ui/StateViews';

type V = VerificationFieldsFragment;

/**
 * The latest of the verifications at hand: a submission starts a new one,
 * which the query may show before the subscription does (or the other way
 * round). Of the same one, the later in the list wins (the subscription's).
 */
function latest(...vs: (V | null | undefined)[]): V | null {
  let out: V | null = null;
  for (const v of vs) {
    if (v && (!out || Date.parse(v.startedAt) >= Date.parse(out.startedAt))) out = v;
  }
  return out;
}

/** Whether the progress arrives live: 'live', 'offline' (back online it subscribes again) or 'failed' (the websocket gave up). */
export type LiveState = 'live' | 'offline' | 'failed';

/**
 * The citizen's latest verification, live: one query for the first render
 * (the subscription sends nothing while there is none), then
 * verificationUpdated pushes it on every change of its status or of one
 * agency's check. No polling. Offline the subscription pauses; back online
 * it subscribes again and its first message is the verification as it is
 * then. When it succeeds the session is refreshed, so the new tier shows
 * without signing in again.
 */
export function useLiveVerification(initial: V | null | undefined) {
  const session = useSession();
  const signedIn = session.status === 'signedIn' && !!session.account;
  const online = useOnline();
  const [res, refetch] = useQuery({ query: AccountVerificationDocument, pause: !signedIn, requestPolicy: 'cache-and-network' });
  const [sub, resubscribe] = useSubscription({ query: AccountVerificationLiveDocument, pause: !signedIn || !online });
  const v = latest(initial, res.data?.verification, sub.data?.verificationUpdated);
  const tier = session.account?.tier;
  const refreshed = useRef<string | null>(null);
  useEffect(() => {
    if (v?.status === 'SUCCEEDED' && tier === 'SIMPLIFIED' && refreshed.current !== v.id) {
      refreshed.current = v.id;
      void refreshSession();
    }
  }, [v?.status, v?.id, tier]);
  const retry = useCallback(() => {
    refetch({ requestPolicy: 'network-only' });
    resubscribe();
  }, [refetch, resubscribe]);
  const live: LiveState = !online ? 'offline' : sub.error ? 'failed' : 'live';
  return {
    verification: v,
    refetch,
    /** The first load, before anything is known. */
    fetching: !v && res.fetching,
    /** The first load failed (a verification already shown stays). */
    error: v ? undefined : res.error,
    live,
    retry,
  };
}

const STATE_ICON: Record<string, string> = {
  NOT_STARTED: '○',
  PENDING: '…',
  CONFIRMED: '✓',
  REJECTED: '✗',
  NOT_REQUIRED: '—',
};

/**
 * Each agency's part of the verification, announced politely as it changes.
 * live and onRetry come from useLiveVerification; without them the browser's
 * own online state tells whether the progress can arrive.
 */
export function VerificationProgress({
  verification,
  live: given,
  onRetry,
}: {
  verification: V;
  live?: LiveState;
  onRetry?: () => void;
}) {
  const { t } = useTranslation('account');
  const online = useOnline();
  const live = given ?? (online ? 'live' : 'offline');
  const v = verification;
  const running = v.status === 'RUNNING';
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
      {running && live === 'live' && <p className="note">{t('verification.runningHint')}</p>}
      {running && live === 'offline' && (
        <p className="note" data-testid="verification-live">
          {t('verification.offline')}
        </p>
      )}
      {running && live === 'failed' && (
        <div className="state state-error" role="alert" data-testid="verification-live">
          <p>{t('verification.notLive')}</p>
          {onRetry && (
            <Button className="button button-secondary" onPress={onRetry}>
              {t('common:state.retry')}
            </Button>
          )}
        </div>
      )}
    </section>
  );
}
