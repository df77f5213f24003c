import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import {
  MunicipalModerateProposalDocument,
  MunicipalProposalsDocument,
  MunicipalRecommendProposalDocument,
  type MunicipalProposalFragment,
} from './municipal.generated';
import type { ProposalStatus, ProposalVerdict } from '../../gql/types';
import { describeError } from '../../lib/forms/apiError';
import { FormErrorList } from '../../lib/ui/fields';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { AreaField } from './AreaField';
import { Files } from './Files';
import { formatMoscow } from './moscow';

type Errors = { fields: Record<string, string>; form: string[] };
const none: Errors = { fields: {}, form: [] };

function toErrors(list: readonly { field: string; message: string }[] | undefined, fields: string[]): Errors {
  const out: Errors = { fields: {}, form: [] };
  for (const e of list ?? []) {
    if (fields.includes(e.field)) out.fields[e.field] ??= e.message;
    else out.form.push(e.message);
  }
  return out;
}

/** A pending proposal: publish it, or reject it with a reason its author is told. */
function Moderate({ p }: { p: MunicipalProposalFragment }) {
  const { t } = useTranslation('municipal');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>(none);
  const [{ fetching }, moderate] = useMutation(MunicipalModerateProposalDocument);
  async function run(publish: boolean) {
    if (!publish && !reason.trim()) return setErrors({ fields: { reason: t('moderation.giveReason') }, form: [] });
    const res = await moderate({ id: p.id, publish, reason: publish ? null : reason });
    if (res.error) return setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
    const out = res.data?.moderateProposal;
    setErrors(out?.proposal ? none : toErrors(out?.userErrors, ['reason']));
  }
  return (
    <form
      className="muni-inline-form"
      noValidate
      aria-label={t('moderation.formLabel')}
      onSubmit={(e) => {
        e.preventDefault();
        void run(false);
      }}
    >
      <FormErrorList messages={errors.form} />
      <Button className="button button-primary" isDisabled={fetching} onPress={() => void run(true)}>
        {t('moderation.publish')}
      </Button>
      <AreaField label={t('moderation.reason')} description={t('moderation.reasonHint')} value={reason} onChange={setReason} error={errors.fields.reason} rows={2} />
      <Button type="submit" className="button button-secondary muni-danger" isDisabled={fetching}>
        {t('moderation.reject')}
      </Button>
    </form>
  );
}

/** The organiser's reasoned recommendation on a published proposal, for the protocol; it may be revised until the results. */
function Recommend({ p }: { p: MunicipalProposalFragment }) {
  const { t } = useTranslation('municipal');
  const [verdict, setVerdict] = useState<ProposalVerdict | ''>(p.recommendation ?? '');
  const [reasoning, setReasoning] = useState(p.recommendationReasoning ?? '');
  const [errors, setErrors] = useState<Errors>(none);
  const [saved, setSaved] = useState(false);
  const [{ fetching }, recommend] = useMutation(MunicipalRecommendProposalDocument);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSaved(false);
    const local: Record<string, string> = {};
    if (!verdict) local.verdict = t('moderation.chooseVerdict');
    if (!reasoning.trim()) local.reasoning = t('moderation.giveReasoning');
    if (!verdict || Object.keys(local).length > 0) return setErrors({ fields: local, form: [] });
    const res = await recommend({ id: p.id, verdict, reasoning });
    if (res.error) return setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
    const out = res.data?.recommendProposal;
    if (out?.proposal) {
      setErrors(none);
      setSaved(true);
    } else setErrors(toErrors(out?.userErrors, ['verdict', 'reasoning']));
  }
  return (
    <form className="muni-inline-form" noValidate onSubmit={submit} aria-label={t('moderation.recommendLabel')}>
      <FormErrorList messages={errors.form} />
      <RadioGroup
        className="radio-group"
        value={verdict}
        onChange={(v) => setVerdict(v as ProposalVerdict)}
        isInvalid={!!errors.fields.verdict}
        validationBehavior="aria"
        aria-describedby={errors.fields.verdict ? `verdict-error-${p.id}` : undefined}
      >
        <Label className="field-label">{t('moderation.verdict')}</Label>
        <div className="radio-row">
          <Radio value="ADVISABLE" className="radio">
            {t('verdict.ADVISABLE')}
          </Radio>
          <Radio value="NOT_ADVISABLE" className="radio">
            {t('verdict.NOT_ADVISABLE')}
          </Radio>
        </div>
        {errors.fields.verdict && (
          <p id={`verdict-error-${p.id}`} className="field-error">
            {errors.fields.verdict}
          </p>
        )}
      </RadioGroup>
      <AreaField label={t('moderation.reasoning')} value={reasoning} onChange={setReasoning} error={errors.fields.reasoning} rows={3} isRequired />
      <div role="status" aria-live="polite">
        {saved && <p className="muni-ok">{t('moderation.recommended')}</p>}
      </div>
      <Button type="submit" className="button button-secondary" isDisabled={fetching}>
        {p.recommendation ? t('moderation.changeRecommendation') : t('moderation.recommend')}
      </Button>
    </form>
  );
}

