import { useEffect } from 'react';
import { useClient } from 'urql';
import { OperatorConsentProbeDocument, type OperatorConsentFragment } from './operator.generated';
import { useCountdown } from '../../lib/forms/useCountdown';

/** How often a pending consent is checked. */
export const CONSENT_POLL_MS = 4_000;

/** A consent as the screen shows it: EXPIRED when still PENDING past expiresAt. */
export type ConsentStatus = 'PENDING' | 'ACCEPTED' | 'REFUSED' | 'USED' | 'EXPIRED';

/**
 * Follows a PENDING consent until the citizen answers in his app: every
 * CONSENT_POLL_MS while it is pending and not expired, and at once when
 * the tab comes back into view. Returns the status to show and the seconds
 * left to answer.
 *
 * The API has no query for a consent's status (only the payloads of
 * requestDuplicateConsent, answerDuplicateConsent and recordPaperConsent
 * carry it), so the check is makeDuplicate with no fields and no files: it
 * changes nothing and answers NO_CONSENT until the consent is ACCEPTED, USED
 * once it was used, and otherwise names the first empty field (the consent
 * is ACCEPTED). A refusal looks like no answer until the time runs out.
 * With a `duplicateConsent(id)` query this becomes a refetch.
 */
export function useConsentStatus(
  consent: OperatorConsentFragment | null,
  onChange: (c: OperatorConsentFragment) => void,
): { status: ConsentStatus | null; secondsLeft: number } {
  const client = useClient();
  const pending = consent?.status === 'PENDING';
  const secondsLeft = useCountdown(pending ? consent.expiresAt : null);
  const live = pending && secondsLeft > 0;
  const id = consent?.id;

  useEffect(() => {
    if (!live || !consent) return;
    let stopped = false;
    let busy = false;
    const check = async () => {
      if (busy || document.visibilityState === 'hidden') return;
      busy = true;
      const r = await client
        .mutation(OperatorConsentProbeDocument, { consentId: consent.id }, { requestPolicy: 'network-only' })
        .toPromise();
      busy = false;
      if (stopped || r.error) return;
      const e = r.data?.makeDuplicate.userErrors[0];
      if (!e || e.code === 'NO_CONSENT') return;
      onChange({ ...consent, status: e.code === 'USED' ? 'USED' : 'ACCEPTED' });
    };
    const timer = setInterval(() => void check(), CONSENT_POLL_MS);
    const onVisible = () => void check();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
    // The consent's id and liveness decide; onChange may change every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, live, client]);

  if (!consent) return { status: null, secondsLeft: 0 };
  const status = (pending && secondsLeft <= 0 ? 'EXPIRED' : consent.status) as ConsentStatus;
  return { status, secondsLeft };
}
