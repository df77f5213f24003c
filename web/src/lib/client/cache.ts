import { cacheExchange, type KeyingConfig } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { embeddedTypes } from '../../gql/cacheKeys';

/** Object types without an id are embedded in their parent (generated list). */
const keys: KeyingConfig = Object.fromEntries(embeddedTypes.map((t) => [t, () => null]));

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
      },
    },
  });
}
