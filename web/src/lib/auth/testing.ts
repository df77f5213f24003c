import type { AccountTier } from '../../gql/types';
import { acceptSession } from './session';

/** Signs a test citizen in (tests only): Иван Иванов of the given tier, his token valid for ttlMs. */
export function signInForTests(tier: AccountTier, ttlMs = 600_000): void {
  acceptSession({
    __typename: 'AuthSession',
    accessToken: 't',
    accessTokenExpiresAt: new Date(Date.now() + ttlMs).toISOString(),
    account: {
      __typename: 'Account',
      id: 'a1',
      lastName: 'Иванов',
      firstName: 'Иван',
      patronymic: null,
      phone: '+79990000000',
      email: null,
      tier,
      confirmationMethod: 'NONE',
      roles: ['CITIZEN'],
    },
  });
}
