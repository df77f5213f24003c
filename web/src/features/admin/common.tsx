import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import { stringifyDocument, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { GRAPHQL_PATH } from '../../lib/client/client';
import { useOnline } from '../../lib/ui/StateViews';
import { PagePending, ShowMore } from '../work/Paging';
import { useConnectionPage, useConnectionPages, type Connection, type ConnectionPage, type PageSlot } from '../work/useConnectionPages';
import type { FormErrors } from '../../lib/forms/userErrors';
import {
  FieldHints,
  SelectField as SharedSelectField,
  TextAreaField as SharedTextAreaField,
  describedBy,
  type SelectFieldProps,
  type TextAreaFieldProps,
} from '../../lib/ui/fields';

/** Rows per page of the admin's tables. */
export const PAGE = 20;

/** The shared select, styled for the admin's forms. */
export function SelectField(props: Omit<SelectFieldProps, 'inputClassName'>) {
  return <SharedSelectField {...props} inputClassName="admin-select" />;
}

/** The shared multi-line field, styled for the admin's forms. */
export function TextAreaField(props: Omit<TextAreaFieldProps, 'inputClassName'>) {
  return <SharedTextAreaField {...props} inputClassName="admin-textarea" />;
}

/** Several choices as checkboxes in a fieldset (a multi-select a keyboard and a screen reader handle as is). */
export function CheckboxGroup({
  legend,
  name,
  values,
  onChange,
  options,
  error,
  description,
  scroll,
}: {
  legend: string;
  name: string;
  values: readonly string[];
  onChange: (v: string[]) => void;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
  description?: ReactNode;
  /** A long list scrolls in its own box. */
  scroll?: boolean;
}) {
  const id = useId();
  const set = new Set(values);
  return (
    <fieldset className="admin-fieldset" data-invalid={error ? true : undefined} aria-describedby={describedBy(id, description, error)}>
      <legend className="field-label">{legend}</legend>
      <div className={scroll ? 'admin-checks admin-checks-scroll' : 'admin-checks'}>
        {options.map((o) => (
          <label key={o.value} className="admin-check">
            <input
              type="checkbox"
              name={name}
              value={o.value}
              checked={set.has(o.value)}
              onChange={(e) => {
                const next = new Set(set);
                if (e.target.checked) next.add(o.value);
                else next.delete(o.value);
                // keep the options' order
                onChange(options.filter((x) => next.has(x.value)).map((x) => x.value));
              }}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <FieldHints id={id} description={description} error={error} />
    </fieldset>
  );
}

/** A submit button that waits while offline, saying why. */
export function SubmitButton({ children, fetching }: { children: ReactNode; fetching: boolean }) {
  const { t } = useTranslation('admin');
  const online = useOnline();
  return (
    <div className="button-row">
      <Button type="submit" className="button button-primary" isDisabled={fetching || !online}>
        {fetching ? t('saving') : children}
      </Button>
      {!online && <p className="note">{t('offlineHint')}</p>}
    </div>
  );
}

/**
 * A filter form over the URL's search params: the draft is edited freely,
 * follows the URL when it changes (a link in the table, back), and apply
 * puts its non-blank values, trimmed, in the URL. key names the applied
 * filters (a PagedTable keyed by it starts again from the first page).
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>;
  const key = keys.map((k) => applied[k]).join('|');
  const [draft, setDraft] = useState(applied);
  const [draftKey, setDraftKey] = useState(key);
  if (draftKey !== key) {
    setDraftKey(key);
    setDraft(applied);
  }
  return {
    applied,
    key,
    draft,
    set: (k: K) => (v: string) => setDraft((d) => ({ ...d, [k]: v })),
    apply: (e: FormEvent) => {
      e.preventDefault();
      setParams(Object.fromEntries(keys.filter((k) => draft[k].trim()).map((k) => [k, draft[k].trim()])));
    },
    reset: () => {
      setDraft(Object.fromEntries(keys.map((k) => [k, ''])) as Record<K, string>);
      setParams({});
    },
  };
}

/** After a refusal, the keyboard lands on the first field at fault (or the form's own errors). */
export function focusFirstError(form: HTMLElement | null, errors: FormErrors): void {
  if (!form) return;
  const bad =
    form.querySelector<HTMLElement>('[aria-invalid="true"]') ??
    (errors.form.length > 0 ? form.querySelector<HTMLElement>('.admin-form-errors') : null);
  bad?.focus();
}

/** "Сотрудник ведомства" for OFFICER; the code for a role the workspace list does not know. */
export function useRoleName() {
  const { t } = useTranslation('admin');
  return (r: string) => t(`work:workspace.${r}`, { defaultValue: t(`role.${r}`, { defaultValue: r }) });
}

/** Formats an RFC 3339 time in the page's language. */
export function useFormatTime() {
  const { i18n } = useTranslation();
  const f = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'short', timeStyle: 'medium' });
  return (s: string | null | undefined) => (s ? f.format(new Date(s)) : '—');
}

/** A table's horizontal scroll box: focusable (arrow keys scroll it) and named by the table's caption. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // A scrollable region must take focus to be scrolled with the keyboard (axe: scrollable-region-focusable).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

/**
 * A table whose rows come page by page: each page is its own query (one
 * <tbody> per page, a PageBody), "show more" adds the next. Key it by its
 * filters to start again from the first page.
 */
export function PagedTable({ caption, head, renderPage }: { caption: string; head: ReactNode; renderPage: (page: PageSlot) => ReactNode }) {
  const { pages } = useConnectionPages();
  return (
    <TableWrap label={caption}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>{head}</thead>
        {pages.map(renderPage)}
      </table>
    </TableWrap>
  );
}

/** One page of a PagedTable: its query, then its rows (PageRows). */
export function PageBody<Q, V extends AnyVariables, N>({
  page,
  query,
  variables,
  pick,
  ...rest
}: {
  page: PageSlot;
  query: TypedDocumentNode<Q, V>;
  variables: Omit<V, 'first' | 'after'>;
  pick: (data: Q) => Connection<N> | null | undefined;
  colSpan: number;
  row: (node: N, cursor: string) => ReactNode;
  empty: string;
}) {
  const q = useConnectionPage({ slot: page, query, variables, size: PAGE, pick, focus: 'tr' });
  return <PageRows page={page} {...q} {...rest} />;
}

/** One page's rows with its loading, error, empty states and, on the last page, the count and "show more". */
export function PageRows<N>({
  page,
  conn,
  fetching,
  error,
  retry,
  bodyRef,
  colSpan,
  row,
  empty,
}: ConnectionPage<N> & {
  page: Pick<PageSlot, 'index' | 'isLast' | 'more'>;
  colSpan: number;
  row: (node: N, cursor: string) => ReactNode;
  empty: string;
}) {
  const { t } = useTranslation('admin');
  if (!conn) return <PagePending colSpan={colSpan} fetching={fetching} error={error} retry={retry} />;
  const shown = page.index * PAGE + conn.edges.length;
  return (
    <>
      <tbody ref={bodyRef} aria-busy={fetching}>
        {conn.edges.length === 0 && page.index === 0 && (
          <tr>
            <td colSpan={colSpan}>
              <p className="state-title admin-empty" role="status">
                {empty}
              </p>
            </td>
          </tr>
        )}
        {conn.edges.map((e) => row(e.node, e.cursor))}
      </tbody>
      {page.isLast && conn.edges.length > 0 && (
        <tbody>
          <tr className="admin-more-row">
            <td colSpan={colSpan}>
              <span role="status">{t('shown', { shown, total: conn.totalCount })}</span>
              <ShowMore
                next={{ hasNext: conn.pageInfo.hasNextPage, endCursor: conn.pageInfo.endCursor ?? null, fetching: false }}
                onMore={page.more}
                className="button button-secondary admin-more"
              >
                {t('more')}
              </ShowMore>
            </td>
          </tr>
        </tbody>
      )}
    </>
  );
}

/** The page's texts in one language, straight from the API (not through the normalised cache, which holds the page's language). */
export async function fetchInLanguage<T, V extends Record<string, unknown>>(
  doc: TypedDocumentNode<T, V>,
  variables: V,
  lang: 'ru' | 'en',
): Promise<T> {
  const res = await fetch(GRAPHQL_PATH, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'Accept-Language': lang },
    body: JSON.stringify({ query: stringifyDocument(doc), variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data || body.errors?.length) throw new Error(body.errors?.[0]?.message ?? `HTTP ${res.status}`);
  return body.data;
}

/** Russian and English results of one public query, for editing both languages' texts. */
export function useBothLanguages<T, V extends Record<string, unknown>>(
  doc: TypedDocumentNode<T, V>,
  variables: V,
  skip = false,
  /** Change it to fetch again (after a save). */
  version = 0,
): { ru?: T; en?: T; error?: string; loading: boolean } {
  const key = JSON.stringify([variables, version]);
  const [state, setState] = useState<{ key: string; ru?: T; en?: T; error?: string }>({ key: '' });
  useEffect(() => {
    if (skip) return;
    let live = true;
    const [vars] = JSON.parse(key) as [V];
    Promise.all([fetchInLanguage(doc, vars, 'ru'), fetchInLanguage(doc, vars, 'en')]).then(
      ([ru, en]) => live && setState({ key, ru, en }),
      (e: unknown) => live && setState({ key, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [doc, key, skip]);
  if (skip) return { loading: false };
  if (state.key !== key) return { loading: true };
  return { ...(state.ru ? { ru: state.ru } : {}), ...(state.en ? { en: state.en } : {}), ...(state.error ? { error: state.error } : {}), loading: false };
}