function ProposalItem({ p, editable }: { p: MunicipalProposalFragment; editable: boolean }) {
  const { t, i18n } = useTranslation('municipal');
  const titleId = useId();
  return (
    <li className="muni-proposal" aria-labelledby={titleId}>
      <p id={titleId} className="muni-proposal-head">
        <strong>{t(`kind.${p.kind}`)}</strong> · <span className={`muni-pstatus muni-pstatus-${p.status}`}>{t(`pstatus.${p.status}`)}</span> ·{' '}
        <span className="note">{formatMoscow(p.createdAt, i18n.language)}</span>
        {p.kind === 'PROPOSAL' && p.status === 'PUBLISHED' && <span className="note"> · {t('moderation.supports', { count: p.supports })}</span>}
      </p>
      <p className="muni-proposal-text">{p.text}</p>
      {p.attachments.length > 0 && <Files files={p.attachments} />}
      {p.status === 'REJECTED' && p.rejectReason && <p className="note">{t('moderation.rejectedBecause', { reason: p.rejectReason })}</p>}
      {p.recommendation && (
        <p>
          <strong>{t(`verdict.${p.recommendation}`)}</strong>
          {p.recommendationReasoning && `: ${p.recommendationReasoning}`}
        </p>
      )}
      {editable && p.status === 'PENDING' && <Moderate p={p} />}
      {editable && p.status === 'PUBLISHED' && <Recommend p={p} />}
    </li>
  );
}

const FILTERS: ('ALL' | ProposalStatus)[] = ['ALL', 'PENDING', 'PUBLISHED', 'REJECTED'];

/**
 * Every proposal and comment of the hearing (the organiser sees all, oldest
 * first): pending ones to publish or reject, published ones to recommend on.
 * Read again on every change of the tally and every few seconds while open.
 */
export function Moderation({ hearingId, editable, version }: { hearingId: string; editable: boolean; version: number }) {
  const { t } = useTranslation('municipal');
  const filterId = useId();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('ALL');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MunicipalProposalsDocument,
    variables: { id: hearingId },
    requestPolicy: 'cache-and-network',
  });
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reexecute({ requestPolicy: 'network-only' });
  }, [version, reexecute]);
  const list = data?.hearingProposals;
  const count = (s: ProposalStatus) => list?.filter((p) => p.status === s).length ?? 0;
  const shown = list?.filter((p) => filter === 'ALL' || p.status === filter) ?? [];
  const needRecommendation = list?.filter((p) => p.status === 'PUBLISHED' && !p.recommendation).length ?? 0;
  return (
    <section className="card" aria-labelledby="moderation-title" id="moderation">
      <h2 id="moderation-title">{t('moderation.title')}</h2>
      {!list && fetching && <Loading />}
      {!list && error && <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {list && (
        <>
          <ul className="counts" aria-live="polite" aria-atomic="true">
            <li>{t('moderation.countPending', { count: count('PENDING') })}</li>
            <li>{t('moderation.countPublished', { count: count('PUBLISHED') })}</li>
            <li>{t('moderation.countRejected', { count: count('REJECTED') })}</li>
            {editable && needRecommendation > 0 && <li>{t('moderation.countNoRecommendation', { count: needRecommendation })}</li>}
          </ul>
          <div className="toolbar">
            <div className="field">
              <label className="field-label" htmlFor={filterId}>
                {t('moderation.filter')}
              </label>
              <select id={filterId} className="muni-select" value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)}>
                {FILTERS.map((f) => (
                  <option key={f} value={f}>
                    {f === 'ALL' ? t('moderation.all') : t(`pstatus.${f}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {shown.length === 0 ? (
            <Empty title={list.length === 0 ? t('moderation.none') : t('moderation.noneFiltered')} />
          ) : (
            <ul className="muni-proposals" aria-label={t('moderation.title')}>
              {shown.map((p) => (
                <ProposalItem key={p.id} p={p} editable={editable} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
