import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button } from 'react-aria-components';
import {
  MunicipalCreateHearingDocument,
  MunicipalHearingDocument,
  MunicipalUpdateHearingDocument,
  type MunicipalHearingFullFragment,
} from './municipal.generated';
import type { HearingInput, HearingSubject } from '../../gql/types';
import { describeError } from '../../lib/forms/apiError';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { AreaField } from './AreaField';
import { BASE, NativeField, SUBJECTS, WorkNav, placeErrors, useOfficerMunicipalities, type Municipality } from './common';
import { Files } from './Files';
import { fromMoscowInput, splitQuarters, toMoscowInput } from './moscow';

const MAX_FILES = 50;
const MAX_BYTES = 10 * 1024 * 1024;
const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

const FIELDS = [
  'municipality',
  'title',
  'subject',
  'subjectDetail',
  'description',
  'organiser',
  'question',
  'questions',
  'territory',
  'territoryQuarters',
  'opensAt',
  'closesAt',
  'meetingAt',
  'meetingPlace',
  'materials',
] as const;

interface Question {
  key: number;
  text: string;
}

interface Values {
  municipality: string;
  title: string;
  subject: HearingSubject | '';
  subjectDetail: string;
  description: string;
  organiser: string;
  questions: Question[];
  territory: string;
  quarters: string;
  opensAt: string;
  closesAt: string;
  meetingAt: string;
  meetingPlace: string;
}

let nextKey = 1;

function initial(h: MunicipalHearingFullFragment | null, municipalities: Municipality[]): Values {
  if (!h) {
    return {
      municipality: municipalities.length === 1 ? (municipalities[0]?.oktmo ?? '') : '',
      title: '',
      subject: '',
      subjectDetail: '',
      description: '',
      organiser: '',
      questions: [],
      territory: '',
      quarters: '',
      opensAt: '',
      closesAt: '',
      meetingAt: '',
      meetingPlace: '',
    };
  }
  return {
    municipality: h.municipalityOktmo,
    title: h.title,
    subject: h.subject,
    subjectDetail: h.subjectDetail ?? '',
    description: h.description,
    organiser: h.organiser,
    questions: h.questions.filter((q) => q.no > 0).map((q) => ({ key: nextKey++, text: q.text })),
    territory: h.territory,
    quarters: h.territoryQuarters.join('\n'),
    opensAt: toMoscowInput(h.opensAt),
    closesAt: toMoscowInput(h.closesAt),
    meetingAt: toMoscowInput(h.meetingAt),
    meetingPlace: h.meetingPlace ?? '',
  };
}

type Errors = { fields: Record<string, string>; form: string[] };
const none: Errors = { fields: {}, form: [] };

