import { cacheExchange, type Cache, type KeyingConfig, type UpdateResolver } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { gql } from '@urql/core';
import { embeddedTypes } from '../../gql/cacheKeys';

/** Object types without an id are embedded in their parent (generated list). */
const keys: KeyingConfig = Object.fromEntries(embeddedTypes.map((t) => [t, () => null]));

/** notifications: a new row refetches the feed's first page (the others are merged in) and the unread count. */
function invalidateFeed(cache: Cache) {
  for (const f of cache.inspectFields('Query')) {
    if (f.fieldName === 'unreadNotificationCount' || (f.fieldName === 'notifications' && !f.arguments?.after)) {
      cache.invalidate('Query', f.fieldName, f.arguments ?? undefined);
    }
  }
}

const readFragment = gql`
  fragment NotificationReadInCache on Notification {
    id
    read
  }
`;

/** notifications: rows marked read (these ids, or every cached row) change in place; the count is fetched again. */
function markReadInCache(cache: Cache, ids: readonly string[] | null | undefined) {
  let targets = ids ? [...ids] : [];
  if (!ids) {
    for (const f of cache.inspectFields('Query')) {
      if (f.fieldName !== 'notifications') continue;
      const conn = cache.resolve('Query', f.fieldKey) as string | null;
      const edges = (conn ? cache.resolve(conn, 'edges') : null) as string[] | null;
      for (const e of edges ?? []) {
        const node = cache.resolve(e, 'node') as string | null;
        const id = node ? (cache.resolve(node, 'id') as string | null) : null;
        if (id) targets.push(id);
      }
    }
    targets = [...new Set(targets)];
  }
  for (const id of targets) cache.writeFragment(readFragment, { __typename: 'Notification', id, read: true });
  cache.invalidate('Query', 'unreadNotificationCount');
}

type CatalogType = 'Service' | 'Department' | 'Category' | 'Region';

/**
 * The root fields that list each kind of catalog entry (search results are
 * services with filter.query). A service also carries its department's,
 * categories' and regions' names, found by the entity itself.
 */
const catalogLists: Record<CatalogType, readonly string[]> = {
  Service: ['services', 'popularServices'],
  Department: ['departments'],
  Category: ['categories'],
  Region: ['regions'],
};

/** The cached entities of this type and code under a root field's value (an entity, a list, a connection). */
function findByCode(cache: Cache, value: unknown, typename: CatalogType, code: string, out: Set<string>, depth = 0) {
  if (depth > 4 || value == null) return;
  if (Array.isArray(value)) {
    for (const v of value) findByCode(cache, v, typename, code, out, depth + 1);
    return;
  }
  if (typeof value !== 'string') return;
  if (cache.resolve(value, '__typename') === typename) {
    if (cache.resolve(value, 'code') === code) out.add(value);
    return;
  }
  // A connection or an edge, embedded in its parent.
  findByCode(cache, cache.resolve(value, 'edges'), typename, code, out, depth + 1);
  findByCode(cache, cache.resolve(value, 'node'), typename, code, out, depth + 1);
}

/**
 * admin: a catalog entry saved. Every query holding the entry (a service
 * page, a department's name on a service card) and every list it may join
 * or move in is fetched again, so screens already open show the change;
 * the change history gets its new row.
 */
function invalidateCatalog(cache: Cache, typename: CatalogType, code: string) {
  const lists = catalogLists[typename];
  const holders = typename === 'Service' ? ['service', ...lists] : lists;
  const found = new Set<string>();
  const fields = cache.inspectFields('Query');
  for (const f of fields) {
    if (holders.includes(f.fieldName)) findByCode(cache, cache.resolve('Query', f.fieldKey), typename, code, found);
  }
  for (const key of found) cache.invalidate(key);
  for (const f of fields) {
    if (f.fieldName === 'catalogChanges' || lists.includes(f.fieldName)) cache.invalidate('Query', f.fieldName, f.arguments ?? undefined);
  }
}

/** The update of a save* mutation: only a save that changed something (no userErrors, a change) invalidates. */
function onCatalogSave(typename: CatalogType): UpdateResolver {
  return (result, args, cache, info) => {
    const payload = result[info.fieldName] as { change?: unknown; userErrors?: readonly unknown[] } | null | undefined;
    if (!payload || (payload.userErrors?.length ?? 0) > 0 || payload.change === null) return;
    const code = (args.input as { code?: string } | undefined)?.code;
    if (code) invalidateCatalog(cache, typename, code);
  };
}

/**
 * Graphcache: entities by __typename + id; Relay connections merged page by
 * page. Features add their pagination resolvers and mutation updates here.
 */
export function createCache() {
  return cacheExchange({
    keys,
    resolvers: {
      Query: {
        services: relayPagination(),
        // hearings: the public list's pages merged ("show more")
        hearings: relayPagination(),
        notifications: relayPagination(),
        documents: relayPagination(),
      },
    },
    updates: {
      // notifications: a new row (live) refetches the feed and the count; rows marked read change in place
      Subscription: {
        notificationAdded: (_r, _a, cache) => invalidateFeed(cache),
      },
      Mutation: {
        markNotificationsRead: (_r, args, cache) => {
          const input = args.input as { ids?: string[] | null; all?: boolean | null };
          markReadInCache(cache, input.all ? null : (input.ids ?? []));
        },
        // admin: a saved catalog entry shows on the catalog's screens without a reload
        saveService: onCatalogSave('Service'),
        saveDepartment: onCatalogSave('Department'),
        saveCategory: onCatalogSave('Category'),
        saveRegion: onCatalogSave('Region'),
      },
    },
  });
}
