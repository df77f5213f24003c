import type { ApplicationStatus } from '../../gql/types';

/** The stages an application may be counted at in the queue, in order. */
export const QUEUE_STATUSES: ApplicationStatus[] = [
  'SUBMITTED',
  'REGISTERED',
  'IN_PROGRESS',
  'AWAITING_CITIZEN',
  'COMPLETED',
  'REJECTED',
  'WITHDRAWN',
];

/**
 * The moves an officer makes from each stage (application.officerMoves in
 * the Go code); the server checks them again.
 */
export const OFFICER_MOVES: Partial<Record<ApplicationStatus, ApplicationStatus[]>> = {
  SUBMITTED: ['REGISTERED', 'REJECTED'],
  REGISTERED: ['IN_PROGRESS', 'REJECTED'],
  IN_PROGRESS: ['COMPLETED', 'AWAITING_CITIZEN', 'REJECTED'],
  AWAITING_CITIZEN: ['IN_PROGRESS', 'REJECTED'],
};

export function nextStages(status: ApplicationStatus): ApplicationStatus[] {
  return OFFICER_MOVES[status] ?? [];
}

/** The moves that need a comment (the reason, or what the citizen must provide). */
export function needsComment(to: ApplicationStatus): boolean {
  return to === 'REJECTED' || to === 'AWAITING_CITIZEN';
}

export const PAGE_SIZE = 20;

/** "1–20 из 57": the rows shown and the total; null when there are none. */
export function pageRange(offset: number, shown: number, total: number): { from: number; to: number; total: number } | null {
  if (shown === 0 || total === 0) return null;
  return { from: offset + 1, to: offset + shown, total };
}

/** The page number from the URL (1-based, at least 1). */
export function pageFromParam(v: string | null): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export type SortKey = 'date' | 'service';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

interface Sortable {
  serviceName: string;
  createdAt: string;
  submittedAt?: string | null;
}

/** The date a row is sorted and shown by: submission, else creation. */
export function rowDate(r: { createdAt: string; submittedAt?: string | null }): string {
  return r.submittedAt ?? r.createdAt;
}

/** Sorts the page's rows (a copy); ties keep the API's order. */
export function sortRows<T extends Sortable>(rows: readonly T[], sort: Sort, lang: string): T[] {
  const collator = new Intl.Collator(lang.startsWith('en') ? 'en' : 'ru');
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const c =
        sort.key === 'service'
          ? collator.compare(a.r.serviceName, b.r.serviceName)
          : Date.parse(rowDate(a.r)) - Date.parse(rowDate(b.r));
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map((x) => x.r);
}

/** The form's JSON as [key, readable value] pairs, keys as given. */
export function dataEntries(json: string): [string, string][] {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return json.trim() ? [['data', json]] : [];
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  return Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, readable(x)]);
}

function readable(x: unknown): string {
  if (x === null || x === undefined) return '—';
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  if (Array.isArray(x)) return x.map(readable).join(', ');
  return JSON.stringify(x);
}

/** yyyy-mm-dd of a local date. */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The default period: the last 30 days, today included. */
export function defaultPeriod(now: Date = new Date()): { from: string; to: string } {
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 29);
  return { from: isoDay(from), to: isoDay(now) };
}

/** Whether s is a real yyyy-mm-dd date. */
export function validDay(s: string | null | undefined): s is string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const dt = new Date(y, m - 1, d);
  return dt.getFullYear() === y && dt.getMonth() === m - 1 && dt.getDate() === d;
}

/**
 * The API's [from, to) for the days from…to, both included: local
 * midnights, the end one day after the last day.
 */
export function periodToRange(from: string, to: string): { from: string; to: string } {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return { from: new Date(fy, fm - 1, fd).toISOString(), to: new Date(ty, tm - 1, td + 1).toISOString() };
}

/** A share as a bar's width in percent of the largest value (0 to 100). */
export function barWidth(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max(1, Math.round((value / max) * 100));
}

/** "1,5 ч" / "2,3 дн." for a median in hours. */
export function formatHours(hours: number, lang: string): { value: string; unit: 'hours' | 'days' } {
  const nf = new Intl.NumberFormat(lang.startsWith('en') ? 'en-GB' : 'ru-RU', { maximumFractionDigits: 1 });
  return hours < 48 ? { value: nf.format(hours), unit: 'hours' } : { value: nf.format(hours / 24), unit: 'days' };
}

export function formatNumber(n: number, lang: string, digits = 0): string {
  return new Intl.NumberFormat(lang.startsWith('en') ? 'en-GB' : 'ru-RU', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(n);
}

export function formatPercent(share: number, lang: string): string {
  return new Intl.NumberFormat(lang.startsWith('en') ? 'en-GB' : 'ru-RU', { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** A date and time in the user's language. */
export function formatTime(iso: string | null | undefined, lang: string, withTime = true): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang.startsWith('en') ? 'en-GB' : 'ru-RU', {
    day: 'numeric',
    month: withTime ? 'short' : 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  });
}

/** The file types a result may be. */
export const RESULT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
export const MAX_RESULT_BYTES = 10 * 1024 * 1024;