/** The form of a draft hearing: a new one (createHearing) or a draft's changes (updateHearing). */
function Form({ hearing, municipalities, nameOf }: { hearing: MunicipalHearingFullFragment | null; municipalities: Municipality[]; nameOf: (o: string) => string }) {
  const { t } = useTranslation('municipal');
  const navigate = useNavigate();
  const [v, setV] = useState<Values>(() => initial(hearing, municipalities));
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<Errors>(none);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const focusQuestion = useRef<number | null>(null);
  const [created, create] = useMutation(MunicipalCreateHearingDocument);
  const [updated, update] = useMutation(MunicipalUpdateHearingDocument);
  const busy = created.fetching || updated.fetching;
  const set = <K extends keyof Values>(k: K) => (value: Values[K]) => setV((prev) => ({ ...prev, [k]: value }));
  const err = (name: string) => errors.fields[name];

  // After a refused submit, focus goes to the first field in error (or the list above the form).
  useEffect(() => {
    if (attempt === 0) return;
    const form = formRef.current;
    const target = form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('.form-errors');
    if (target) {
      if (!target.matches('input, select, textarea')) target.tabIndex = -1;
      target.focus();
    }
  }, [attempt]);

  // A question just added gets the focus.
  useEffect(() => {
    if (focusQuestion.current === null) return;
    formRef.current?.querySelector<HTMLElement>(`[data-question="${focusQuestion.current}"] textarea`)?.focus();
    focusQuestion.current = null;
  }, [v.questions]);

  function checkFiles(list: File[]): string | undefined {
    if (list.length > MAX_FILES) return t('form.tooManyFiles', { count: MAX_FILES });
    const wrong = list.find((f) => f.type && !FILE_TYPES.includes(f.type));
    if (wrong) return t('form.wrongType', { name: wrong.name });
    const big = list.find((f) => f.size > MAX_BYTES);
    return big ? t('form.tooBig', { name: big.name }) : undefined;
  }

  function refuse(e: Errors) {
    setErrors(e);
    setAttempt((n) => n + 1);
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    // What cannot be sent at all is checked here; the rest is the API's to judge.
    const local: Record<string, string> = {};
    if (!v.municipality) local.municipality = t('form.chooseMunicipality');
    if (!v.subject) local.subject = t('form.chooseSubject');
    const dates: Record<'opensAt' | 'closesAt' | 'meetingAt', string | null> = {
      opensAt: fromMoscowInput(v.opensAt),
      closesAt: fromMoscowInput(v.closesAt),
      meetingAt: fromMoscowInput(v.meetingAt),
    };
    for (const k of ['opensAt', 'closesAt', 'meetingAt'] as const) if (!dates[k]) local[k] = t('form.giveDate');
    const fileError = checkFiles(files);
    if (fileError) local.materials = fileError;
    if (Object.keys(local).length > 0 || !v.subject || !dates.opensAt || !dates.closesAt) {
      refuse({ fields: local, form: [] });
      return;
    }
    const sent = v.questions.filter((q) => q.text.trim() !== '');
    const input: HearingInput = {
      municipalityOktmo: v.municipality,
      title: v.title,
      subject: v.subject,
      subjectDetail: v.subject === 'CHARTER_QUESTION' ? v.subjectDetail : null,
      description: v.description,
      questions: sent.map((q) => q.text),
      territory: v.territory,
      territoryQuarters: splitQuarters(v.quarters),
      organiser: v.organiser,
      opensAt: dates.opensAt,
      closesAt: dates.closesAt,
      meetingAt: dates.meetingAt,
      meetingPlace: v.meetingPlace,
      ...(files.length > 0 ? { materials: files } : {}),
    };
    const res = hearing ? await update({ id: hearing.id, input }) : await create({ input });
    if (res.error) {
      refuse({ fields: {}, form: [describeError(res.error, t) ?? ''].filter(Boolean) });
      return;
    }
    const payload = res.data && ('updateHearing' in res.data ? res.data.updateHearing : 'createHearing' in res.data ? res.data.createHearing : null);
    if (payload?.hearing) {
      setErrors(none);
      void navigate(`${BASE}/${encodeURIComponent(payload.hearing.id)}`, { state: { flash: hearing ? 'saved' : 'created' } });
      return;
    }
    const placed = placeErrors(payload?.userErrors, FIELDS);
    // questions[i] of the list sent → the row it came from
    const fields: Record<string, string> = {};
    for (const [name, msg] of Object.entries(placed.fields)) {
      const m = /^question\.(\d+)$/.exec(name);
      const row = m ? sent[Number(m[1])] : undefined;
      fields[m ? (row ? `question.${row.key}` : 'questions') : name] = msg;
    }
    refuse({ fields, form: placed.form });
  }

  const addQuestion = () => {
    const key = nextKey++;
    focusQuestion.current = key;
    setV((prev) => ({ ...prev, questions: [...prev.questions, { key, text: '' }] }));
  };
  const removeQuestion = (key: number) => {
    setV((prev) => ({ ...prev, questions: prev.questions.filter((q) => q.key !== key) }));
    addRef.current?.focus();
  };

  return (
    <form ref={formRef} className="form muni-form" onSubmit={submit} noValidate aria-labelledby="page-title">
      <FormErrorList messages={errors.form} />

      <fieldset className="muni-fieldset">
        <legend>{t('form.main')}</legend>
        <NativeField label={t('form.municipality')} error={err('municipality')}>
          {(p) => (
            <select {...p} className="muni-select" value={v.municipality} disabled={!!hearing} onChange={(e) => set('municipality')(e.target.value)}>
              {!hearing && <option value="">{t('form.choose')}</option>}
              {hearing && <option value={hearing.municipalityOktmo}>{nameOf(hearing.municipalityOktmo)}</option>}
              {!hearing &&
                municipalities.map((m) => (
                  <option key={m.oktmo} value={m.oktmo}>
                    {m.name} ({m.oktmo})
                  </option>
                ))}
            </select>
          )}
        </NativeField>
        <TextField label={t('form.title')} value={v.title} onChange={set('title')} error={err('title')} description={t('form.titleHint')} isRequired />
        <NativeField label={t('form.subject')} error={err('subject')}>
          {(p) => (
            <select {...p} className="muni-select" value={v.subject} onChange={(e) => set('subject')(e.target.value as HearingSubject | '')} required>
              <option value="">{t('form.choose')}</option>
              {SUBJECTS.map((s) => (
                <option key={s} value={s}>
                  {t(`subject.${s}`)}
                </option>
              ))}
            </select>
          )}
        </NativeField>
        {v.subject === 'CHARTER_QUESTION' && (
          <TextField
            label={t('form.subjectDetail')}
            value={v.subjectDetail}
            onChange={set('subjectDetail')}
            error={err('subjectDetail')}
            description={t('form.subjectDetailHint')}
            isRequired
          />
        )}
        <AreaField label={t('form.description')} value={v.description} onChange={set('description')} error={err('description')} rows={6} isRequired />
        <TextField
          label={t('form.organiser')}
          value={v.organiser}
          onChange={set('organiser')}
          error={err('organiser')}
          description={t('form.organiserHint')}
          isRequired
        />
      </fieldset>

      <fieldset className="muni-fieldset">
        <legend>{t('form.questions')}</legend>
        <p className="field-description">{t('form.questionsHint')}</p>
        {err('questions') && <p className="field-error">{err('questions')}</p>}
        <ol className="muni-questions">
          {v.questions.map((q, i) => (
            <li key={q.key} data-question={q.key}>
              <AreaField
                label={t('form.question', { n: i + 1 })}
                value={q.text}
                rows={2}
                error={err(`question.${q.key}`)}
                onChange={(text) => setV((prev) => ({ ...prev, questions: prev.questions.map((x) => (x.key === q.key ? { ...x, text } : x)) }))}
              />
              <Button className="button button-secondary" onPress={() => removeQuestion(q.key)}>
                {t('form.removeQuestion', { n: i + 1 })}
              </Button>
            </li>
          ))}
        </ol>
        <Button ref={addRef} className="button button-secondary" onPress={addQuestion}>
          {t('form.addQuestion')}
        </Button>
      </fieldset>

      <fieldset className="muni-fieldset">
        <legend>{t('form.territoryTitle')}</legend>
        <AreaField label={t('form.territory')} value={v.territory} onChange={set('territory')} error={err('territory')} rows={2} isRequired />
        <AreaField
          label={t('form.quarters')}
          value={v.quarters}
          onChange={set('quarters')}
          error={err('territoryQuarters')}
          description={t('form.quartersHint')}
          rows={2}
        />
      </fieldset>

      <fieldset className="muni-fieldset">
        <legend>{t('form.datesTitle')}</legend>
        <p className="field-description">{t('form.datesHint')}</p>
        <div className="form-grid">
          {(['opensAt', 'closesAt', 'meetingAt'] as const).map((k) => (
            <NativeField key={k} label={t(`form.${k}`)} error={err(k)}>
              {(p) => <input {...p} type="datetime-local" step={1} className="field-input" value={v[k]} onChange={(e) => set(k)(e.target.value)} required />}
            </NativeField>
          ))}
        </div>
        <TextField label={t('form.meetingPlace')} value={v.meetingPlace} onChange={set('meetingPlace')} error={err('meetingPlace')} isRequired />
      </fieldset>

      <fieldset className="muni-fieldset">
        <legend>{t('form.materials')}</legend>
        {hearing && hearing.materials.length > 0 && (
          <>
            <p>{t('form.currentMaterials')}</p>
            <Files files={hearing.materials} />
          </>
        )}
        <NativeField label={t('form.files')} error={err('materials')} description={hearing ? t('form.filesReplace') : t('form.filesHint')}>
          {(p) => (
            <input
              {...p}
              type="file"
              multiple
              className="muni-file-input"
              accept="application/pdf,image/jpeg,image/png"
              onChange={(e) => {
                const list = Array.from(e.target.files ?? []);
                setFiles(list);
                const fe = checkFiles(list);
                setErrors((prev) => {
                  const fields = { ...prev.fields };
                  if (fe) fields.materials = fe;
                  else delete fields.materials;
                  return { ...prev, fields };
                });
              }}
            />
          )}
        </NativeField>
      </fieldset>

      <div className="button-row">
        <Button type="submit" className="button button-primary" isDisabled={busy}>
          {busy ? t('form.saving') : hearing ? t('form.save') : t('form.create')}
        </Button>
        <Link className="button button-secondary" to={hearing ? `${BASE}/${encodeURIComponent(hearing.id)}` : BASE}>
          {t('form.cancel')}
        </Link>
      </div>
    </form>
  );
}

