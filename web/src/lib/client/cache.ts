import { cacheExchange, type Cache, type KeyingConfig } from '@urql/exchange-graphcache';
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
      },
    },
  });
}
