import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import {
  StatementsAddDocumentDocument,
  StatementsFinesDocument,
  StatementsRemoveDocumentDocument,
  type StatementsFineFragment,
} from './statements.generated';
import type { ChargeStatusFilter, LookupDocumentKind } from '../../gql/types';
import { ErrorState, Empty, Loading, useOnline } from '../../lib/ui/StateViews';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { describeError } from '../../lib/forms/apiError';
import { Freshness, StandardOnly, StatementsNav } from './Guard';
import { daysLeft, formatDate, formatKopecks } from './format';
import { usePay } from './usePay';

const KINDS: LookupDocumentKind[] = ['DRIVER_LICENCE', 'VEHICLE_CERTIFICATE', 'PLATE'];
const FIELDS = ['kind', 'number', 'label'] as const;

export default function Fines() {
  const { t } = useTranslation('statements');
  return (
    <StandardOnly title={t('fines.title')}>
      <FinesScreen />
    </StandardOnly>
  );
}

function FinesScreen() {
  const { t, i18n } = useTranslation('statements');
  const lang = i18n.language;
  const online = useOnline();
  const [status, setStatus] = useState<ChargeStatusFilter>('UNPAID');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: StatementsFinesDocument,
    variables: { status },
    requestPolicy: 'cache-and-network',
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const pay = usePay();

  return (
    <div className="page">
      <h1 id="page-title">{t('fines.title')}</h1>
      <StatementsNav />

      <section className="section" aria-labelledby="fines-list">
        <h2 id="fines-list">{t('fines.listTitle')}</h2>
        <StatusFilter value={status} onChange={setStatus} />
        {!online && !data && <ErrorState onRetry={reload} />}
        {fetching && !data && <Loading label={t('fines.loading')} />}
        {error && !data && <ErrorState error={error} onRetry={reload} />}
        {data && (
          <>
            <Freshness
              checkedAt={data.fines.checkedAt}
              stale={data.fines.stale}
              unavailable={data.fines.unavailableSources}
              lang={lang}
              format={formatDate}
            />
            {data.lookupDocuments.length === 0 ? (
              <Empty title={t('fines.noDocuments')}>
                <a href="#docs-title">{t('docs.add')}</a>
              </Empty>
            ) : data.fines.fines.length === 0 ? (
              <Empty title={t(status === 'PAID' ? 'fines.nonePaid' : 'fines.none')} />
            ) : (
              <ul className="service-list" aria-label={t('fines.listTitle')}>
                {data.fines.fines.map((f) => (
                  <li key={f.id}>
                    <FineCard fine={f} lang={lang} pay={pay} online={online} />
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>

      <Documents docs={data?.lookupDocuments ?? []} loaded={!!data} onChanged={reload} />
    </div>
  );
}

export function StatusFilter({ value, onChange }: { value: ChargeStatusFilter; onChange: (v: ChargeStatusFilter) => void }) {
  const { t } = useTranslation('statements');
  return (
    <RadioGroup
      className="radio-group"
      value={value}
      onChange={(v) => onChange(v as ChargeStatusFilter)}
      orientation="horizontal"
      aria-label={t('filter.label')}
    >
      <div className="radio-row">
        {(['UNPAID', 'PAID', 'ALL'] as const).map((s) => (
          <Radio key={s} value={s} className="radio">
            {t(`filter.${s}`)}
          </Radio>
        ))}
      </div>
    </RadioGroup>
  );
}

function FineCard({
  fine: f,
  lang,
  pay,
  online,
}: {
  fine: StatementsFineFragment;
  lang: string;
  pay: ReturnType<typeof usePay>;
  online: boolean;
}) {
  const { t } = useTranslation('statements');
  const left = f.discountUntil ? daysLeft(f.discountUntil) : null;
  const discounted = f.status === 'UNPAID' && f.discountedAmountKopecks != null && f.discountUntil && left != null;
  const headingId = `fine-${f.id}`;
  const err = pay.errorFor([f.id]);
  return (
    <article className={`card ${f.status === 'PAID' ? 'access-ok' : ''}`} aria-labelledby={headingId} data-testid="fine">
      <h3 id={headingId} className="service-card-name">
        {t('fines.article', { article: f.article })} · {formatKopecks(f.amountKopecks, lang)}
      </h3>
      {discounted && (
        <p className="status-ok" data-testid="fine-discount">
          <strong>
            {t('fines.discount', {
              amount: formatKopecks(f.discountedAmountKopecks!, lang),
              until: formatDate(f.discountUntil!, lang, true),
            })}
          </strong>{' '}
          {left === 0 ? t('fines.lastDay') : t('fines.daysLeft', { count: left })}
        </p>
      )}
      {f.status === 'UNPAID' && !discounted && f.discountedAmountKopecks == null && (
        <p className="note">{t('fines.noDiscount')}</p>
      )}
      {f.status === 'PAID' ? (
        <p className="status-ok" data-testid="fine-paid">
          <strong>{t('paid', { when: f.paidAt ? formatDate(f.paidAt, lang, true) : '' })}</strong>
        </p>
      ) : (
        <>
          {err && (
            <p className="field-error" role="alert">
              {err}
            </p>
          )}
          <Button
            className="button button-primary"
            isDisabled={!online || pay.fetching}
            onPress={() => pay.start([f.id])}
          >
            {pay.busyFor([f.id]) ? t('pay.going') : t('pay.button', { amount: formatKopecks(f.amountDueKopecks, lang) })}
          </Button>
        </>
      )}
      <p>{f.description}</p>
      <dl className="facts">
        <div>
          <dt>{t('fines.decision')}</dt>
          <dd>{formatDate(f.decisionDate, lang)}</dd>
        </div>
        <div>
          <dt>{t('fines.place')}</dt>
          <dd>{f.place}</dd>
        </div>
        <div>
          <dt>{t('fines.document')}</dt>
          <dd>{f.document}</dd>
        </div>
        <div>
          <dt>{t('uin')}</dt>
          <dd>{f.uin}</dd>
        </div>
      </dl>
    </article>
  );
}

function Documents({
  docs,
  loaded,
  onChanged,
}: {
  docs: readonly { id: string; kind: LookupDocumentKind; number: string; label: string | null }[];
  loaded: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation('statements');
  const [kind, setKind] = useState<LookupDocumentKind>('DRIVER_LICENCE');
  const [number, setNumber] = useState('');
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [{ fetching }, add] = useMutation(StatementsAddDocumentDocument);
  const [removing, remove] = useMutation(StatementsRemoveDocumentDocument);
  const [removeError, setRemoveError] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await add({ input: { kind, number: number.trim(), label: label.trim() || null } });
    if (res.error) {
      setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
      return;
    }
    const p = res.data?.addLookupDocument;
    if (p?.document) {
      setErrors(noErrors);
      setNumber('');
      setLabel('');
      onChanged();
      return;
    }
    setErrors(mapUserErrors(p?.userErrors, FIELDS));
  };

  return (
    <section className="section card" aria-labelledby="docs-title">
      <h2 id="docs-title">{t('docs.title')}</h2>
      <p className="note">{t('fines.lead')}</p>
      {loaded && docs.length === 0 && <p>{t('docs.none')}</p>}
      {docs.length > 0 && (
        <ul className="link-list" aria-label={t('docs.title')}>
          {docs.map((d) => (
            <li key={d.id}>
              <span>
                {t(`docs.kind.${d.kind}`)}: <strong>{d.number}</strong>
                {d.label ? ` (${d.label})` : ''}
              </span>{' '}
              <Button
                className="button-link"
                isDisabled={removing.fetching}
                onPress={async () => {
                  const r = await remove({ id: d.id });
                  const ue = r.data?.removeLookupDocument.userErrors ?? [];
                  setRemoveError(r.error ? (describeError(r.error, t) ?? '') : ue.map((u) => u.message).join(' '));
                  onChanged();
                }}
                aria-label={t('docs.remove', { number: d.number })}
              >
                {t('docs.removeShort')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {removeError && (
        <p className="field-error" role="alert">
          {removeError}
        </p>
      )}
      <Form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="docs-add">
        <h3 id="docs-add">{t('docs.add')}</h3>
        <FormErrorList messages={errors.form} />
        <RadioGroup
          className="radio-group"
          value={kind}
          onChange={(v) => setKind(v as LookupDocumentKind)}
          isInvalid={!!errors.fields.kind}
        >
          <Label className="field-label">{t('docs.kindLabel')}</Label>
          <div className="radio-row">
            {KINDS.map((k) => (
              <Radio key={k} value={k} className="radio">
                {t(`docs.kind.${k}`)}
              </Radio>
            ))}
          </div>
          {errors.fields.kind && <p className="field-error">{errors.fields.kind}</p>}
        </RadioGroup>
        <TextField
          label={t('docs.number')}
          description={t(`docs.hint.${kind}`)}
          name="number"
          isRequired
          value={number}
          onChange={setNumber}
          error={errors.fields.number}
        />
        <TextField
          label={t('docs.label')}
          name="label"
          value={label}
          onChange={setLabel}
          error={errors.fields.label}
          maxLength={50}
        />
        <Button type="submit" className="button button-secondary" isDisabled={fetching}>
          {t('docs.addButton')}
        </Button>
      </Form>
    </section>
  );
}
