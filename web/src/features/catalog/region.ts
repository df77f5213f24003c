import { useSyncExternalStore } from 'react';

const KEY = 'uslugi.region';
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    const v = localStorage.getItem(KEY);
    return v && /^\d{2}$/.test(v) ? v : null;
  } catch {
    return null;
  }
}

let current = read();

/** The chosen region's two-digit code, persisted across visits; null: all regions. */
export function getRegion(): string | null {
  return current;
}

export function setRegion(code: string | null): void {
  current = code;
  try {
    if (code) localStorage.setItem(KEY, code);
    else localStorage.removeItem(KEY);
  } catch {
    // not persisted
  }
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
