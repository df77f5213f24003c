import { useCallback, useState } from 'react';
import { useClient, useQuery, type AnyVariables, type TypedDocumentNode, type UseQueryState } from 'urql';
import type { CombinedError } from '@urql/core';

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  totalCount: number;
}

export interface Paged<Q, N> {
  /** The first page's query (loading, error, stale). */
  first: UseQueryState<Q>;
  nodes: N[];
  totalCount: number;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: CombinedError | undefined;
  loadMore: () => void;
  /** Fetches the first page again and drops the pages loaded after it. */
  reload: () => void;
  /** Fetches the first page again, keeping the pages loaded after it. */
  refreshFirst: () => void;
}

/**
 * A Relay connection shown page by page ("Show more"): the first page
 * through useQuery (cached, fetched again on every visit), the next ones
 * appended as they are asked for.
 */
export function usePaged<Q, V extends AnyVariables & { first?: number | null; after?: string | null }, N>(
  query: TypedDocumentNode<Q, V>,
  variables: V,
  pick: (data: Q) => Connection<N> | undefined,
  keyOf: (node: N) => string,
): Paged<Q, N> {
  const client = useClient();
  const [first, refetch] = useQuery<Q, V>({ query, variables, requestPolicy: 'cache-and-network' });
  const [more, setMore] = useState<{ key: string; pages: Connection<N>[] }>({ key: '', pages: [] });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<CombinedError | undefined>();
  // Pages loaded for other variables (another tab) are not these.
  const key = JSON.stringify(variables);
  const pages = more.key === key ? more.pages : [];
  const firstConn = first.data ? pick(first.data) : undefined;
  const last = pages.length ? pages[pages.length - 1] : firstConn;

  const loadMore = useCallback(() => {
    const after = last?.pageInfo.endCursor;
    if (!after || loadingMore) return;
    setLoadingMore(true);
    void client
      .query(query, { ...variables, after }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((r) => {
        setLoadingMore(false);
        setMoreError(r.error);
        const conn = r.data ? pick(r.data) : undefined;
        if (conn) setMore((cur) => ({ key, pages: [...(cur.key === key ? cur.pages : []), conn] }));
      });
  }, [client, query, variables, pick, last, loadingMore, key]);

  const reload = useCallback(() => {
    setMore({ key: '', pages: [] });
    refetch({ requestPolicy: 'network-only' });
  }, [refetch]);

  const refreshFirst = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);

  // A row may move from one page to the next while pages are fetched: each once.
  const seen = new Set<string>();
  const nodes = [firstConn, ...pages]
    .flatMap((c) => c?.edges.map((e) => e.node) ?? [])
    .filter((n) => {
      const k = keyOf(n);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  return {
    first,
    nodes,
    totalCount: firstConn?.totalCount ?? 0,
    hasMore: !!last?.pageInfo.hasNextPage,
    loadingMore,
    moreError,
    loadMore,
    reload,
    refreshFirst,
  };
}
