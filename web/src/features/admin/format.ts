import type { UserError } from '../../lib/forms/userErrors';

/**
 * Roubles as typed ("1 500", "1500,5", "1500.50 ₽") → whole kopecks, or null
 * when it is not an amount with at most two decimals.
 */
export function parseRoubles(text: string): number | null {
  const s = text.replace(/[\s\u00a0₽]/g, '').replace(/руб\.?$/i, '').replace(',', '.');
  if (!/^\d{1,9}(\.\d{0,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
}

/** Kopecks → roubles for an input: 150050 → "1500,50", 150000 → "1500". */
export function roublesInput(kopecks: number): string {
  const whole = Math.trunc(kopecks / 100);
  const frac = Math.abs(kopecks % 100);
  return frac === 0 ? String(whole) : `${whole},${String(frac).padStart(2, '0')}`;
}

/** A whole number of days ≥ 0, or null. */
export function parseDays(text: string): number | null {
  const s = text.trim();
  if (!/^\d{1,4}$/.test(s)) return null;
  return Number(s);
}

/**
 * The API's field names ("input.reason", "regionCodes.2", "feeKopecks") →
 * the form's ("reason", "regionCodes", "fee").
 */
export function normalizeErrors(errors: readonly UserError[] | null | undefined, aliases: Record<string, string> = {}): UserError[] {
  return (errors ?? []).map((e) => {
    const field = e.field.replace(/^input\./, '').replace(/(\.\d+)+$/, '').replace(/\[\d+\]$/, '');
    return { ...e, field: aliases[field] ?? field };
  });
}

/** A text in the other language that the API filled from the Russian one is not a translation. */
export function translationOrEmpty(ru: string | null | undefined, en: string | null | undefined): string {
  if (!en || en === ru) return '';
  return en;
}

/** A date input's value (YYYY-MM-DD) as the start (or the end) of that day in local time, RFC 3339. */
export function dayBound(day: string, end = false): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const at = end ? new Date(y, m - 1, d + 1, 0, 0, 0, 0) : new Date(y, m - 1, d, 0, 0, 0, 0);
  if (end) at.setMilliseconds(-1);
  return at.toISOString();
}

/** Seconds as a short duration: 45 → "45 с", 3600 → "1 ч 0 мин" (units from t). */
export function duration(seconds: number, units: { s: string; m: string; h: string }): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} ${units.s}`;
  if (s < 3600) return `${Math.floor(s / 60)} ${units.m} ${s % 60} ${units.s}`;
  return `${Math.floor(s / 3600)} ${units.h} ${Math.floor((s % 3600) / 60)} ${units.m}`;
}

/**
 * The API's opaque ids ("QWNjb3VudDo…", base64 of "Account:<uuid>") → the
 * raw id the audit log records; anything else as it is.
 */
export function rawId(id: string): string {
  const s = id.trim();
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(s) || s.length < 8) return s;
  try {
    const decoded = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    const m = /^[A-Z][A-Za-z]+:([\w.-]+)$/.exec(decoded);
    return m ? m[1]! : s;
  } catch {
    return s;
  }
}
