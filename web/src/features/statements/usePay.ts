import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { StatementsPayDocument } from './statements.generated';
import { describeError } from '../../lib/forms/apiError';
import { newKey, rememberPayment } from './format';

/**
 * Pays charges through the gateway: payCharges makes the payment (one key
 * per set of charges, kept for a retry, so a retry never pays twice) and
 * the browser goes to the gateway's page, which returns to
 * /statements/payment?key=…&paymentId=… (the API adds the payment's id to
 * the return URL; the id is also remembered for the tab, for a return URL
 * without it).
 */
export function usePay() {
  const { t } = useTranslation('statements');
  const [{ fetching }, pay] = useMutation(StatementsPayDocument);
  const keys = useRef(new Map<string, string>());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const start = async (chargeIds: string[]) => {
    const set = [...chargeIds].sort().join(',');
    let key = keys.current.get(set);
    if (!key) {
      key = newKey();
      keys.current.set(set, key);
    }
    setBusy(set);
    setErrors((e) => ({ ...e, [set]: '' }));
    const returnUrl = `${window.location.origin}/statements/payment?key=${encodeURIComponent(key)}`;
    const res = await pay({ input: { chargeIds, idempotencyKey: key, returnUrl } });
    const payment = res.data?.payCharges.payment;
    const ue = res.data?.payCharges.userErrors ?? [];
    if (res.error || ue.length > 0 || !payment?.pageUrl) {
      setBusy(null);
      setErrors((e) => ({
        ...e,
        [set]: res.error ? (describeError(res.error, t) ?? '') : ue.map((u) => u.message).join(' ') || t('pay.noPage'),
      }));
      // a refused set may be paid under a new key later (e.g. after ALREADY_PAID)
      if (ue.some((u) => u.code !== 'ACQUIRER_UNAVAILABLE')) keys.current.delete(set);
      return;
    }
    rememberPayment(key, payment.id);
    window.location.assign(payment.pageUrl);
  };

  return {
    start: (ids: string[]) => void start(ids),
    fetching,
    busyFor: (ids: string[]) => busy === [...ids].sort().join(','),
    errorFor: (ids: string[]) => errors[[...ids].sort().join(',')] || undefined,
  };
}
