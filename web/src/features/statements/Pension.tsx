import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button } from 'react-aria-components';
import { StatementsPensionDocument, StatementsRequestPensionDocument } from './statements.generated';
import { Empty, ErrorState, Loading, useOnline } from '../../lib/ui/StateViews';
import { FormErrorList } from '../../lib/ui/fields';
import { describeError } from '../../lib/forms/apiError';
import { StandardOnly, StatementsNav } from './Guard';
import { formatDate, formatKopecks } from './format';

export default function Pension() {
  const { t } = useTranslation('statements');
  return (
    <StandardOnly title={t('pension.title')}>
      <PensionScreen />
    </StandardOnly>
  );
}

function PensionScreen() {
  const { t, i18n } = useTranslation('statements');
  const lang = i18n.language;
  const online = useOnline();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: StatementsPensionDocument,
    requestPolicy: 'cache-and-network',
  });
  const [req, request] = useMutation(StatementsRequestPensionDocument);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const list = data?.pensionStatements ?? [];
  const pending = list.some((r) => r.status === 'PENDING');

  // While a request waits, ask again every 15 s (the pension fund answers within minutes).
  useEffect(() => {
    if (!pending) return;
    const id = window.setInterval(() => refetch({ requestPolicy: 'network-only' }), 15_000);
    return () => window.clearInterval(id);
  }, [pending, refetch]);

  const ask = async () => {
    const res = await request({});
    if (res.error) setFormErrors([describeError(res.error, t) ?? '']);
    else setFormErrors((res.data?.requestPensionStatement.userErrors ?? []).map((u) => u.message));
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <div className="page">
      <h1 id="page-title">{t('pension.title')}</h1>
      <StatementsNav />
      <p className="lead">{t('pension.lead')}</p>
      <FormErrorList messages={formErrors} />
      <Button
        className="button button-primary"
        isDisabled={!online || req.fetching || pending}
        onPress={() => void ask()}
      >
        {t('pension.request')}
      </Button>
      {pending && (
        <p className="note" role="status">
          {t('pension.pendingNote')}
        </p>
      )}
      <section className="section" aria-labelledby="pension-list">
        <h2 id="pension-list">{t('pension.requests')}</h2>
        {fetching && !data && <Loading />}
        {error && !data && <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
        {data && list.length === 0 && <Empty title={t('pension.none')} />}
        {list.length > 0 && (
          <ul className="service-list">
            {list.map((r) => (
              <li key={r.id}>
                <article className="card" aria-labelledby={`pr-${r.id}`} data-testid="pension-request">
                  <h3 id={`pr-${r.id}`} className="service-card-name">
                    {t('pension.requestedAt', { when: formatDate(r.requestedAt, lang, true) })}
                  </h3>
                  <p className={r.status === 'FAILED' ? 'status-no' : r.status === 'READY' ? 'status-ok' : ''}>
                    <strong>{t(`pension.status.${r.status}`)}</strong>
                    {r.answeredAt ? ` · ${formatDate(r.answeredAt, lang, true)}` : ''}
                  </p>
                  {r.message && <p>{r.message}</p>}
                  {r.statement && (
                    <>
                      <dl className="facts">
                        <div>
                          <dt>{t('pension.record')}</dt>
                          <dd>
                            {t('pension.recordValue', {
                              years: r.statement.insuranceYears,
                              months: r.statement.insuranceMonths,
                              days: r.statement.insuranceDays,
                            })}
                          </dd>
                        </div>
                        <div>
                          <dt>{t('pension.ipk')}</dt>
                          <dd data-testid="pension-ipk">{r.statement.ipk}</dd>
                        </div>
                      </dl>
                      {r.statement.contributions.length > 0 && (
                        <>
                          <h4>{t('pension.contributions')}</h4>
                          <ul className="link-list">
                            {r.statement.contributions.map((c, i) => (
                              <li key={`${c.year}-${c.employerInn}-${i}`}>
                                <strong>{c.year}</strong> · {c.employerName} ({t('inn.short')} {c.employerInn}):{' '}
                                {formatKopecks(c.amountKopecks, lang)}
                              </li>
                            ))}
                          </ul>
                        </>
                      )}
                    </>
                  )}
                </article>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