/** /work/municipal/new and /work/municipal/:id/edit. */
export default function HearingForm() {
  const { t } = useTranslation('municipal');
  const { id } = useParams();
  const munis = useOfficerMunicipalities();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MunicipalHearingDocument,
    variables: { id: id ?? '' },
    pause: !id,
    requestPolicy: 'network-only',
  });
  const title = id ? t('form.editTitle') : t('form.newTitle');
  let body;
  if (munis.fetching || (id && !data && fetching)) body = <Loading />;
  else if (munis.error) body = <ErrorState error={munis.error} onRetry={munis.retry} />;
  else if (id && !data && error) body = <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  else if (id && !data?.hearing) body = <p role="alert">{t('control.notFound')}</p>;
  else if (id && data?.hearing && data.hearing.status !== 'DRAFT') {
    body = (
      <>
        <p role="alert">{t('form.notDraft')}</p>
        <Link to={`${BASE}/${encodeURIComponent(id)}`}>{t('form.toControl')}</Link>
      </>
    );
  } else if (!id && munis.list.length === 0) body = <p role="alert">{t('form.noMunicipality')}</p>;
  else body = <Form key={data?.hearing?.id ?? 'new'} hearing={data?.hearing ?? null} municipalities={munis.list} nameOf={munis.nameOf} />;
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{id && data?.hearing ? `${title}: ${data.hearing.title}` : title}</h1>
      <WorkNav />
      {body}
    </section>
  );
}
