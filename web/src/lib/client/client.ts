import { Client, fetchExchange, subscriptionExchange, type Exchange } from '@urql/core';
import { authExchange } from '@urql/exchange-auth';
import { persistedExchange } from '@urql/exchange-persisted';
import type { Client as WSClient } from 'graphql-ws';
import { currentLanguage } from '../i18n';
import { getAccessToken, refreshSession, tokenExpiring, getSession } from '../auth/session';
import { createCache } from './cache';

export const GRAPHQL_PATH = '/graphql';

/** Headers sent with every GraphQL request (the token is added by authExchange). */
export function baseHeaders(): Record<string, string> {
  return { 'Accept-Language': currentLanguage(), 'X-Session-Cookie': '1' };
}

function isUnauthenticated(codes: unknown[]): boolean {
  return codes.includes('UNAUTHENTICATED');
}

const auth: Exchange = authExchange(async (utils) => ({
  addAuthToOperation(operation) {
    const token = getAccessToken();
    return token ? utils.appendHeaders(operation, { Authorization: `Bearer ${token}` }) : operation;
  },
  // The token is about to expire: refresh before sending.
  willAuthError() {
    return tokenExpiring();
  },
  didAuthError(error) {
    return isUnauthenticated(error.graphQLErrors.map((e) => e.extensions?.code));
  },
  // On UNAUTHENTICATED the exchange refreshes once and retries once.
  async refreshAuth() {
    if (getSession().status !== 'signedOut') await refreshSession();
  },
}));

function wsURL(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${GRAPHQL_PATH}`;
}

/**
 * Subscriptions over graphql-transport-ws on /graphql; the token goes in
 * connection_init. graphql-ws is loaded with the first subscription.
 */
export async function createSocket(): Promise<WSClient> {
  const { createClient: createWSClient } = await import('graphql-ws');
  return createWSClient({
    url: wsURL(),
    lazy: true,
    retryAttempts: 5,
    connectionParams: async () => {
      if (tokenExpiring()) await refreshSession();
      const token = getAccessToken();
      return token ? { Authorization: `Bearer ${token}` } : {};
    },
    // 4401: the token expired; reconnect with a fresh one (connectionParams
    // refreshes). 4403: refused; retrying the same token would loop.
    shouldRetry: (e) => {
      const code = (e as { code?: number } | null)?.code;
      return code !== 4403 && code !== 4400;
    },
  });
}

/**
 * The urql client: Graphcache (normalised), automatic persisted queries
 * (queries as GET with the hash, the full text only when the server asks),
 * the session's token, fetch for queries and mutations, websocket for
 * subscriptions.
 */
export function createClient(getSocket: (() => Promise<WSClient>) | null = null): Client {
  const exchanges: Exchange[] = [
    createCache(),
    auth,
    persistedExchange({ preferGetForPersistedQueries: true }),
    fetchExchange,
  ];
  if (getSocket) {
    exchanges.push(
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              let unsubscribe: (() => void) | null = null;
              let closed = false;
              void getSocket().then((ws) => {
                if (!closed) unsubscribe = ws.subscribe(input, sink);
              });
              return {
                unsubscribe() {
                  closed = true;
                  unsubscribe?.();
                },
              };
            },
          };
        },
      }),
    );
  }
  return new Client({
    url: GRAPHQL_PATH,
    exchanges,
    preferGetMethod: 'within-url-limit',
    requestPolicy: 'cache-first',
    fetchOptions: () => ({ credentials: 'same-origin', headers: baseHeaders() }),
  });
}
