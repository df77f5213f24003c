import { useEffect, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import {
  AdminCatalogRefsDocument,
  AdminSaveCategoryDocument,
  AdminSaveDepartmentDocument,
  AdminSaveRegionDocument,
  type AdminCatalogChangeFieldsFragment,
  type AdminCatalogRefsQuery,
} from './admin.generated';
import type { Audience, ServiceLevel } from '../../gql/types';
import { describeError } from '../../lib/forms/apiError';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { CatalogNav } from './CatalogNav';
import { ChangeSummary } from './ChangeSummary';
import { CheckboxGroup, focusFirstError, SelectField, SubmitButton, useBothLanguages, TableWrap } from './common';
import { AUDIENCES, LEVELS, type Entity } from './enums';
import { normalizeErrors, translationOrEmpty } from './format';

type Kind = Exclude<Entity, 'SERVICE'>;

interface RefForm {
  code: string;
  nameRu: string;
  nameEn: string;
  shortNameRu: string;
  shortNameEn: string;
  level: ServiceLevel;
  parentCode: string;
  audiences: Audience[];
  reason: string;
}

const FIELDS = ['code', 'nameRu', 'nameEn', 'shortNameRu', 'shortNameEn', 'level', 'parentCode', 'audiences', 'reason'];

const KEY: Record<Kind, 'departments' | 'categories' | 'regions'> = {
  DEPARTMENT: 'departments',
  CATEGORY: 'categories',
  REGION: 'regions',
};

function emptyForm(): RefForm {
  return { code: '', nameRu: '', nameEn: '', shortNameRu: '', shortNameEn: '', level: 'FEDERAL', parentCode: '', audiences: ['INDIVIDUAL'], reason: '' };
}

/** The item's form values from both languages' lists. */
function formOf(kind: Kind, code: string, ru: AdminCatalogRefsQuery, en: AdminCatalogRefsQuery): RefForm | null {
  const f = emptyForm();
  f.code = code;
  if (kind === 'DEPARTMENT') {
    const r = ru.departments.find((d) => d.code === code);
    const e = en.departments.find((d) => d.code === code);
    if (!r) return null;
    return {
      ...f,
      nameRu: r.name,
      nameEn: translationOrEmpty(r.name, e?.name),
      shortNameRu: r.shortName,
      shortNameEn: translationOrEmpty(r.shortName, e?.shortName),
      level: r.level,
      parentCode: r.parent?.code ?? '',
    };
  }
  const list = kind === 'CATEGORY' ? ru.categories : ru.regions;
  const listEn = kind === 'CATEGORY' ? en.categories : en.regions;
  const r = list.find((x) => x.code === code);
  if (!r) return null;
  const e = listEn.find((x) => x.code === code);
  const audiences = kind === 'CATEGORY' ? [...ru.categories.find((x) => x.code === code)!.audiences] : f.audiences;
  return { ...f, nameRu: r.name, nameEn: translationOrEmpty(r.name, e?.name), audiences };
}

function RefEditor({
  kind,
  initial,
  isNew,
  refs,
  onSaved,
  onCancel,
}: {
  kind: Kind;
  initial: RefForm;
  isNew: boolean;
  refs: AdminCatalogRefsQuery;
  /** The change recorded, or the code when nothing differed. */
  onSaved: (change: AdminCatalogChangeFieldsFragment | string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  const [f, setF] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const formRef = useRef<HTMLFormElement>(null);
  const [dep, saveDepartment] = useMutation(AdminSaveDepartmentDocument);
  const [cat, saveCategory] = useMutation(AdminSaveCategoryDocument);
  const [reg, saveRegion] = useMutation(AdminSaveRegionDocument);
  const fetching = dep.fetching || cat.fetching || reg.fetching;
  const set = <K extends keyof RefForm>(k: K) => (v: RefForm[K]) => setF((prev) => ({ ...prev, [k]: v }));
  useEffect(() => {
    if (errors !== noErrors) focusFirstError(formRef.current, errors);
  }, [errors]);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input:not([readonly])')?.focus();
  }, []);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    // null keeps an English text; "" clears it (only when editing)
    const en = (v: string) => (isNew && !v.trim() ? null : v.trim());
    const base = { code: f.code.trim(), nameRu: f.nameRu.trim(), nameEn: en(f.nameEn), reason: f.reason.trim() };
    const res =
      kind === 'DEPARTMENT'
        ? await saveDepartment({
            input: {
              ...base,
              shortNameRu: f.shortNameRu.trim(),
              shortNameEn: en(f.shortNameEn),
              level: f.level,
              parentCode: f.parentCode || null,
            },
          })
        : kind === 'CATEGORY'
          ? await saveCategory({ input: { ...base, audiences: f.audiences } })
          : await saveRegion({ input: base });
    if (res.error) {
      setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''].filter(Boolean) });
      return;
    }
    const data = res.data as Record<string, { change: AdminCatalogChangeFieldsFragment | null; userErrors: { field: string; code: string; message: string }[] }> | undefined;
    const p = data && Object.values(data)[0];
    if (p && p.userErrors.length === 0) {
      onSaved(p.change ?? initial.code);
      return;
    }
    setErrors(mapUserErrors(normalizeErrors(p?.userErrors, { parent: 'parentCode' }), FIELDS));
  }

  const err = errors.fields;
  return (
    <form ref={formRef} className="form admin-form card" onSubmit={submit} noValidate aria-labelledby="ref-form-title">
      <h2 id="ref-form-title">{isNew ? t(`refs.new.${kind}`) : t('refs.edit', { code: initial.code })}</h2>
      <div tabIndex={-1} className="admin-form-errors admin-focus-target">
        <FormErrorList messages={errors.form} />
      </div>
      <div className="form-grid">
        <TextField label={t('service.code')} name="code" value={f.code} onChange={set('code')} error={err.code} isReadOnly={!isNew} description={kind === 'REGION' ? t('refs.regionCodeHint') : undefined} />
        <TextField label={t('refs.nameRu')} name="nameRu" value={f.nameRu} onChange={set('nameRu')} error={err.nameRu} />
        <TextField label={t('refs.nameEn')} name="nameEn" value={f.nameEn} onChange={set('nameEn')} error={err.nameEn} description={t('optional')} />
        {kind === 'DEPARTMENT' && (
          <>
            <TextField label={t('refs.shortNameRu')} name="shortNameRu" value={f.shortNameRu} onChange={set('shortNameRu')} error={err.shortNameRu} />
            <TextField label={t('refs.shortNameEn')} name="shortNameEn" value={f.shortNameEn} onChange={set('shortNameEn')} error={err.shortNameEn} description={t('optional')} />
            <SelectField label={t('service.level')} name="level" value={f.level} onChange={(v) => set('level')(v as ServiceLevel)} options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} error={err.level} />
            <SelectField
              label={t('refs.parent')}
              name="parentCode"
              value={f.parentCode}
              onChange={set('parentCode')}
              options={[
                { value: '', label: t('refs.noParent') },
                ...refs.departments.filter((d) => d.code !== f.code).map((d) => ({ value: d.code, label: `${d.shortName} (${d.code})` })),
              ]}
              error={err.parentCode}
            />
          </>
        )}
        {kind === 'CATEGORY' && (
          <CheckboxGroup legend={t('service.audiences')} name="audiences" values={f.audiences} onChange={(v) => set('audiences')(v as Audience[])} options={AUDIENCES.map((a) => ({ value: a, label: t(`audience.${a}`) }))} error={err.audiences} />
        )}
      </div>
      <TextField label={t('reason')} name="reason" value={f.reason} onChange={set('reason')} error={err.reason} description={t('reasonHint')} />
      <SubmitButton fetching={fetching}>{isNew ? t('create') : t('save')}</SubmitButton>
      <button type="button" className="button button-secondary" onClick={onCancel}>
        {t('cancel')}
      </button>
    </form>
  );
}

