import { stringifyDocument } from '@urql/core';
import {
  RefreshSessionDocument,
  type AuthResultFragment,
  type RefreshSessionMutation,
  type SessionAccountFragment,
} from './auth.generated';
import { currentLanguage } from '../i18n';
import { readCookie, writeCookie } from '../cookies';

/**
 * The session lives in memory only: the access token is never written to
 * storage. The refresh token is an HttpOnly cookie (uslugi_refresh) the
 * server sets when a request carries X-Session-Cookie: 1; the app never sees
 * it. A hint "a session may exist" is kept in a cookie of its own
 * (uslugi_session, readable by the app) so a reload knows whether to try
 * restoring it.
 */
export type Account = SessionAccountFragment;

export interface SessionState {
  /** restoring: the first refresh after load has not answered yet. */
  status: 'restoring' | 'signedIn' | 'signedOut';
  accessToken: string | null;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  account: Account | null;
}

const HINT_KEY = 'uslugi_session';
/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 60_000;

let state: SessionState = { status: 'restoring', accessToken: null, expiresAt: 0, account: null };
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;
let inflight: Promise<boolean> | null = null;

function emit(next: SessionState) {
  state = next;
  for (const l of listeners) l();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSession(): SessionState {
  return state;
}

export function getAccessToken(): string | null {
  return state.accessToken;
}

/** True when the access token is missing or expires within the margin. */
export function tokenExpiring(now = Date.now()): boolean {
  return state.accessToken !== null && state.expiresAt - now < REFRESH_MARGIN_MS / 2;
}

function setHint(on: boolean) {
  writeCookie(HINT_KEY, on ? '1' : null, 'Strict');
}

function hasHint(): boolean {
  return readCookie(HINT_KEY) === '1';
}

/** Takes the session from an AuthPayload (signIn, setPassword, refreshSession …). */
export function acceptSession(session: NonNullable<AuthResultFragment['session']>): void {
  const expiresAt = Date.parse(session.accessTokenExpiresAt);
  emit({ status: 'signedIn', accessToken: session.accessToken, expiresAt, account: session.account });
  setHint(true);
  schedule();
}

/** Forgets the session in memory (the server clears the cookie on signOut). */
export function clearSession(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  setHint(false);
  emit({ status: 'signedOut', accessToken: null, expiresAt: 0, account: null });
}

function schedule() {
  if (timer) clearTimeout(timer);
  const wait = Math.max(state.expiresAt - Date.now() - REFRESH_MARGIN_MS, 1_000);
  timer = setTimeout(() => void refreshSession(), wait);
}

/** Sends one refreshSession with the cookie; true when a session came back. */
async function doRefresh(): Promise<boolean> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json',
        'Accept-Language': currentLanguage(),
        'X-Session-Cookie': '1',
      },
      body: JSON.stringify({
        operationName: 'RefreshSession',
        query: stringifyDocument(RefreshSessionDocument),
        variables: { input: { refreshToken: '' } },
      }),
    });
  } catch {
    // offline: keep what we have and try again later
    if (state.status === 'restoring') emit({ ...state, status: 'signedOut' });
    else timer = setTimeout(() => void refreshSession(), 15_000);
    return state.accessToken !== null && state.expiresAt > Date.now();
  }
  const body = (await res.json().catch(() => null)) as { data?: RefreshSessionMutation } | null;
  const session = body?.data?.refreshSession.session;
  if (session) {
    acceptSession(session);
    return true;
  }
  clearSession();
  return false;
}

/**
 * Refreshes the session now. Concurrent callers share one request, and
 * tabs take turns through a Web Lock: the refresh token rotates on every
 * use, and the same one used twice would end the session.
 */
export function refreshSession(): Promise<boolean> {
  if (!inflight) {
    const run = (): Promise<boolean> => doRefresh();
    const locked: Promise<boolean> =
      typeof navigator !== 'undefined' && 'locks' in navigator && navigator.locks
        ? (navigator.locks.request('uslugi-refresh', run) as unknown as Promise<boolean>)
        : run();
    const p = locked.finally(() => {
      inflight = null;
    });
    inflight = p;
    return p;
  }
  return inflight;
}

/** On load: restores the session from the cookie if there may be one. */
export function restoreSession(): Promise<boolean> {
  if (!hasHint()) {
    emit({ ...state, status: 'signedOut' });
    return Promise.resolve(false);
  }
  return refreshSession();
}

/** For tests. */
export function resetSessionForTests(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  inflight = null;
  state = { status: 'restoring', accessToken: null, expiresAt: 0, account: null };
}
