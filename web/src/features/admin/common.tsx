import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import { stringifyDocument, type CombinedError, type TypedDocumentNode } from '@urql/core';
import { GRAPHQL_PATH } from '../../lib/client/client';
import { ErrorState, Loading, useOnline } from '../../lib/ui/StateViews';
import type { FormErrors } from '../../lib/forms/userErrors';

/** Rows per page of the admin's tables. */
export const PAGE = 20;

function describedBy(id: string, description?: ReactNode, error?: string) {
  return [description ? `${id}-d` : '', error ? `${id}-e` : ''].filter(Boolean).join(' ') || undefined;
}

function Hints({ id, description, error }: { id: string; description?: ReactNode; error?: string | undefined }) {
  return (
    <>
      {description && (
        <span className="field-description" id={`${id}-d`}>
          {description}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-e`}>
          {error}
        </span>
      )}
    </>
  );
}

/** A labelled native select (phones show their own picker), its error tied to it. */
export function SelectField({
  label,
  name,
  value,
  onChange,
  options,
  error,
  description,
  isDisabled,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
  description?: ReactNode;
  isDisabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="field" data-invalid={error ? true : undefined}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        className="field-input admin-select"
        value={value}
        disabled={isDisabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Hints id={id} description={description} error={error} />
    </div>
  );
}

/** A labelled multi-line field, its error tied to it. */
export function TextAreaField({
  label,
  name,
  value,
  onChange,
  error,
  description,
  rows = 3,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  description?: ReactNode;
  rows?: number;
}) {
  const id = useId();
  return (
    <div className="field" data-invalid={error ? true : undefined}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        className="field-input admin-textarea"
        rows={rows}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
        onChange={(e) => onChange(e.target.value)}
      />
      <Hints id={id} description={description} error={error} />
    </div>
  );
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
      <Hints id={id} description={description} error={error} />
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

/** What a page of a connection needs to render. */
export interface Connection<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: readonly { cursor: string; node: N }[];
}

export interface PageProps {
  after: string | null;
  index: number;
  isLast: boolean;
  onMore: (cursor: string) => void;
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
 * <tbody> per page), "show more" adds the next. Key it by its filters to
 * start again from the first page.
 */
export function PagedTable({
  caption,
  head,
  renderPage,
}: {
  caption: string;
  head: ReactNode;
  renderPage: (p: PageProps & { key: string }) => ReactNode;
}) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <TableWrap label={caption}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>{head}</thead>
        {cursors.map((after, index) =>
          renderPage({
            key: after ?? 'first',
            after,
            index,
            isLast: index === cursors.length - 1,
            onMore: (c) => setCursors((prev) => (prev.includes(c) ? prev : [...prev, c])),
          }),
        )}
      </table>
    </TableWrap>
  );
}

/** One page's rows with its loading, error, empty states and, on the last page, the count and "show more". */
export function PageBody<N>({
  page,
  conn,
  fetching,
  error,
  retry,
  colSpan,
  row,
  empty,
}: {
  page: PageProps;
  conn: Connection<N> | undefined;
  fetching: boolean;
  error: CombinedError | undefined;
  retry: () => void;
  colSpan: number;
  row: (node: N, cursor: string) => ReactNode;
  empty: string;
}) {
  const { t } = useTranslation('admin');
  const body = useRef<HTMLTableSectionElement>(null);
  const hasRows = !!conn && conn.edges.length > 0;
  // A page added by "show more": focus its first row, so the keyboard goes on from there.
  useEffect(() => {
    const tr = page.index > 0 && hasRows ? body.current?.querySelector<HTMLElement>('tr') : null;
    if (tr) {
      tr.tabIndex = -1;
      tr.focus();
    }
  }, [page.index, hasRows]);
  if (!conn) {
    return (
      <tbody>
        <tr>
          <td colSpan={colSpan}>{error && !fetching ? <ErrorState error={error} onRetry={retry} /> : <Loading />}</td>
        </tr>
      </tbody>
    );
  }
  const shown = page.index * PAGE + conn.edges.length;
  return (
    <>
      <tbody ref={body} aria-busy={fetching}>
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
              {conn.pageInfo.hasNextPage && conn.pageInfo.endCursor && (
                <Button className="button button-secondary admin-more" onPress={() => page.onMore(conn.pageInfo.endCursor!)}>
                  {t('more')}
                </Button>
              )}
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