/** /work/admin/catalog/departments, categories, regions: a list and its form. */
export default function CatalogRefs({ kind }: { kind: Kind }) {
  const { t } = useTranslation('admin');
  const [params, setParams] = useSearchParams();
  const editing = params.get('edit');
  const [version, setVersion] = useState(0);
  const [saved, setSaved] = useState<AdminCatalogChangeFieldsFragment | string | null>(null);
  const [filter, setFilter] = useState('');
  const savedRef = useRef<HTMLDivElement>(null);
  const filterId = useId();
  const [refs, reRefs] = useQuery({ query: AdminCatalogRefsDocument, requestPolicy: 'cache-and-network' });
  const both = useBothLanguages(AdminCatalogRefsDocument, {}, !editing || editing === 'new', version);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  const list = refs.data?.[KEY[kind]] ?? [];
  const q = filter.trim().toLowerCase();
  const shown = q ? list.filter((x) => x.code.toLowerCase().includes(q) || x.name.toLowerCase().includes(q)) : list;

  let form = null;
  if (editing && refs.data) {
    if (editing === 'new') {
      form = <RefEditor key="new" kind={kind} initial={emptyForm()} isNew refs={refs.data} onSaved={done} onCancel={() => setParams({})} />;
    } else if (both.loading) form = <Loading />;
    else if (both.error || !both.ru || !both.en) form = <ErrorState />;
    else {
      const initial = formOf(kind, editing, both.ru, both.en);
      form = initial ? (
        <RefEditor key={editing} kind={kind} initial={initial} isNew={false} refs={refs.data} onSaved={done} onCancel={() => setParams({})} />
      ) : (
        <p role="alert">{t('refs.notFound', { code: editing })}</p>
      );
    }
  }

  function done(change: AdminCatalogChangeFieldsFragment | string) {
    setSaved(change);
    setParams({});
    setVersion((v) => v + 1);
    reRefs({ requestPolicy: 'network-only' });
  }

  return (
    <>
      <h1 id="page-title">{t(`refs.title.${kind}`)}</h1>
      <CatalogNav />
      <div ref={savedRef} tabIndex={-1} role="status" className="admin-focus-target">
        {typeof saved === 'string' && <p className="form-info">{t('refs.unchanged')}</p>}
        {saved && typeof saved !== 'string' && (
          <div className="form-info">
            <p>{t('refs.saved', { code: saved.code })}</p>
            <ChangeSummary change={saved} />
          </div>
        )}
      </div>
      {form}
      <div className="toolbar">
        <TextField label={t('refs.filter')} type="search" value={filter} onChange={setFilter} id={filterId} />
        {!editing && (
          <Link className="button button-primary" to="?edit=new" onClick={() => setSaved(null)}>
            {t(`refs.new.${kind}`)}
          </Link>
        )}
      </div>
      {!refs.data && refs.fetching ? (
        <Loading />
      ) : !refs.data ? (
        <ErrorState error={refs.error} onRetry={() => reRefs({ requestPolicy: 'network-only' })} />
      ) : shown.length === 0 ? (
        <p className="state-title" role="status">
          {t('refs.none')}
        </p>
      ) : (
        <TableWrap label={t(`refs.title.${kind}`)}>
          <table className="data-table">
            <caption className="visually-hidden">{t(`refs.title.${kind}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('service.code')}</th>
                <th scope="col">{t('refs.name')}</th>
                {kind === 'DEPARTMENT' && <th scope="col">{t('refs.shortName')}</th>}
                {kind === 'DEPARTMENT' && <th scope="col">{t('service.level')}</th>}
                {kind === 'CATEGORY' && <th scope="col">{t('service.audiences')}</th>}
                <th scope="col">
                  <span className="visually-hidden">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((x) => (
                <tr key={x.code}>
                  <td className="admin-code">{x.code}</td>
                  <td>{x.name}</td>
                  {'shortName' in x && <td>{x.shortName}</td>}
                  {'level' in x && <td>{t(`level.${x.level}`)}</td>}
                  {'audiences' in x && <td>{x.audiences.map((a) => t(`audience.${a}`)).join(', ')}</td>}
                  <td className="admin-actions">
                    <Link to={`?edit=${encodeURIComponent(x.code)}`} onClick={() => setSaved(null)}>
                      {t('edit')}
                      <span className="visually-hidden"> {x.name}</span>
                    </Link>{' '}
                    <Link to={`/work/admin/catalog/changes?entity=${kind}&code=${encodeURIComponent(x.code)}`} >
                      {t('history')}
                      <span className="visually-hidden"> {x.name}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
