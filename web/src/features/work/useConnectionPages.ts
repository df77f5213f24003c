import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useQuery, type AnyVariables, type TypedDocumentNode } from 'urql';
import type { CombinedError } from '@urql/core';

/** What a page of a Relay connection needs to render. */
export interface Connection<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: readonly { cursor: string; node: N }[];
}

/** What the last page says of the one after it. */
export interface NextPage {
  hasNext: boolean;
  endCursor: string | null;
  /** The last page is still being fetched (its answer may change). */
  fetching: boolean;
}

/** One page of a list: where it starts, where it stands, and how it talks to the list. */
export interface PageSlot {
  key: string;
  after: string | null;
  index: number;
  isLast: boolean;
  /** Adds the page after cursor (once: a cursor already shown is not added again). */
  more: (cursor: string) => void;
  /** The page's answer: the first page gives the total, the last one the next page. */
  report: (index: number, isLast: boolean, total: number | undefined, next: NextPage) => void;
}

export interface ConnectionPages {
  pages: PageSlot[];
  /** The first page's totalCount, once it has answered. */
  total: number | null;
  /** What the last page says of the next one, once it has answered. */
  next: NextPage | null;
  more: (cursor: string) => void;
}

interface State {
  key: string;
  cursors: (string | null)[];
  total: number | null;
  next: NextPage | null;
}

const start = (key: string): State => ({ key, cursors: [null], total: null, next: null });

const sameNext = (a: NextPage | null, b: NextPage) =>
  !!a && a.hasNext === b.hasNext && a.endCursor === b.endCursor && a.fetching === b.fetching;

/**
 * A list shown page by page ("show more"): each page is its own query (so a
 * page already shown does not change under the reader), the next one starts
 * after the last page's end cursor. A new resetKey (the list's filters)
 * starts again from the first page.
 */
export function useConnectionPages(resetKey = ''): ConnectionPages {
  const [stored, setState] = useState(() => start(resetKey));
  if (stored.key !== resetKey) setState(start(resetKey));
  const state = stored.key === resetKey ? stored : start(resetKey);

  // Calls made for another key (a page of the old filters) change nothing.
  const more = useCallback(
    (cursor: string) =>
      setState((s) => (s.key !== resetKey || s.cursors.includes(cursor) ? s : { ...s, cursors: [...s.cursors, cursor] })),
    [resetKey],
  );
  const report = useCallback(
    (index: number, isLast: boolean, total: number | undefined, next: NextPage) =>
      setState((s) => {
        if (s.key !== resetKey) return s;
        let out = s;
        if (index === 0 && total !== undefined && s.total !== total) out = { ...out, total };
        if (isLast && !sameNext(s.next, next)) out = { ...out, next };
        return out;
      }),
    [resetKey],
  );

  const pages = state.cursors.map((after, index) => ({
    key: `${resetKey}|${after ?? ''}`,
    after,
    index,
    isLast: index === state.cursors.length - 1,
    more,
    report,
  }));
  return { pages, total: state.total, next: state.next, more };
}

export interface ConnectionPage<N> {
  conn: Connection<N> | undefined;
  fetching: boolean;
  error: CombinedError | undefined;
  /** Fetches this page again from the network. */
  retry: () => void;
  /** For the page's <tbody>: a page added by "show more" moves the focus into it. */
  bodyRef: RefObject<HTMLTableSectionElement | null>;
}

/**
 * One page's query: variables plus first (size) and after (the slot's
 * cursor), cached and fetched again on every visit. It tells the list its
 * total and next page, and, once a page added by "show more" has rows,
 * focuses the first element matching focus in it, so the keyboard goes on
 * from there (the button it was on may be gone).
 */
export function useConnectionPage<Q, V extends AnyVariables, N>({
  slot,
  query,
  variables,
  size,
  pick,
  focus,
}: {
  slot: PageSlot;
  query: TypedDocumentNode<Q, V>;
  variables: Omit<V, 'first' | 'after'>;
  size: number;
  pick: (data: Q) => Connection<N> | null | undefined;
  /** A selector: the row, its link or its header cell. */
  focus: string;
}): ConnectionPage<N> {
  const [{ data, fetching, error }, reexecute] = useQuery<Q, V>({
    query,
    variables: { ...variables, first: size, after: slot.after } as unknown as V,
    requestPolicy: 'cache-and-network',
  });
  const conn = (data && pick(data)) ?? undefined;

  const total = conn?.totalCount;
  const hasNext = conn?.pageInfo.hasNextPage ?? false;
  const endCursor = conn?.pageInfo.endCursor ?? null;
  const { report, index, isLast } = slot;
  useEffect(() => {
    report(index, isLast, total, { hasNext, endCursor, fetching });
  }, [report, index, isLast, total, hasNext, endCursor, fetching]);

  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const hasRows = !!conn && conn.edges.length > 0;
  useEffect(() => {
    const el = index > 0 && hasRows ? bodyRef.current?.querySelector<HTMLElement>(focus) : null;
    if (!el) return;
    // A row or a cell takes the focus only from a script; a link keeps its place in the tab order.
    if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.tabIndex = -1;
    el.focus();
  }, [index, hasRows, focus]);

  const retry = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  return { conn, fetching, error, retry, bodyRef };
}
