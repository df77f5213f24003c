import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { MunicipalMeDocument, MunicipalMunicipalitiesDocument } from './municipal.generated';
import type { HearingStatus, HearingSubject } from '../../gql/types';

export const BASE = '/work/municipal';

export const SUBJECTS: HearingSubject[] = [
  'BUDGET_DRAFT',
  'BUDGET_REPORT',
  'DEVELOPMENT_STRATEGY',
  'LAND_USE_RULES',
  'PLANNING_PROJECT',
  'CHARTER_QUESTION',
];

export const STATUSES: HearingStatus[] = ['DRAFT', 'ANNOUNCED', 'OPEN', 'CLOSED', 'RESULTS_PUBLISHED'];

/** The workspace's own navigation, under the page title. */
export function WorkNav() {
  const { t } = useTranslation('municipal');
  return (
    <nav aria-label={t('nav.label')}>
      <ul className="work-nav">
        <li>
          <NavLink to={BASE} end>
            {t('nav.hearings')}
          </NavLink>
        </li>
        <li>
          <NavLink to={`${BASE}/new`}>{t('nav.new')}</NavLink>
        </li>
        <li>
          <NavLink to={`${BASE}/land-rights`}>{t('nav.landRights')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

export function StatusBadge({ status }: { status: HearingStatus }) {
  const { t } = useTranslation('municipal');
  return <span className={`muni-status muni-status-${status}`}>{t(`status.${status}`)}</span>;
}

export function subjectText(t: (k: string) => string, subject: HearingSubject, detail?: string | null): string {
  return subject === 'CHARTER_QUESTION' && detail ? detail : t(`subject.${subject}`);
}

export interface Municipality {
  oktmo: string;
  name: string;
}

/**
 * The municipalities the officer organises hearings for (the scopes of his
 * MUNICIPAL_OFFICER grants), named from the catalog where it knows them.
 */
export function useOfficerMunicipalities() {
  const [me, reMe] = useQuery({ query: MunicipalMeDocument, requestPolicy: 'cache-and-network' });
  const [all] = useQuery({ query: MunicipalMunicipalitiesDocument });
  const names = new Map((all.data?.municipalities ?? []).map((m) => [m.oktmo, m.name]));
  const scopes = [
    ...new Set(
      (me.data?.me.roleGrants ?? []).filter((g) => g.role === 'MUNICIPAL_OFFICER' && g.scope).map((g) => g.scope as string),
    ),
  ];
  const list: Municipality[] = scopes.map((oktmo) => ({ oktmo, name: names.get(oktmo) ?? oktmo }));
  return {
    list,
    nameOf: (oktmo: string) => names.get(oktmo) ?? oktmo,
    fetching: me.fetching && !me.data,
    error: me.data ? undefined : me.error,
    retry: () => reMe({ requestPolicy: 'network-only' }),
  };
}

/**
 * A labelled native control (select, datetime-local, file) with its
 * description and the server's message beside it, tied for screen readers.
 */
export function NativeField({
  label,
  description,
  error,
  children,
  className,
}: {
  label: string;
  description?: ReactNode;
  error?: string | undefined;
  className?: string;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
}) {
  const id = useId();
  const describedBy = [description ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field ${className ?? ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true as const } : {}) })}
      {description && (
        <p id={`${id}-hint`} className="field-description">
          {description}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** userErrors fields of HearingInput (as the API names them) → the form's fields. */
export function hearingField(apiField: string): string | null {
  const f = apiField.replace(/^input\./, '');
  if (f === 'municipality' || f === 'municipalityOktmo') return 'municipality';
  if (['title', 'subject', 'subjectDetail', 'description', 'organiser'].includes(f)) return f;
  const q = /^questions\[(\d+)\]/.exec(f);
  if (q) return `question.${q[1]}`;
  if (f === 'questions') return 'questions';
  if (f === 'territory' || f === 'territory.description') return 'territory';
  if (f.startsWith('territory.quarters') || f.startsWith('territoryQuarters')) return 'territoryQuarters';
  if (f.startsWith('materials')) return 'materials';
  const d = /^dates\.(opensAt|closesAt|meetingAt|meetingPlace)$/.exec(f);
  if (d) return d[1] ?? null;
  if (['opensAt', 'closesAt', 'meetingAt', 'meetingPlace', 'notice', 'reason', 'conclusion'].includes(f)) return f;
  return null;
}

/** Puts each userError beside its field (first message wins); the rest above the form. */
export function placeErrors(
  errors: readonly { field: string; message: string }[] | null | undefined,
  onForm: readonly string[],
): { fields: Record<string, string>; form: string[] } {
  const out = { fields: {} as Record<string, string>, form: [] as string[] };
  for (const e of errors ?? []) {
    const name = hearingField(e.field);
    if (name && onForm.includes(name.replace(/\.\d+$/, ''))) out.fields[name] ??= e.message;
    else out.form.push(e.message);
  }
  return out;
}

/**
 * A .table-wrap that, while its table is wider than it (a phone), is a named
 * region in the tab order, so the keyboard can scroll it sideways.
 */
export function ScrollRegion({ label, hidden, children }: { label: string; hidden?: boolean; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(check);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => ro.disconnect();
  }, []);
  const tabIndex = scrolls ? 0 : undefined;
  return (
    <div ref={ref} className="table-wrap" hidden={hidden} role="region" aria-label={label} tabIndex={tabIndex}>
      {children}
    </div>
  );
}
