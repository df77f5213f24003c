/**
 * Hearing dates are entered and shown in Moscow time (UTC+3 all year since
 * 2014), whatever the officer's computer says, and sent as RFC 3339.
 */
const MSK_OFFSET_MS = 3 * 3600_000;

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a datetime-local value in Moscow time ("2026-05-01T10:00", with ":ss" when the seconds are not zero). */
export function toMoscowInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms + MSK_OFFSET_MS);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return d.getUTCSeconds() ? `${base}:${pad(d.getUTCSeconds())}` : base;
}

/** A datetime-local value read as Moscow time, as RFC 3339 ("2026-05-01T10:00:00+03:00"); null when empty or malformed. */
export function fromMoscowInput(local: string): string | null {
  const m = LOCAL_RE.exec(local.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}+03:00`;
}

/** Date and time in Moscow time, in the interface language. */
export function formatMoscow(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ru-RU', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Moscow',
  }).format(new Date(iso));
}

/** Date and time in Moscow time, short (for tables): "27.11.2026, 17:00". */
export function formatMoscowShort(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ru-RU', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Moscow',
  }).format(new Date(iso));
}

/** Share of voters among the eligible, e.g. "12,5 %". */
export function turnout(voters: number, eligible: number, lang: string): string {
  const v = eligible > 0 ? voters / eligible : 0;
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { style: 'percent', maximumFractionDigits: 1 }).format(v);
}

/** Cadastral quarters typed one per line or separated by commas, spaces or semicolons. */
export function splitQuarters(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((q) => q.trim())
    .filter(Boolean);
}
