import { useSyncExternalStore } from 'react';
import { getSession, subscribe, type SessionState } from './session';

/** The current session; re-renders when it changes (sign-in, refresh, sign-out). */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSession, getSession);
}
