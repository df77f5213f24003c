import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import {
  AdminCatalogRefsDocument,
  AdminSaveServiceDocument,
  AdminServiceDocument,
  AdminServiceTextsDocument,
  type AdminCatalogChangeFieldsFragment,
  type AdminCatalogRefsQuery,
  type AdminServiceFieldsFragment,
} from './admin.generated';
import type { AccountTier, Audience, ServiceLevel, ServiceMode } from '../../gql/types';
import { describeError } from '../../lib/forms/apiError';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { CatalogNav } from './CatalogNav';
import { CheckboxGroup, focusFirstError, SelectField, SubmitButton, TextAreaField, useBothLanguages } from './common';
import { ChangeSummary } from './ChangeSummary';
import { normalizeErrors, parseDays, parseRoubles, roublesInput, translationOrEmpty } from './format';
import { AUDIENCES, LEVELS, MODES, TIERS } from './enums';

interface ServiceForm {
  code: string;
  nameRu: string;
  nameEn: string;
  descriptionRu: string;
  descriptionEn: string;
  level: ServiceLevel;
  mode: ServiceMode;
  departmentCode: string;
  categoryCodes: string[];
  audiences: Audience[];
  minTier: AccountTier;
  fee: string;
  processingDays: string;
  regionCodes: string[];
  reason: string;
}

const FIELDS = [
  'code',
  'nameRu',
  'nameEn',
  'descriptionRu',
  'descriptionEn',
  'level',
  'mode',
  'departmentCode',
  'categoryCodes',
  'audiences',
  'minTier',
  'fee',
  'processingDays',
  'regionCodes',
  'reason',
] as const;

const EMPTY: ServiceForm = {
  code: '',
  nameRu: '',
  nameEn: '',
  descriptionRu: '',
  descriptionEn: '',
  level: 'FEDERAL',
  mode: 'APPLY_ONLINE',
  departmentCode: '',
  categoryCodes: [],
  audiences: ['INDIVIDUAL'],
  minTier: 'SIMPLIFIED',
  fee: '0',
  processingDays: '0',
  regionCodes: [],
  reason: '',
};

type Texts = { name: string; description: string } | null | undefined;

function formOf(s: AdminServiceFieldsFragment, ru: Texts, en: Texts): ServiceForm {
  return {
    code: s.code,
    nameRu: ru?.name ?? s.name,
    nameEn: translationOrEmpty(ru?.name, en?.name),
    descriptionRu: ru?.description ?? s.description,
    descriptionEn: translationOrEmpty(ru?.description, en?.description),
    level: s.level,
    mode: s.mode,
    departmentCode: s.department.code,
    categoryCodes: s.categories.map((c) => c.code),
    audiences: [...s.audiences],
    minTier: s.minTier,
    fee: roublesInput(s.fee.kopecks),
    processingDays: String(s.processingDays),
    regionCodes: s.regions.map((r) => r.code),
    reason: '',
  };
}

