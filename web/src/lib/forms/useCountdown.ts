import { useCallback, useSyncExternalStore } from 'react';

/**
 * Whole seconds left until `until` (an RFC 3339 time or ms), ticking each
 * second; 0 when past. The clock is read at every render rather than kept
 * from the last tick: when the target moves (a new code sent), the count
 * starts from now at once, not from when the old one stopped.
 */
export function useCountdown(until: string | number | null | undefined): number {
  const target = until == null ? 0 : typeof until === 'number' ? until : Date.parse(until);
  const secondsLeft = useCallback(() => Math.max(0, Math.ceil((target - Date.now()) / 1000)), [target]);
  const subscribe = useCallback(
    (tick: () => void) => {
      if (secondsLeft() === 0) return () => undefined;
      const id = setInterval(() => {
        tick();
        if (Date.now() >= target) clearInterval(id);
      }, 1000);
      return () => clearInterval(id);
    },
    [target, secondsLeft],
  );
  return useSyncExternalStore(subscribe, secondsLeft);
}

/** 125 → "2:05". */
export function formatSeconds(s: number): string {
  const m = Math.floor(s / 60);
  const r = s % 60;
  return `${m}:${String(r).padStart(2, '0')}`;
}
