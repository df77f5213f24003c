import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Button } from 'react-aria-components';
import {
  MunicipalAnnounceHearingDocument,
  MunicipalCloseHearingEarlyDocument,
  MunicipalPublishResultsDocument,
  MunicipalRescheduleHearingDocument,
  type MunicipalHearingFullFragment,
} from './municipal.generated';
import { describeError } from '../../lib/forms/apiError';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { AreaField } from './AreaField';
import { BASE, NativeField, placeErrors } from './common';
import { fromMoscowInput, toMoscowInput } from './moscow';

type H = MunicipalHearingFullFragment;
type Errors = { fields: Record<string, string>; form: string[] };
const none: Errors = { fields: {}, form: [] };

/** A draft: edit it, or announce it (the API wants materials and a start still ahead). */
export function Announce({ hearing, onDone }: { hearing: H; onDone: (msg: string) => void }) {
  const { t } = useTranslation('municipal');
  const [{ fetching }, announce] = useMutation(MunicipalAnnounceHearingDocument);
  const [errors, setErrors] = useState<string[]>([]);
  return (
    <section className="card" aria-labelledby="announce-title">
      <h2 id="announce-title">{t('announce.title')}</h2>
      <p>{t('announce.hint')}</p>
      <FormErrorList messages={errors} />
      <div className="button-row">
        <Button
          className="button button-primary"
          isDisabled={fetching}
          onPress={async () => {
            const res = await announce({ id: hearing.id });
            if (res.error) return setErrors([describeError(res.error, t) ?? '']);
            const p = res.data?.announceHearing;
            if (p?.hearing) {
              setErrors([]);
              onDone(t('announce.done'));
            } else setErrors((p?.userErrors ?? []).map((e) => e.message));
          }}
        >
          {fetching ? t('sending') : t('announce.button')}
        </Button>
        <Link className="button button-secondary" to={`${BASE}/${encodeURIComponent(hearing.id)}/edit`}>
          {t('announce.edit')}
        </Link>
      </div>
    </section>
  );
}

/**
 * Moves the dates of an announced or open hearing, only forward, with a
 * notice published to the residents. A date already passed stays as it was
 * (its field is locked); an unchanged field is sent exactly as it was.
 */
export function Reschedule({ hearing: h, now, onDone }: { hearing: H; now: number; onDone: (msg: string) => void }) {
  const { t } = useTranslation('municipal');
  const init = { opensAt: toMoscowInput(h.opensAt), closesAt: toMoscowInput(h.closesAt), meetingAt: toMoscowInput(h.meetingAt) };
  const [dates, setDates] = useState(init);
  const [place, setPlace] = useState(h.meetingPlace ?? '');
  const [notice, setNotice] = useState('');
  const [errors, setErrors] = useState<Errors>(none);
  const [{ fetching }, reschedule] = useMutation(MunicipalRescheduleHearingDocument);
  const original = { opensAt: h.opensAt, closesAt: h.closesAt, meetingAt: h.meetingAt ?? '' };
  const passed = (k: keyof typeof init) => !!original[k] && Date.parse(original[k]) <= now;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    const out: Record<string, string> = {};
    for (const k of ['opensAt', 'closesAt', 'meetingAt'] as const) {
      const v = dates[k] === init[k] ? original[k] : fromMoscowInput(dates[k]);
      if (!v) local[k] = t('form.giveDate');
      else out[k] = v;
    }
    if (!notice.trim()) local.notice = t('reschedule.giveNotice');
    if (Object.keys(local).length > 0) return setErrors({ fields: local, form: [] });
    const res = await reschedule({
      id: h.id,
      opensAt: out.opensAt ?? '',
      closesAt: out.closesAt ?? '',
      meetingAt: out.meetingAt ?? '',
      meetingPlace: place,
      notice,
    });
    if (res.error) return setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
    const p = res.data?.rescheduleHearing;
    if (p?.hearing) {
      setErrors(none);
      setNotice('');
      onDone(t('reschedule.done'));
      return;
    }
    setErrors(placeErrors(p?.userErrors, ['opensAt', 'closesAt', 'meetingAt', 'meetingPlace', 'notice']));
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="reschedule-title">
      <h2 id="reschedule-title">{t('reschedule.title')}</h2>
      <p className="field-description">{t('reschedule.hint')}</p>
      <FormErrorList messages={errors.form} />
      <div className="form-grid">
        {(['opensAt', 'closesAt', 'meetingAt'] as const).map((k) => (
          <NativeField key={k} label={t(`form.${k}`)} error={errors.fields[k]} description={passed(k) ? t('reschedule.passed') : undefined}>
            {(p) => (
              <input
                {...p}
                type="datetime-local"
                step={1}
                className="field-input"
                value={dates[k]}
                disabled={passed(k)}
                onChange={(e) => setDates((prev) => ({ ...prev, [k]: e.target.value }))}
              />
            )}
          </NativeField>
        ))}
      </div>
      <TextField label={t('form.meetingPlace')} value={place} onChange={setPlace} error={errors.fields.meetingPlace} />
      <AreaField
        label={t('reschedule.notice')}
        description={t('reschedule.noticeHint')}
        value={notice}
        onChange={setNotice}
        error={errors.fields.notice}
        rows={3}
        isRequired
      />
      <Button type="submit" className="button button-secondary" isDisabled={fetching}>
        {fetching ? t('sending') : t('reschedule.button')}
      </Button>
    </form>
  );
}

