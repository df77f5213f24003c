import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { StatementsReceiptsDocument, type StatementsReceiptsQuery } from './statements.generated';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { StandardOnly, StatementsNav } from './Guard';
import { formatDate, formatKopecks } from './format';

export default function Receipts() {
  const { t } = useTranslation('statements');
  return (
    <StandardOnly title={t('receipts.title')}>
      <ReceiptsScreen />
    </StandardOnly>
  );
}

function ReceiptsScreen() {
  const { t } = useTranslation('statements');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: StatementsReceiptsDocument,
    variables: { first: 50 },
    requestPolicy: 'cache-and-network',
  });
  return (
    <div className="page">
      <h1 id="page-title">{t('receipts.title')}</h1>
      <StatementsNav />
      {fetching && !data && <Loading />}
      {error && !data && <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {data && data.receipts.length === 0 && <Empty title={t('receipts.none')} />}
      {data && data.receipts.length > 0 && (
        <ul className="service-list">
          {data.receipts.map((r) => (
            <li key={r.id}>
              <ReceiptCard receipt={r} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ReceiptCard({ receipt: r }: { receipt: StatementsReceiptsQuery['receipts'][number] }) {
  const { t, i18n } = useTranslation('statements');
  const lang = i18n.language;
  return (
    <article className="card access-ok" aria-labelledby={`rc-${r.id}`} data-testid="receipt">
      <h3 id={`rc-${r.id}`} className="service-card-name">
        {t('receipts.heading', { amount: formatKopecks(r.amountKopecks, lang), when: formatDate(r.paidAt, lang, true) })}
      </h3>
      <ul className="link-list">
        {r.items.map((it) => (
          <li key={it.chargeId}>
            {it.title}: {formatKopecks(it.amountKopecks, lang)} ({t('uin')} {it.uin})
          </li>
        ))}
      </ul>
      <p className="note">{t('receipts.ref', { ref: r.acquirerRef })}</p>
    </article>
  );
}
