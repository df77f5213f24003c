import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import {
  Button,
  Collection,
  ComboBox,
  Form,
  Header,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  ListBoxSection,
  Popover,
  Text,
} from 'react-aria-components';
import {
  OperatorDuplicateTypesDocument,
  OperatorMakeDuplicateDocument,
  OperatorRecordPaperConsentDocument,
  OperatorRequestConsentDocument,
  type OperatorConsentFragment,
  type OperatorDuplicateTypesQuery,
} from './operator.generated';
import type { Citizen } from './CitizenPage';
import { multipartMutation, type UploadOutcome } from './upload';
import { useConsentStatus, CONSENT_POLL_MS } from './useConsent';
import { describeError } from '../../lib/forms/apiError';
import { formatSeconds } from '../../lib/forms/useCountdown';
import { mapUserErrors, noErrors, type FormErrors, type UserError } from '../../lib/forms/userErrors';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { Icon } from '../../lib/ui/icons';
import type { TFunction } from 'i18next';

type DuplicateType = OperatorDuplicateTypesQuery['duplicateTypes'][number];
type FileRole = DuplicateType['files'][number]['role'];

const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';

/** A top-level error of a multipart request, said in the user's language. */
function uploadError(e: NonNullable<UploadOutcome<unknown>['error']>, t: TFunction): string {
  if (e.code === 'NETWORK') return t('common:errors.NETWORK');
  if (e.code === 'INTERNAL') return t('common:errors.INTERNAL');
  return e.message || t('common:errors.INTERNAL');
}

function formatSize(bytes: number, lang: string): string {
  const ru = !lang.startsWith('en');
  if (bytes < 1024) return `${bytes} ${ru ? 'Б' : 'B'}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} ${ru ? 'КБ' : 'KB'}`;
  return `${(bytes / 1024 / 1024).toFixed(1)} ${ru ? 'МБ' : 'MB'}`;
}