function Form({ initial, isNew, refs, onSaved }: { initial: ServiceForm; isNew: boolean; refs: AdminCatalogRefsQuery; onSaved: () => void }) {
  const { t } = useTranslation('admin');
  const navigate = useNavigate();
  const [f, setF] = useState<ServiceForm>(initial);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  // null: nothing saved yet; 'unchanged': saved, nothing differed
  const [saved, setSaved] = useState<AdminCatalogChangeFieldsFragment | 'unchanged' | null>(null);
  const [{ fetching }, save] = useMutation(AdminSaveServiceDocument);
  const formRef = useRef<HTMLFormElement>(null);
  const savedRef = useRef<HTMLDivElement>(null);
  const set = <K extends keyof ServiceForm>(k: K) => (v: ServiceForm[K]) => setF((prev) => ({ ...prev, [k]: v }));

  // After a refusal, the keyboard lands on the first field at fault.
  useEffect(() => {
    if (errors === noErrors) return;
    focusFirstError(formRef.current, errors);
  }, [errors]);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSaved(null);
    const fee = parseRoubles(f.fee);
    const days = parseDays(f.processingDays);
    const local: Record<string, string> = {};
    if (fee === null) local.fee = t('service.feeInvalid');
    if (days === null) local.processingDays = t('service.daysInvalid');
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, form: [] });
      return;
    }
    const res = await save({
      input: {
        code: f.code.trim(),
        nameRu: f.nameRu.trim(),
        // null keeps the English text; "" clears it (only when editing)
        nameEn: isNew && !f.nameEn.trim() ? null : f.nameEn.trim(),
        descriptionRu: f.descriptionRu.trim(),
        descriptionEn: isNew && !f.descriptionEn.trim() ? null : f.descriptionEn.trim(),
        level: f.level,
        mode: f.mode,
        departmentCode: f.departmentCode,
        categoryCodes: f.categoryCodes,
        audiences: f.audiences,
        minTier: f.minTier,
        feeKopecks: fee!,
        processingDays: days!,
        regionCodes: f.regionCodes,
        reason: f.reason.trim(),
      },
    });
    if (res.error) {
      setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''].filter(Boolean) });
      return;
    }
    const p = res.data?.saveService;
    if (p && p.userErrors.length === 0) {
      setErrors(noErrors);
      if (isNew && p.change) {
        navigate(`/work/admin/catalog?q=${encodeURIComponent(f.nameRu.trim())}`, { state: { saved: f.code.trim() } });
        return;
      }
      setF((prev) => ({ ...prev, reason: '' }));
      setSaved(p.change ?? 'unchanged');
      onSaved();
      return;
    }
    setErrors(mapUserErrors(normalizeErrors(p?.userErrors, { feeKopecks: 'fee', department: 'departmentCode' }), FIELDS));
  }

  const err = errors.fields;
  const depOptions = [
    { value: '', label: t('service.chooseDepartment') },
    ...refs.departments.map((d) => ({ value: d.code, label: `${d.shortName} (${d.code})` })),
  ];
  return (
    <form ref={formRef} className="form admin-form" onSubmit={submit} noValidate aria-labelledby="page-title">
      <div tabIndex={-1} className="admin-form-errors admin-focus-target">
        <FormErrorList messages={errors.form} />
      </div>
      <div className="form-grid">
        <TextField label={t('service.code')} name="code" value={f.code} onChange={set('code')} error={err.code} isReadOnly={!isNew} description={isNew ? t('service.codeHint') : t('service.codeFixed')} />
        <SelectField label={t('service.level')} name="level" value={f.level} onChange={(v) => set('level')(v as ServiceLevel)} options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} error={err.level} />
        <SelectField label={t('service.mode')} name="mode" value={f.mode} onChange={(v) => set('mode')(v as ServiceMode)} options={MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))} error={err.mode} />
        <TextField label={t('service.nameRu')} name="nameRu" value={f.nameRu} onChange={set('nameRu')} error={err.nameRu} />
        <TextField label={t('service.nameEn')} name="nameEn" value={f.nameEn} onChange={set('nameEn')} error={err.nameEn} description={t('optional')} />
        <SelectField label={t('service.department')} name="departmentCode" value={f.departmentCode} onChange={set('departmentCode')} options={depOptions} error={err.departmentCode} />
      </div>
      <TextAreaField label={t('service.descriptionRu')} name="descriptionRu" value={f.descriptionRu} onChange={set('descriptionRu')} error={err.descriptionRu} />
      <TextAreaField label={t('service.descriptionEn')} name="descriptionEn" value={f.descriptionEn} onChange={set('descriptionEn')} error={err.descriptionEn} description={t('optional')} />
      <div className="form-grid">
        <TextField label={t('service.fee')} name="fee" inputMode="decimal" value={f.fee} onChange={set('fee')} error={err.fee} description={t('service.feeHint')} />
        <TextField label={t('service.days')} name="processingDays" inputMode="numeric" value={f.processingDays} onChange={set('processingDays')} error={err.processingDays} description={t('service.daysHint')} />
        <SelectField label={t('service.minTier')} name="minTier" value={f.minTier} onChange={(v) => set('minTier')(v as AccountTier)} options={TIERS.map((x) => ({ value: x, label: t(`common:tier.${x}`) }))} error={err.minTier} />
      </div>
      <div className="form-grid">
        <CheckboxGroup legend={t('service.audiences')} name="audiences" values={f.audiences} onChange={(v) => set('audiences')(v as Audience[])} options={AUDIENCES.map((a) => ({ value: a, label: t(`audience.${a}`) }))} error={err.audiences} />
        <CheckboxGroup legend={t('service.categories')} name="categoryCodes" values={f.categoryCodes} onChange={set('categoryCodes')} options={refs.categories.map((c) => ({ value: c.code, label: c.name }))} error={err.categoryCodes} scroll />
        <CheckboxGroup
          legend={t('service.regions')}
          name="regionCodes"
          values={f.regionCodes}
          onChange={set('regionCodes')}
          options={refs.regions.map((r) => ({ value: r.code, label: `${r.code} ${r.name}` }))}
          error={err.regionCodes}
          description={f.regionCodes.length === 0 ? t('service.regionsEverywhere') : t('service.regionsChosen', { count: f.regionCodes.length })}
          scroll
        />
      </div>
      <TextField label={t('reason')} name="reason" value={f.reason} onChange={set('reason')} error={err.reason} description={t('reasonHint')} />
      <div ref={savedRef} tabIndex={-1} role="status" className="admin-focus-target">
        {saved === 'unchanged' && <p className="form-info">{t('service.unchanged')}</p>}
        {saved && saved !== 'unchanged' && (
          <div className="form-info">
            <p>{t('service.savedOne')}</p>
            <ChangeSummary change={saved} />
            <Link to={`/work/admin/catalog/changes?entity=SERVICE&code=${encodeURIComponent(saved.code)}`}>{t('service.history')}</Link>
          </div>
        )}
      </div>
      <SubmitButton fetching={fetching}>{isNew ? t('service.create') : t('save')}</SubmitButton>
    </form>
  );
}

