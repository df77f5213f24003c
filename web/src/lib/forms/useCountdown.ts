import { useEffect, useState } from 'react';

/** Whole seconds left until `until` (an RFC 3339 time or ms), ticking each second; 0 when past. */
export function useCountdown(until: string | number | null | undefined): number {
  const target = until == null ? 0 : typeof until === 'number' ? until : Date.parse(until);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= target) clearInterval(id);
    }, 1000);
    return () => clearInterval(id);
  }, [target]);
  return Math.max(0, Math.ceil((target - now) / 1000));
}

/** 125 → "2:05". */
export function formatSeconds(s: number): string {
  const m = Math.floor(s / 60);
  const r = s % 60;
  return `${m}:${String(r).padStart(2, '0')}`;
}
