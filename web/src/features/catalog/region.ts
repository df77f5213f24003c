import { useSyncExternalStore } from 'react';
import { readCookie, writeCookie } from '../../lib/cookies';

const KEY = 'uslugi_region';
const listeners = new Set<() => void>();

function read(): string | null {
  const v = readCookie(KEY);
  return v && /^\d{2}$/.test(v) ? v : null;
}

let current = read();

/** The chosen region's two-digit code, persisted across visits; null: all regions. */
export function getRegion(): string | null {
  return current;
}

export function setRegion(code: string | null): void {
  current = code;
  writeCookie(KEY, code);
  for (const l of listeners) l();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useRegion(): [string | null, (code: string | null) => void] {
  const v = useSyncExternalStore(subscribe, getRegion, getRegion);
  return [v, setRegion];
}