/** A labelled native file input with its chosen file and its error tied to it. */
function FileField({
  label,
  name,
  file,
  onChange,
  error,
  required,
  description,
}: {
  label: string;
  name: string;
  file: File | null;
  onChange: (f: File | null) => void;
  error?: string | undefined;
  required?: boolean;
  description?: string;
}) {
  const { t, i18n } = useTranslation('operator');
  const id = useId();
  const describedBy = [`${id}-d`, error ? `${id}-e` : ''].filter(Boolean).join(' ');
  return (
    <div className="field op-file" data-invalid={error ? true : undefined}>
      <label className="field-label" htmlFor={id}>
        {label}
        {required && <span className="note"> ({t('dup.fileRequired')})</span>}
      </label>
      <input
        id={id}
        name={name}
        type="file"
        accept={ACCEPT}
        className="field-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.files?.[0] ?? null)}
      />
      <span className="field-description" id={`${id}-d`}>
        {file ? t('dup.fileChosen', { name: file.name, size: formatSize(file.size, i18n.language) }) : (description ?? t('dup.fileHint'))}
      </span>
      {error && (
        <span className="field-error" id={`${id}-e`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** The 19 kinds of documents in a searchable list, grouped by category. */
function TypePicker({
  types,
  value,
  onChange,
  isDisabled,
  error,
}: {
  types: DuplicateType[];
  value: string | null;
  onChange: (code: string | null) => void;
  isDisabled: boolean;
  error?: string | undefined;
}) {
  const { t } = useTranslation('operator');
  const sections = useMemo(() => {
    const by = new Map<string, DuplicateType[]>();
    for (const ty of types) by.set(ty.category, [...(by.get(ty.category) ?? []), ty]);
    return [...by].map(([name, items]) => ({ id: name, name, items }));
  }, [types]);
  return (
    <ComboBox
      className="field op-type"
      defaultItems={sections}
      selectedKey={value}
      onSelectionChange={(k) => onChange(k == null ? null : String(k))}
      isDisabled={isDisabled}
      isInvalid={!!error}
      name="documentType"
    >
      <Label className="field-label">{t('dup.type')}</Label>
      <div className="combobox">
        <Icon name="search" size={20} />
        <Input className="field-input" placeholder={t('dup.typePlaceholder')} />
        <Button className="combobox-button">
          <Icon name="chevron" size={20} />
        </Button>
      </div>
      <Text slot="description" className="field-description">
        {t('dup.typeHint', { count: types.length })}
      </Text>
      {error && (
        <Text slot="errorMessage" className="field-error">
          {error}
        </Text>
      )}
      <Popover className="popover combobox-popover op-type-popover">
        <ListBox className="listbox" renderEmptyState={() => <p className="listbox-empty">{t('dup.noTypes')}</p>}>
          {(section: (typeof sections)[number]) => (
            <ListBoxSection id={section.id} className="listbox-section">
              <Header className="listbox-header">{section.name}</Header>
              <Collection items={section.items}>
                {(item: DuplicateType) => (
                  <ListBoxItem className="listbox-item" id={item.code} textValue={item.name}>
                    {item.name}
                  </ListBoxItem>
                )}
              </Collection>
            </ListBoxSection>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}

/** The consent: ask it in the app or on paper, follow it, record the paper's scan. */
function ConsentStep({
  citizen,
  type,
  consent,
  setConsent,
  paper,
  setPaper,
  error,
}: {
  citizen: Citizen;
  type: DuplicateType;
  consent: OperatorConsentFragment | null;
  setConsent: (c: OperatorConsentFragment | null) => void;
  paper: boolean;
  setPaper: (p: boolean) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation('operator');
  const [{ fetching: asking }, request] = useMutation(OperatorRequestConsentDocument);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [scan, setScan] = useState<File | null>(null);
  const [saving, setSaving] = useState(false);
  const { status, secondsLeft } = useConsentStatus(consent, setConsent);
  const scanRef = useRef<HTMLDivElement>(null);
  // Mounted afresh for each consent (see the key below): a paper consent's scan field takes focus.
  useEffect(() => {
    if (paper && consent?.status === 'PENDING') scanRef.current?.querySelector('input')?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const ask = async (onPaper: boolean) => {
    setPaper(onPaper);
    const r = await request({ accountId: citizen.accountId, documentType: type.code });
    if (r.error) return setErrors({ fields: {}, form: [describeError(r.error, t) ?? ''] });
    const p = r.data?.requestDuplicateConsent;
    if (p?.consent) {
      setErrors(noErrors);
      setConsent(p.consent);
      return;
    }
    setErrors(mapUserErrors(p?.userErrors, []));
  };

  const record = async (e: FormEvent) => {
    e.preventDefault();
    if (!consent) return;
    if (!scan) return setErrors({ fields: { scan: t('dup.fileMissing') }, form: [] });
    setSaving(true);
    const r = await multipartMutation(OperatorRecordPaperConsentDocument, { id: consent.id, scan });
    setSaving(false);
    if (r.error) return setErrors({ fields: {}, form: [uploadError(r.error, t)] });
    const p = r.data?.recordPaperConsent;
    if (p?.consent) {
      setErrors(noErrors);
      setConsent(p.consent);
      return;
    }
    setErrors(mapUserErrors(p?.userErrors, ['scan'], { file: 'scan' }));
  };

  const open = status === 'PENDING';
  return (
    <section className="op-step" aria-labelledby="consent-title">
      <h3 id="consent-title">{t('dup.stepConsent')}</h3>
      <FormErrorList messages={[...errors.form, ...(error ? [error] : [])]} />
      {(!consent || status === 'EXPIRED' || status === 'REFUSED') && (
        <>
          {consent && <p>{t(status === 'REFUSED' ? 'dup.refusedHint' : 'dup.expiredHint')}</p>}
          <div className="button-row">
            <Button className="button button-primary" isDisabled={asking} onPress={() => void ask(false)}>
              {consent ? t('dup.askAgain') : t('dup.askApp')}
            </Button>
            <Button className="button button-secondary" isDisabled={asking} onPress={() => void ask(true)}>
              {t('dup.askPaper')}
            </Button>
          </div>
        </>
      )}
      {asking && <Loading label={t('dup.asking')} />}
      <div role="status" aria-live="polite" className="op-consent-status">
        {consent && status && (
          <p>
            <span className="op-label">{t('dup.statusLabel')}: </span>
            <strong data-testid="consent-status" data-status={status} className={status === 'ACCEPTED' ? 'status-ok' : undefined}>
              {t(`dup.status.${status}`)}
            </strong>
            {status === 'ACCEPTED' && consent.paper && <> · {t('dup.paperDone')}</>}
          </p>
        )}
      </div>
      {open && (
        <>
          <p className="op-countdown">
            <span role="timer" data-testid="consent-countdown">
              {t('dup.countdown', { time: formatSeconds(secondsLeft) })}
            </span>
          </p>
          <p className="note">{t('dup.pendingHint', { seconds: CONSENT_POLL_MS / 1000 })}</p>
          <Form className="form op-paper" onSubmit={(e) => void record(e)} aria-label={t('dup.paperSubmit')}>
            <p>{t('dup.paperHow')}</p>
            <div ref={scanRef}>
              <FileField
                label={t('dup.paperScan')}
                name="scan"
                file={scan}
                onChange={(f) => {
                  setScan(f);
                  setErrors(noErrors);
                }}
                error={errors.fields.scan}
                required
              />
            </div>
            <Button type="submit" className={`button ${paper ? 'button-primary' : 'button-secondary'}`} isDisabled={saving}>
              {saving ? t('dup.paperSaving') : t('dup.paperSubmit')}
            </Button>
          </Form>
        </>
      )}
    </section>
  );
}

/** The type's fields and scans, then the duplicate made and signed on the server. */
function DetailsStep({
  type,
  consent,
  onMade,
  onConsentError,
}: {
  type: DuplicateType;
  consent: OperatorConsentFragment;
  onMade: (documentId: string) => void;
  onConsentError: (message: string) => void;
}) {
  const { t } = useTranslation('operator');
  const [values, setValues] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<Partial<Record<FileRole, File>>>({});
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [progress, setProgress] = useState<number | null>(null);
  const fieldNames = type.fields.map((f) => f.name);
  const fileKey = (role: string) => `file:${role}`;
  const fileKeys = type.files.map((f) => fileKey(f.role));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    for (const f of type.fields) if (f.required && !values[f.name]?.trim()) local[f.name] = t('dup.required');
    for (const f of type.files) if (f.required && !files[f.role]) local[fileKey(f.role)] = t('dup.fileMissing');
    if (Object.keys(local).length) return setErrors({ fields: local, form: [] });
    setErrors(noErrors);
    setProgress(0);
    const chosen = type.files.filter((f) => files[f.role]).map((f) => ({ role: f.role, file: files[f.role]! }));
    const r = await multipartMutation(
      OperatorMakeDuplicateDocument,
      { input: { consentId: consent.id, fields: JSON.stringify(values), files: chosen } },
      setProgress,
    );
    setProgress(null);
    if (r.error) return setErrors({ fields: {}, form: [uploadError(r.error, t)] });
    const p = r.data?.makeDuplicate;
    if (p?.documentId) return onMade(p.documentId);
    const ues: UserError[] = p?.userErrors ?? [];
    const consentErr = ues.find((u) => u.field === 'consentId');
    if (consentErr) onConsentError(consentErr.message);
    // "files.main" → the MAIN file; "files" (missing, twice, unknown) → above the scans.
    const aliases: Record<string, string> = {};
    for (const f of type.files) aliases[`files.${f.role.toLowerCase()}`] = fileKey(f.role);
    const mapped = mapUserErrors(
      ues.filter((u) => u.field !== 'consentId'),
      [...fieldNames, ...fileKeys, 'files'],
      aliases,
    );
    setErrors(mapped);
  };

  const uploading = progress !== null;
  const percent = Math.round((progress ?? 0) * 100);
  return (
    <Form className="form op-details" onSubmit={(e) => void submit(e)} aria-labelledby="fields-title">
      <section className="op-step" aria-labelledby="fields-title">
        <h3 id="fields-title">{t('dup.stepFields')}</h3>
        <FormErrorList messages={errors.form} />
        <div className="form-grid">
          {type.fields.map((f) => (
            <TextField
              key={f.name}
              label={f.label}
              name={f.name}
              type={f.kind === 'DATE' ? 'date' : 'text'}
              isRequired={f.required}
              autoComplete="off"
              value={values[f.name] ?? ''}
              onChange={(v) => setValues((cur) => ({ ...cur, [f.name]: v }))}
              error={errors.fields[f.name]}
            />
          ))}
        </div>
      </section>
      <section className="op-step" aria-labelledby="files-title">
        <h3 id="files-title">{t('dup.stepFiles')}</h3>
        {errors.fields.files && (
          <p className="field-error" role="alert">
            {errors.fields.files}
          </p>
        )}
        <div className="form-grid">
          {type.files.map((f) => (
            <FileField
              key={f.role}
              label={f.label}
              name={`file-${f.role}`}
              file={files[f.role] ?? null}
              onChange={(file) => setFiles((cur) => ({ ...cur, [f.role]: file ?? undefined }))}
              error={errors.fields[fileKey(f.role)]}
              required={f.required}
            />
          ))}
        </div>
      </section>
      <div role="status" aria-live="polite">
        {uploading && (
          <div className="op-progress" data-testid="upload-progress">
            <progress max={100} value={percent} aria-label={t('dup.progress')} />
            <span>{percent < 100 ? t('dup.uploading', { percent }) : t('dup.making')}</span>
          </div>
        )}
      </div>
      <Button type="submit" className="button button-primary" isDisabled={uploading}>
        {uploading ? t('dup.making') : t('dup.make')}
      </Button>
    </Form>
  );
}

/**
 * An electronic duplicate of the citizen's paper document: the kind, his
 * consent (in the app, or signed on paper and scanned), the details and the
 * scans; the server stores, signs and delivers it.
 */
export function DuplicateSection({ citizen }: { citizen: Citizen }) {
  const { t } = useTranslation('operator');
  const [types, refetchTypes] = useQuery({ query: OperatorDuplicateTypesDocument });
  const [code, setCode] = useState<string | null>(null);
  const [consent, setConsent] = useState<OperatorConsentFragment | null>(null);
  const [paper, setPaper] = useState(false);
  const [consentError, setConsentError] = useState<string | undefined>();
  const [made, setMade] = useState<string | null>(null);
  const type = types.data?.duplicateTypes.find((x) => x.code === code) ?? null;

  const reset = () => {
    setCode(null);
    setConsent(null);
    setPaper(false);
    setConsentError(undefined);
    setMade(null);
  };

  return (
    <section className="card op-duplicate" aria-labelledby="dup-title">
      <h2 id="dup-title">{t('dup.title')}</h2>
      <p>{t('dup.how')}</p>
      {types.fetching && !types.data ? (
        <Loading />
      ) : types.error && !types.data ? (
        <ErrorState error={types.error} onRetry={() => refetchTypes({ requestPolicy: 'network-only' })} />
      ) : made ? (
        <div className="op-success" role="status" data-testid="duplicate-made">
          <p>{t('dup.made')}</p>
          <dl className="facts">
            <div>
              <dt>{t('dup.documentId')}</dt>
              <dd data-testid="duplicate-id">{made}</dd>
            </div>
          </dl>
          <div className="button-row">
            <Link className="button button-secondary" to="/work/operator/duplicates">
              {t('dup.toList')}
            </Link>
            <Button className="button button-secondary" onPress={reset}>
              {t('dup.another')}
            </Button>
          </div>
        </div>
      ) : (
        <>
          <TypePicker
            types={types.data?.duplicateTypes ?? []}
            value={code}
            onChange={(c) => {
              setCode(c);
              setConsentError(undefined);
            }}
            isDisabled={!!consent}
          />
          {consent && (
            <Button className="button-link" onPress={reset}>
              {t('dup.startOver')}
            </Button>
          )}
          {type && (
            <ConsentStep
              // A new consent starts its countdown (and the step) afresh.
              key={consent?.id ?? 'none'}
              citizen={citizen}
              type={type}
              consent={consent}
              setConsent={(c) => {
                setConsent(c);
                setConsentError(undefined);
              }}
              paper={paper}
              setPaper={setPaper}
              error={consentError}
            />
          )}
          {type && consent?.status === 'ACCEPTED' && (
            <>
              <p className="op-accepted">
                {t('dup.accepted', { how: consent.paper ? t('dup.acceptedPaper') : t('dup.acceptedApp') })}
              </p>
              <DetailsStep type={type} consent={consent} onMade={setMade} onConsentError={setConsentError} />
            </>
          )}
          {type && consent && consent.status === 'PENDING' && <p className="note">{t('dup.waitConsent')}</p>}
        </>
      )}
    </section>
  );
}