/** /work/admin/catalog/services/new and /:id: a service's card for the administrator. */
export default function ServiceEditor() {
  const { t } = useTranslation('admin');
  const { id } = useParams();
  const isNew = !id;
  const [refs, reRefs] = useQuery({ query: AdminCatalogRefsDocument, requestPolicy: 'cache-and-network' });
  const [svc, reSvc] = useQuery({ query: AdminServiceDocument, variables: { id: id ?? '' }, pause: isNew, requestPolicy: 'cache-and-network' });
  const texts = useBothLanguages(AdminServiceTextsDocument, { id: id ?? '' }, isNew);
  const title = isNew ? t('service.newTitle') : (svc.data?.service?.name ?? t('service.editTitle'));

  let body;
  if ((!refs.data && refs.fetching) || (!isNew && ((!svc.data && svc.fetching) || texts.loading))) body = <Loading />;
  else if (!refs.data) body = <ErrorState error={refs.error} onRetry={() => reRefs({ requestPolicy: 'network-only' })} />;
  else if (!isNew && !svc.data) body = <ErrorState error={svc.error} onRetry={() => reSvc({ requestPolicy: 'network-only' })} />;
  else if (!isNew && !svc.data?.service) body = <p role="alert">{t('service.notFound')}</p>;
  else if (texts.error) body = <ErrorState />;
  else {
    const initial = isNew ? EMPTY : formOf(svc.data!.service!, texts.ru?.service, texts.en?.service);
    body = (
      <Form
        key={id ?? 'new'}
        initial={initial}
        isNew={isNew}
        refs={refs.data}
        onSaved={() => reSvc({ requestPolicy: 'network-only' })}
      />
    );
  }
  return (
    <>
      <h1 id="page-title">{title}</h1>
      <CatalogNav />
      <p>
        <Link to="/work/admin/catalog">{t('service.back')}</Link>
      </p>
      {body}
    </>
  );
}
