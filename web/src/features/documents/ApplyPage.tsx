import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import {
  ApplicationDocument,
  ApplicationFormDocument,
  ApplicationsDocument,
  AttachApplicationDocumentDocument,
  DuplicatesOfKindDocument,
  SaveApplicationDraftDocument,
  ServiceCentresDocument,
  SubmitApplicationDocument,
  type ApplicationFieldsFragment,
  type ApplicationFormQuery,
} from './applications.generated';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { describeError } from '../../lib/forms/apiError';
import { useRegion } from '../catalog/region';
import { SignedIn, uploadMutation, useServiceName, type UserError } from './common';
import { checkField, fieldsFromSchema, toJsonValue, valuesFromData, type FieldProblem, type SchemaField } from './schemaForm';
import './documents.css';

type Form = NonNullable<ApplicationFormQuery['applicationForm']>;
type Requirement = Form['documents'][number];

const UPLOAD_MUTATION = `mutation AttachApplicationUpload($input: AttachApplicationDocumentInput!) {
  attachApplicationDocument(input: $input) {
    application { id documents { requirement documentId contentType sha256 } }
    userErrors { field code message }
  }
}`;

interface UploadPayload {
  attachApplicationDocument: { application: { id: string } | null; userErrors: UserError[] };
}

/** Where the server's userErrors go: a form field, a document, the branch, or above the form. */
function placeErrors(errors: readonly UserError[]): { fields: Record<string, string>; docs: Record<string, string>; branch?: string; form: string[] } {
  const out: { fields: Record<string, string>; docs: Record<string, string>; branch?: string; form: string[] } = { fields: {}, docs: {}, form: [] };
  for (const e of errors) {
    if (e.field.startsWith('data.')) out.fields[e.field.slice(5)] ??= e.message;
    else if (e.field.startsWith('documents.')) out.docs[e.field.slice(10)] ??= e.message;
    else if (e.field === 'branchCode') out.branch ??= e.message;
    else out.form.push(e.message);
  }
  return out;
}

function newKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function DocumentAttach({
  req,
  draft,
  ensureDraft,
  error,
  onChanged,
}: {
  req: Requirement;
  draft: ApplicationFieldsFragment | null;
  ensureDraft: () => Promise<string | null>;
  error: string | undefined;
  onChanged: (id: string) => void;
}) {
  const { t } = useTranslation('documents');
  const [{ data: dups }] = useQuery({ query: DuplicatesOfKindDocument, requestPolicy: 'cache-and-network' });
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [, attach] = useMutation(AttachApplicationDocumentDocument);
  const attached = draft?.documents.find((d) => d.requirement === req.type);
  const matching = (dups?.documents.edges ?? [])
    .map((e) => e.node)
    .filter((n) => {
      try {
        return (JSON.parse(n.data) as { type?: string }).type === req.type;
      } catch {
        return false;
      }
    });
  const inputId = `doc-${req.type}`;
  const shown = problem ?? error;

  const attachDuplicate = async () => {
    if (!choice) return;
    setBusy(true);
    const id = await ensureDraft();
    if (!id) return setBusy(false);
    const res = await attach({ input: { id, requirement: req.type, documentId: choice } });
    setBusy(false);
    if (res.error) return setProblem(describeError(res.error, t) ?? '');
    const ue = res.data?.attachApplicationDocument.userErrors ?? [];
    setProblem(ue[0]?.message);
    if (ue.length === 0) onChanged(id);
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    const id = await ensureDraft();
    if (!id) return setBusy(false);
    const res = await uploadMutation<UploadPayload>(UPLOAD_MUTATION, { input: { id, requirement: req.type, file: null } }, 'input.file', file);
    setBusy(false);
    if (res.error) return setProblem(res.error === 'NETWORK' ? t('common:errors.NETWORK') : res.error);
    const ue = res.data?.attachApplicationDocument.userErrors ?? [];
    setProblem(ue[0]?.message);
    if (ue.length === 0) onChanged(id);
  };

  return (
    <fieldset className="card" aria-describedby={shown ? `${inputId}-error` : undefined}>
      <legend>
        <strong>{req.title}</strong>
        {req.required && <span className="note"> ({t('apply.documentRequired')})</span>}
      </legend>
      <div role="status" aria-live="polite">
        {attached && (
          <p className="status-line status-ok" data-testid={`attached-${req.type}`}>
            {attached.documentId ? t('apply.attachedDuplicate') : t('apply.attachedFile', { type: attached.contentType ?? '' })}
          </p>
        )}
        {busy && <p>{t('apply.uploading')}</p>}
      </div>
      {matching.length > 0 && (
        <div className="attach-box">
          <label className="field-label" htmlFor={`${inputId}-dup`}>
            {t('apply.useDuplicate')}
          </label>
          <select id={`${inputId}-dup`} className="select" value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
            <option value="">{t('apply.noDuplicate')}</option>
            {matching.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
          </select>
          <Button className="button button-secondary" isDisabled={!choice || busy} onPress={() => void attachDuplicate()}>
            {t('apply.attachDuplicate')}
          </Button>
        </div>
      )}
      <div className="attach-box">
        <label className="field-label" htmlFor={`${inputId}-file`}>
          {t('apply.upload')}: {req.title}
        </label>
        <span className="field-description" id={`${inputId}-hint`}>
          {t('apply.orUpload')}
        </span>
        <input
          id={`${inputId}-file`}
          className="file-input"
          type="file"
          accept="application/pdf,image/jpeg,image/png"
          aria-describedby={`${inputId}-hint`}
          aria-invalid={shown ? true : undefined}
          disabled={busy}
          onChange={(e) => void upload(e.currentTarget.files?.[0])}
        />
      </div>
      {shown && (
        <p id={`${inputId}-error`} className="field-error">
          {shown}
        </p>
      )}
    </fieldset>
  );
}

function Branches({ value, onChange, error }: { value: string; onChange: (v: string) => void; error: string | undefined }) {
  const { t } = useTranslation('documents');
  const [region] = useRegion();
  const [{ data, fetching, error: loadError }] = useQuery({ query: ServiceCentresDocument, variables: { regionCode: region ?? '' }, pause: !region });
  if (!region) {
    return (
      <p>
        {t('apply.branchRegion')} <Link to="/">{t('apps.toCatalog')}</Link>
      </p>
    );
  }
  if (!data && fetching) return <Loading />;
  if (!data && loadError) return <ErrorState error={loadError} />;
  const centres = data?.serviceCentres ?? [];
  if (centres.length === 0) return <Empty title={t('apply.noBranches')} />;
  return (
    <RadioGroup className="radio-group" value={value} onChange={onChange} isInvalid={!!error} aria-label={t('apply.branch')}>
      {centres.map((c) => (
        <Radio key={c.code} value={c.code} className="radio">
          <strong>{c.name}</strong>
          <br />
          {c.address} · {c.hours}
        </Radio>
      ))}
      {error && <span className="field-error">{error}</span>}
    </RadioGroup>
  );
}

function FieldInput({
  f,
  value,
  error,
  onChange,
  onCommit,
}: {
  f: SchemaField;
  value: string;
  error: string | undefined;
  onChange: (v: string) => void;
  onCommit: (v: string) => void;
}) {
  const { t } = useTranslation('documents');
  if (f.kind === 'enum') {
    return (
      <RadioGroup
        className="radio-group field"
        name={f.name}
        value={value}
        isRequired={f.required}
        isInvalid={!!error}
        validationBehavior="aria"
        onChange={(v) => {
          onChange(v);
          onCommit(v);
        }}
        aria-describedby={error ? `err-${f.name}` : undefined}
      >
        <Label className="field-label">{f.title}</Label>
        {f.options.map((o) => (
          <Radio key={o.value} value={o.value} className="radio">
            {o.title ?? t(`apply.enum.${o.value}`, { defaultValue: o.value })}
          </Radio>
        ))}
        {error && (
          <span id={`err-${f.name}`} className="field-error">
            {error}
          </span>
        )}
      </RadioGroup>
    );
  }
  return (
    <TextField
      label={f.title}
      name={f.name}
      type={f.kind === 'date' ? 'date' : 'text'}
      inputMode={f.kind === 'number' ? 'numeric' : undefined}
      isRequired={f.required}
      value={value}
      onChange={(v) => {
        onChange(v);
        if (f.kind === 'date') onCommit(v);
      }}
      onBlur={() => onCommit(value)}
      error={error}
      {...(f.maxLength ? { maxLength: f.maxLength } : {})}
    />
  );
}

function problemText(p: FieldProblem, t: (k: string, o?: Record<string, unknown>) => string): string {
  return 'n' in p ? t(`apply.${p.key}`, { n: p.n }) : t(`apply.${p.key}`);
}

function Apply({ form }: { form: Form }) {
  const { t } = useTranslation('documents');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const draftParam = params.get('draft');
  const fields = useMemo(() => fieldsFromSchema(form.schema), [form.schema]);

  // Resume: the draft in the address, else this service's latest draft.
  const [{ data: list, fetching: listLoading }] = useQuery({ query: ApplicationsDocument, requestPolicy: 'network-only', pause: !!draftParam });
  const found = list?.applications.find((a) => a.status === 'DRAFT' && a.serviceCode === form.serviceCode);
  const draftId = draftParam ?? found?.id ?? null;
  const [{ data: draftData, fetching: draftLoading }, refetchDraft] = useQuery({
    query: ApplicationDocument,
    variables: { id: draftId ?? '' },
    pause: !draftId,
    requestPolicy: 'cache-and-network',
  });
  const draft = draftData?.application?.status === 'DRAFT' ? draftData.application : null;

  const [values, setValues] = useState<Record<string, string>>({});
  const [branch, setBranch] = useState('');
  const [resumed, setResumed] = useState(false);
  const initialised = useRef(false);
  useEffect(() => {
    if (initialised.current || !draft) return;
    initialised.current = true;
    setValues(valuesFromData(draft.data));
    setBranch(draft.branchCode ?? '');
    setResumed(Object.keys(valuesFromData(draft.data)).length > 0 || draft.documents.length > 0);
    if (!draftParam) setParams({ draft: draft.id }, { replace: true });
  }, [draft, draftParam, setParams]);

  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [docErrors, setDocErrors] = useState<Record<string, string>>({});
  const [branchError, setBranchError] = useState<string | undefined>();
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const [saveProblem, setSaveProblem] = useState('');
  const [, saveDraft] = useMutation(SaveApplicationDraftDocument);
  const [{ fetching: submitting }, submit] = useMutation(SubmitApplicationDocument);

  // Saves run one after another: the first creates the draft, the rest use its id.
  const idRef = useRef<string | null>(null);
  useEffect(() => {
    if (draftId && !idRef.current) idRef.current = draftId;
  }, [draftId]);
  const chain = useRef<Promise<string | null>>(Promise.resolve(null));
  const save = useCallback(
    (patch: { fields?: Record<string, unknown>; branchCode?: string }): Promise<string | null> => {
      const run = async (): Promise<string | null> => {
        setSaveState('saving');
        const id = idRef.current;
        const res = await saveDraft({
          input: {
            ...(id ? { id } : { serviceCode: form.serviceCode, applicant: 'SELF' as const }),
            ...(patch.fields ? { fields: JSON.stringify(patch.fields) } : {}),
            ...(patch.branchCode !== undefined ? { branchCode: patch.branchCode } : {}),
          },
        });
        if (res.error) {
          setSaveState('error');
          setSaveProblem(describeError(res.error, t) ?? '');
          return id;
        }
        const p = res.data?.saveApplicationDraft;
        if (p?.userErrors.length) {
          const placed = placeErrors(p.userErrors);
          setFieldErrors((prev) => ({ ...prev, ...placed.fields }));
          if (placed.branch) setBranchError(placed.branch);
          setFormErrors(placed.form);
          setSaveState('error');
          setSaveProblem(p.userErrors[0]!.message);
          return id;
        }
        if (p?.application) {
          if (!idRef.current) {
            idRef.current = p.application.id;
            initialised.current = true;
            setParams({ draft: p.application.id }, { replace: true });
          }
          setSaveState('saved');
        }
        return idRef.current;
      };
      chain.current = chain.current.then(run, run);
      return chain.current;
    },
    [form.serviceCode, saveDraft, setParams, t],
  );
  const ensureDraft = useCallback(() => (idRef.current ? Promise.resolve(idRef.current) : save({})), [save]);

  const commit = (f: SchemaField, raw: string) => {
    const p = checkField(f, raw);
    setFieldErrors((prev) => {
      const next = { ...prev };
      if (p && raw.trim() !== '') next[f.name] = problemText(p, t);
      else delete next[f.name];
      return next;
    });
    if (p && raw.trim() !== '') return; // not saved until it is valid
    const saved = valuesFromData(draft?.data)[f.name] ?? '';
    if (saved === raw.trim() && idRef.current) return;
    void save({ fields: { [f.name]: toJsonValue(f, raw) } });
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    for (const f of fields) {
      const p = checkField(f, values[f.name]);
      if (p) errs[f.name] = problemText(p, t);
    }
    setFieldErrors(errs);
    setFormErrors([]);
    setDocErrors({});
    if (Object.keys(errs).length > 0) {
      setFormErrors([t('apply.fixErrors')]);
      document.getElementsByName(Object.keys(errs)[0]!)[0]?.focus();
      return;
    }
    // Everything the form holds, saved before submitting.
    const all: Record<string, unknown> = {};
    for (const f of fields) all[f.name] = toJsonValue(f, values[f.name] ?? '');
    const id = await save({ fields: all, ...(form.branchChoice ? { branchCode: branch } : {}) });
    if (!id) return;
    const keyName = `uslugi.submit.${id}`;
    let key = sessionStorage.getItem(keyName);
    if (!key) {
      key = newKey();
      sessionStorage.setItem(keyName, key);
    }
    const res = await submit({ input: { draftId: id, idempotencyKey: key } });
    if (res.error) {
      setFormErrors([describeError(res.error, t) ?? '']);
      return;
    }
    const p = res.data?.submitApplication;
    if (p?.application && p.application.status !== 'DRAFT') {
      sessionStorage.removeItem(keyName);
      void navigate(`/documents/applications/${encodeURIComponent(p.application.id)}`);
      return;
    }
    const placed = placeErrors(p?.userErrors ?? []);
    setFieldErrors(placed.fields);
    setDocErrors(placed.docs);
    setBranchError(placed.branch);
    setFormErrors(placed.form.length ? placed.form : [t('apply.fixErrors')]);
  };

  if ((!draftParam && listLoading && !list) || (draftId && draftLoading && !draftData)) return <Loading />;

  return (
    <Form className="form" onSubmit={(e) => void onSubmit(e)} aria-labelledby="page-title" validationBehavior="aria">
      {resumed && <p className="form-info">{t('apply.resumed')}</p>}
      <FormErrorList messages={formErrors} />
      <section className="card" aria-labelledby="apply-fields">
        <h2 id="apply-fields">{t('apply.fields')}</h2>
        {fields.map((f) => (
          <FieldInput
            key={f.name}
            f={f}
            value={values[f.name] ?? ''}
            error={fieldErrors[f.name]}
            onChange={(v) => setValues((prev) => ({ ...prev, [f.name]: v }))}
            onCommit={(v) => commit(f, v)}
          />
        ))}
      </section>
      {form.documents.length > 0 && (
        <section aria-labelledby="apply-docs" className="section">
          <h2 id="apply-docs">{t('apply.documents')}</h2>
          {form.documents.map((req) => (
            <DocumentAttach
              key={req.type}
              req={req}
              draft={draft}
              ensureDraft={ensureDraft}
              error={docErrors[req.type]}
              onChanged={(id) => {
                setDocErrors((prev) => {
                  const next = { ...prev };
                  delete next[req.type];
                  return next;
                });
                if (id !== draftId) setParams({ draft: id }, { replace: true });
                else refetchDraft({ requestPolicy: 'network-only' });
              }}
            />
          ))}
        </section>
      )}
      {form.branchChoice && (
        <section className="card" aria-labelledby="apply-branch">
          <h2 id="apply-branch">{t('apply.branch')}</h2>
          <Branches
            value={branch}
            error={branchError}
            onChange={(v) => {
              setBranch(v);
              setBranchError(undefined);
              void save({ branchCode: v });
            }}
          />
        </section>
      )}
      <p className="draft-status" role="status" aria-live="polite" data-testid="draft-status">
        {saveState === 'saving' && t('apply.saving')}
        {saveState === 'saved' && t('apply.saved')}
        {saveState === 'error' && t('apply.saveFailed', { reason: saveProblem })}
      </p>
      <div className="form-footer">
        <Button type="submit" className="button button-primary" isDisabled={submitting}>
          {submitting ? t('apply.submitting') : t('apply.submit')}
        </Button>
      </div>
    </Form>
  );
}

export default function ApplyPage() {
  const { t } = useTranslation('documents');
  const { serviceCode = '' } = useParams();
  const serviceName = useServiceName();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ApplicationFormDocument, variables: { serviceCode } });
  let body;
  if (!data && fetching) body = <Loading />;
  else if (!data && error) body = <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  else if (!data?.applicationForm)
    body = (
      <Empty title={t('apply.noForm')}>
        <p>{t('apply.noFormHint')}</p>
      </Empty>
    );
  else body = <Apply form={data.applicationForm} />;
  return (
    <div className="page page-narrow">
      <nav className="breadcrumbs" aria-label={t('app.back')}>
        <Link to="/documents/applications">{t('app.back')}</Link>
      </nav>
      <h1 id="page-title">
        {t('apply.title')}: {serviceName(serviceCode)}
      </h1>
      <SignedIn>{body}</SignedIn>
    </div>
  );
}
