import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { StatementsPaymentDocument, StatementsReceiptsDocument } from './statements.generated';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { StandardOnly } from './Guard';
import { ReceiptCard } from './Receipts';
import { formatDate, formatKopecks, recallPayment } from './format';

/**
 * The payment a return from the gateway is about: the paymentId the API adds
 * to the return URL, else (a return URL made before it did so) the one this
 * tab remembered under the attempt's key. The parameter alone serves a
 * return in another tab or after the session storage was cleared.
 */
export function returnedPaymentId(params: URLSearchParams): string | null {
  return params.get('paymentId') || recallPayment(params.get('key') ?? '');
}

/** Where the payment gateway's page returns: /statements/payment?key=…&paymentId=… */
export default function PaymentResult() {
  const { t } = useTranslation('statements');
  return (
    <StandardOnly title={t('payment.title')}>
      <PaymentScreen />
    </StandardOnly>
  );
}

function PaymentScreen() {
  const { t, i18n } = useTranslation('statements');
  const lang = i18n.language;
  const [params] = useSearchParams();
  const id = returnedPaymentId(params);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: StatementsPaymentDocument,
    variables: { id: id ?? '' },
    pause: !id,
    requestPolicy: 'network-only',
  });
  const p = data?.payment;
  const waiting = p && (p.status === 'PENDING' || p.status === 'CREATED');
  const [{ data: rd }] = useQuery({
    query: StatementsReceiptsDocument,
    variables: { first: 5 },
    pause: !p || p.status !== 'SUCCEEDED',
    requestPolicy: 'network-only',
  });
  const receipt = rd?.receipts.find((r) => r.paymentId === p?.id);

  // The gateway's callback may come a moment after the return: ask again.
  useEffect(() => {
    if (!waiting) return;
    const h = window.setInterval(() => refetch({ requestPolicy: 'network-only' }), 2_000);
    return () => window.clearInterval(h);
  }, [waiting, refetch]);

  return (
    <div className="page page-narrow">
      <h1 id="page-title">{t('payment.title')}</h1>
      {!id && (
        <Empty title={t('payment.unknown')}>
          <Link to="/statements/receipts">{t('payment.toReceipts')}</Link>
        </Empty>
      )}
      {fetching && !data && <Loading />}
      {error && !data && <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {data && !p && <Empty title={t('payment.unknown')} />}
      {p && (
        <section
          className={`card ${p.status === 'SUCCEEDED' ? 'access-ok' : p.status === 'FAILED' ? 'access-no' : ''}`}
          aria-labelledby="payment-status"
        >
          <h2 id="payment-status" role="status" data-testid="payment-status">
            {t(`payment.status.${p.status}`)}
          </h2>
          <dl className="facts">
            <div>
              <dt>{t('payment.amount')}</dt>
              <dd>{formatKopecks(p.amountKopecks, lang)}</dd>
            </div>
            {p.paidAt && (
              <div>
                <dt>{t('payment.paidAt')}</dt>
                <dd>{formatDate(p.paidAt, lang, true)}</dd>
              </div>
            )}
          </dl>
          <ul className="link-list">
            {p.items.map((it) => (
              <li key={it.chargeId}>
                {it.title}: {formatKopecks(it.amountKopecks, lang)}
              </li>
            ))}
          </ul>
          {p.status === 'FAILED' && <p>{t('payment.failedHint')}</p>}
        </section>
      )}
      {receipt && (
        <section className="section" aria-labelledby="receipt-title">
          <h2 id="receipt-title">{t('payment.receipt')}</h2>
          <ReceiptCard receipt={receipt} />
        </section>
      )}
      <div className="button-row">
        <Link className="button button-secondary" to="/statements/fines">
          {t('payment.toFines')}
        </Link>
        <Link className="button button-secondary" to="/statements/receipts">
          {t('payment.toReceipts')}
        </Link>
      </div>
    </div>
  );
}
