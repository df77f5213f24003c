import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  acceptSession,
  clearSession,
  getAccessToken,
  getSession,
  refreshSession,
  resetSessionForTests,
  restoreSession,
  tokenExpiring,
} from './session';

const account = {
  __typename: 'Account' as const,
  id: 'A1',
  lastName: 'Иванов',
  firstName: 'Иван',
  patronymic: null,
  phone: '+79123456789',
  email: null,
  tier: 'SIMPLIFIED' as const,
  confirmationMethod: 'NONE' as const,
  roles: ['CITIZEN' as const],
};
const session = (token: string, tier: 'SIMPLIFIED' | 'STANDARD' = 'SIMPLIFIED') => ({
  accessToken: token,
  accessTokenExpiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
  account: { ...account, tier },
});

describe('session', () => {
  beforeEach(() => {
    resetSessionForTests();
    localStorage.clear();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('keeps the access token in memory only', () => {
    acceptSession(session('tok-1'));
    expect(getAccessToken()).toBe('tok-1');
    expect(getSession().status).toBe('signedIn');
    expect(JSON.stringify(localStorage)).not.toContain('tok-1');
    expect(tokenExpiring()).toBe(false);
    clearSession();
    expect(getAccessToken()).toBeNull();
  });

  it('without a previous session, restoring asks nothing', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    expect(await restoreSession()).toBe(false);
    expect(fetch).not.toHaveBeenCalled();
    expect(getSession().status).toBe('signedOut');
  });

  it('refreshes through the cookie and takes the new tier', async () => {
    acceptSession(session('tok-1'));
    const fetch = vi.fn(async (_url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      expect(headers['X-Session-Cookie']).toBe('1');
      expect(JSON.parse(init.body as string).variables).toEqual({ input: { refreshToken: '' } });
      return new Response(JSON.stringify({ data: { refreshSession: { session: session('tok-2', 'STANDARD'), userErrors: [] } } }));
    });
    vi.stubGlobal('fetch', fetch);
    // concurrent callers share one request: the refresh token rotates
    const [a, b] = await Promise.all([refreshSession(), refreshSession()]);
    expect(a && b).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(getAccessToken()).toBe('tok-2');
    expect(getSession().account?.tier).toBe('STANDARD');
  });

  it('a refused refresh signs out', async () => {
    acceptSession(session('tok-1'));
    expect(document.cookie).toMatch(/(^|; )uslugi_session=1(;|$)/);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ data: { refreshSession: { session: null, userErrors: [{ field: 'refreshToken', code: 'INVALID', message: 'x' }] } } }))),
    );
    expect(await refreshSession()).toBe(false);
    expect(getSession().status).toBe('signedOut');
    expect(document.cookie).not.toMatch(/uslugi_session=1/);
  });
});
