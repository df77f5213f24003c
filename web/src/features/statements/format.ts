/** Whole kopecks written as roubles in the user's language: "1 500,00 ₽". */
export function formatKopecks(kopecks: number, lang: string): string {
  return new Intl.NumberFormat(lang.startsWith('en') ? 'en-GB' : 'ru-RU', {
    style: 'currency',
    currency: 'RUB',
    minimumFractionDigits: 2,
  }).format(kopecks / 100);
}

/** A date (and optionally time) in Moscow time, where the agencies count days. */
export function formatDate(iso: string, lang: string, withTime = false): string {
  return new Intl.DateTimeFormat(lang.startsWith('en') ? 'en-GB' : 'ru-RU', {
    timeZone: 'Europe/Moscow',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  }).format(new Date(iso));
}

/** Whole days left until `iso` (0 on the last day), or null once past. */
export function daysLeft(iso: string, now: number = Date.now()): number | null {
  const ms = new Date(iso).getTime() - now;
  if (ms < 0) return null;
  return Math.floor(ms / 86_400_000);
}

/** A fresh idempotency key for one payment attempt. */
export function newKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `pay-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

const PENDING_KEY = 'uslugi.payment.';

/** Remembers which payment an attempt (its key) made, for the return from the gateway. */
export function rememberPayment(key: string, paymentId: string): void {
  try {
    sessionStorage.setItem(PENDING_KEY + key, paymentId);
  } catch {
    /* private mode: the return page falls back to the receipts */
  }
}

export function recallPayment(key: string): string | null {
  try {
    return sessionStorage.getItem(PENDING_KEY + key);
  } catch {
    return null;
  }
}
