import type { CombinedError } from '@urql/core';
import type { TFunction } from 'i18next';

/** A top-level GraphQL or network error, said in the user's language. */
export function describeError(error: CombinedError | undefined, t: TFunction): string | null {
  if (!error) return null;
  if (error.networkError) return t('common:errors.NETWORK');
  const first = error.graphQLErrors[0];
  const code = first?.extensions?.code;
  if (code === 'RATE_LIMITED') {
    const seconds = Number(first?.extensions?.retryAfterSeconds ?? 60);
    return t('common:errors.RATE_LIMITED', { seconds: Math.ceil(seconds) });
  }
  if (code === 'INTERNAL') return t('common:errors.INTERNAL');
  // The server's messages are in the request's language already.
  return first?.message ?? t('common:errors.INTERNAL');
}
