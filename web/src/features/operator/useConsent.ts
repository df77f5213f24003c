import { useEffect } from 'react';
import { useClient } from 'urql';
import { OperatorConsentStatusDocument, type OperatorConsentFragment } from './operator.generated';
import { useCountdown } from '../../lib/forms/useCountdown';

/** How often a pending consent is checked. */
export const CONSENT_POLL_MS = 4_000;

/** A consent as the screen shows it: EXPIRED when still PENDING past expiresAt. */
export type ConsentStatus = 'PENDING' | 'ACCEPTED' | 'REFUSED' | 'USED' | 'EXPIRED';

/**
 * Follows a PENDING consent until the citizen answers in his app: fetches
 * duplicateConsent(id) every CONSENT_POLL_MS while it is pending and not
 * expired, and at once when the tab comes back into view; stops once it is
 * answered, expired or the screen is gone. Returns the status to show and
 * the seconds left to answer.
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
    if (!live || !id) return;
    let stopped = false;
    let busy = false;
    const check = async () => {
      if (busy || document.visibilityState === 'hidden') return;
      busy = true;
      // network-only: the cached consent is the one still PENDING.
      const r = await client.query(OperatorConsentStatusDocument, { id }, { requestPolicy: 'network-only' }).toPromise();
      busy = false;
      const next = r.data?.duplicateConsent;
      // A failed check or a consent this centre may not see: try again at the next tick.
      if (stopped || !next || next.status === 'PENDING') return;
      onChange(next);
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
