import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button, Form } from 'react-aria-components';
import {
  StatementsFindInnDocument,
  StatementsPassportDocument,
  StatementsProceedingsDocument,
  StatementsTaxesDocument,
} from './statements.generated';
import type { ChargeStatusFilter } from '../../gql/types';
import { Empty, ErrorState, Loading, useOnline } from '../../lib/ui/StateViews';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { describeError } from '../../lib/forms/apiError';
import { Freshness, StandardOnly, StatementsNav } from './Guard';
import { StatusFilter } from './Fines';
import { formatDate, formatKopecks } from './format';
import { usePay } from './usePay';

export default function Taxes() {
  const { t } = useTranslation('statements');
  return (
    <StandardOnly title={t('taxes.title')}>
      <TaxesScreen />
    </StandardOnly>
  );
}

function TaxesScreen() {
  const { t } = useTranslation('statements');
  return (
    <div className="page">
      <h1 id="page-title">{t('taxes.title')}</h1>
      <StatementsNav />
      <TaxDebts />
      <Proceedings />
    </div>
  );
}

function TaxDebts() {
  const { t, i18n } = useTranslation('statements');
  const lang = i18n.language;
  const online = useOnline();
  const pay = usePay();
  const [status, setStatus] = useState<ChargeStatusFilter>('UNPAID');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: StatementsTaxesDocument,
    variables: { status },
    requestPolicy: 'cache-and-network',
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const noInn = error?.graphQLErrors.some((e) => e.extensions?.reason === 'NO_INN');
  return (
    <section className="section" aria-labelledby="taxes-list">
      <h2 id="taxes-list">{t('taxes.debts')}</h2>
      {noInn ? (
        <FindInn onFound={reload} />
      ) : (
        <>
          <StatusFilter value={status} onChange={setStatus} />
          {fetching && !data && <Loading label={t('taxes.loading')} />}
          {error && !data && <ErrorState error={error} onRetry={reload} />}
          {data && (
            <>
              <Freshness
                checkedAt={data.taxDebts.checkedAt}
                stale={data.taxDebts.stale}
                unavailable={data.taxDebts.unavailableSources}
                lang={lang}
                format={formatDate}
              />
              {data.taxDebts.debts.length === 0 ? (
                <Empty title={t(status === 'PAID' ? 'taxes.nonePaid' : 'taxes.none')} />
              ) : (
                <ul className="service-list" aria-label={t('taxes.debts')}>
                  {data.taxDebts.debts.map((d) => (
                    <li key={d.id}>
                      <article className={`card ${d.status === 'PAID' ? 'access-ok' : ''}`} aria-labelledby={`tax-${d.id}`}>
                        <h3 id={`tax-${d.id}`} className="service-card-name">
                          {d.title} · {t('taxes.period', { year: d.period })}
                        </h3>
                        <dl className="facts">
                          <div>
                            <dt>{t('taxes.amount')}</dt>
                            <dd>{formatKopecks(d.amountKopecks, lang)}</dd>
                          </div>
                          <div>
                            <dt>{t('taxes.penalty')}</dt>
                            <dd>{formatKopecks(d.penaltyKopecks, lang)}</dd>
                          </div>
                          <div>
                            <dt>{t('taxes.dueDate')}</dt>
                            <dd>{formatDate(d.dueDate, lang)}</dd>
                          </div>
                          <div>
                            <dt>{t('uin')}</dt>
                            <dd>{d.uin}</dd>
                          </div>
                        </dl>
                        {d.status === 'PAID' ? (
                          <p className="status-ok">
                            <strong>{t('paid', { when: d.paidAt ? formatDate(d.paidAt, lang, true) : '' })}</strong>
                          </p>
                        ) : (
                          <>
                            {pay.errorFor([d.id]) && (
                              <p className="field-error" role="alert">
                                {pay.errorFor([d.id])}
                              </p>
                            )}
                            <Button
                              className="button button-primary"
                              isDisabled={!online || pay.fetching}
                              onPress={() => pay.start([d.id])}
                            >
                              {pay.busyFor([d.id])
                                ? t('pay.going')
                                : t('pay.button', { amount: formatKopecks(d.amountDueKopecks, lang) })}
                            </Button>
                          </>
                        )}
                      </article>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

const INN_FIELDS = ['passportSeries', 'passportNumber'] as const;

function FindInn({ onFound }: { onFound: () => void }) {
  const { t } = useTranslation('statements');
  const [{ data: pd }] = useQuery({ query: StatementsPassportDocument });
  // null: not edited, the profile's passport is offered
  const [seriesIn, setSeries] = useState<string | null>(null);
  const [numberIn, setNumber] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [notFound, setNotFound] = useState(false);
  const [{ fetching }, find] = useMutation(StatementsFindInnDocument);
  const p = pd?.personalData;
  const passport = p?.documentKind === 'RF_PASSPORT' ? p : null;
  const series = seriesIn ?? passport?.documentSeries ?? '';
  const number = numberIn ?? passport?.documentNumber ?? '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await find({ input: { passportSeries: series.trim(), passportNumber: number.trim() } });
    if (res.error) {
      setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
      return;
    }
    const r = res.data?.findMyInn;
    if (r && r.userErrors.length > 0) {
      setErrors(mapUserErrors(r.userErrors, INN_FIELDS));
      return;
    }
    setErrors(noErrors);
    if (r?.found) onFound();
    else setNotFound(true);
  };

  return (
    <div className="card">
      <p>{t('inn.lead')}</p>
      <Form className="form" onSubmit={(e) => void submit(e)} aria-label={t('inn.title')}>
        <FormErrorList messages={errors.form} />
        <TextField
          label={t('inn.series')}
          name="passportSeries"
          inputMode="numeric"
          isRequired
          value={series}
          onChange={setSeries}
          error={errors.fields.passportSeries}
        />
        <TextField
          label={t('inn.number')}
          name="passportNumber"
          inputMode="numeric"
          isRequired
          value={number}
          onChange={setNumber}
          error={errors.fields.passportNumber}
        />
        <Button type="submit" className="button button-primary" isDisabled={fetching}>
          {t('inn.find')}
        </Button>
      </Form>
      {notFound && (
        <p className="note" role="status">
          {t('inn.notFound')}
        </p>
      )}
    </div>
  );
}

function Proceedings() {
  const { t, i18n } = useTranslation('statements');
  const lang = i18n.language;
  const online = useOnline();
  const pay = usePay();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: StatementsProceedingsDocument,
    variables: { status: 'UNPAID' },
    requestPolicy: 'cache-and-network',
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <section className="section" aria-labelledby="proceedings-list">
      <h2 id="proceedings-list">{t('proceedings.title')}</h2>
      {fetching && !data && <Loading label={t('proceedings.loading')} />}
      {error && !data && <ErrorState error={error} onRetry={reload} />}
      {data && (
        <>
          <Freshness
            checkedAt={data.enforcementProceedings.checkedAt}
            stale={data.enforcementProceedings.stale}
            unavailable={data.enforcementProceedings.unavailableSources}
            lang={lang}
            format={formatDate}
          />
          {data.enforcementProceedings.proceedings.length === 0 ? (
            <Empty title={t('proceedings.none')} />
          ) : (
            <ul className="service-list" aria-label={t('proceedings.title')}>
              {data.enforcementProceedings.proceedings.map((p) => (
                <li key={p.id}>
                  <article className="card" aria-labelledby={`fssp-${p.id}`} data-testid="proceeding">
                    <h3 id={`fssp-${p.id}`} className="service-card-name">
                      {t('proceedings.number', { number: p.number })}
                    </h3>
                    <p>{p.subject}</p>
                    <dl className="facts">
                      <div>
                        <dt>{t('proceedings.date')}</dt>
                        <dd>{formatDate(p.date, lang)}</dd>
                      </div>
                      <div>
                        <dt>{t('proceedings.owed')}</dt>
                        <dd>{formatKopecks(p.amountOwedKopecks, lang)}</dd>
                      </div>
                      <div>
                        <dt>{t('proceedings.office')}</dt>
                        <dd>{p.bailiffOffice}</dd>
                      </div>
                    </dl>
                    {pay.errorFor([p.id]) && (
                      <p className="field-error" role="alert">
                        {pay.errorFor([p.id])}
                      </p>
                    )}
                    {p.amountOwedKopecks > 0 && (
                      <Button
                        className="button button-secondary"
                        isDisabled={!online || pay.fetching}
                        onPress={() => pay.start([p.id])}
                      >
                        {pay.busyFor([p.id])
                          ? t('pay.going')
                          : t('pay.button', { amount: formatKopecks(p.amountOwedKopecks, lang) })}
                      </Button>
                    )}
                  </article>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