/** Closes an open hearing before its time, with the reason published. */
export function CloseEarly({ hearing, onDone }: { hearing: H; onDone: (msg: string) => void }) {
  const { t } = useTranslation('municipal');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>(none);
  const [{ fetching }, close] = useMutation(MunicipalCloseHearingEarlyDocument);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return setErrors({ fields: { reason: t('close.giveReason') }, form: [] });
    const res = await close({ id: hearing.id, reason });
    if (res.error) return setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
    const p = res.data?.closeHearingEarly;
    if (p?.hearing) {
      setErrors(none);
      onDone(t('close.done'));
      return;
    }
    setErrors(placeErrors(p?.userErrors, ['reason']));
  }
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="close-title">
      <h2 id="close-title">{t('close.title')}</h2>
      <p className="field-description">{t('close.hint')}</p>
      <FormErrorList messages={errors.form} />
      <AreaField label={t('close.reason')} value={reason} onChange={setReason} error={errors.fields.reason} rows={3} isRequired />
      <Button type="submit" className="button button-secondary muni-danger" isDisabled={fetching}>
        {fetching ? t('sending') : t('close.button')}
      </Button>
    </form>
  );
}

/** After closing: the conclusion; the API signs the protocol and publishes both. */
export function PublishResults({ hearing, onDone }: { hearing: H; onDone: (msg: string) => void }) {
  const { t } = useTranslation('municipal');
  const [conclusion, setConclusion] = useState('');
  const [errors, setErrors] = useState<Errors>(none);
  const [{ fetching }, publish] = useMutation(MunicipalPublishResultsDocument);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!conclusion.trim()) return setErrors({ fields: { conclusion: t('publish.giveConclusion') }, form: [] });
    const res = await publish({ id: hearing.id, conclusion });
    if (res.error) return setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
    const p = res.data?.publishHearingResults;
    if (p?.hearing) {
      setErrors(none);
      onDone(t('publish.done'));
      return;
    }
    setErrors(placeErrors(p?.userErrors, ['conclusion']));
  }
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="publish-title">
      <h2 id="publish-title">{t('publish.title')}</h2>
      <p className="field-description">{t('publish.hint')}</p>
      <FormErrorList messages={errors.form} />
      <AreaField label={t('publish.conclusion')} value={conclusion} onChange={setConclusion} error={errors.fields.conclusion} rows={6} isRequired />
      <Button type="submit" className="button button-primary" isDisabled={fetching}>
        {fetching ? t('sending') : t('publish.button')}
      </Button>
    </form>
  );
}
