/** Dates and sizes in the interface language (Moscow time is the user's own zone). */
export function formatDateTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'medium' }).format(new Date(iso));
}

export function formatSize(bytes: number, lang: string): string {
  const ru = lang !== 'en';
  if (bytes < 1024) return `${bytes} ${ru ? 'Б' : 'B'}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} ${ru ? 'КБ' : 'KB'}`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ru ? ',' : '.')} ${ru ? 'МБ' : 'MB'}`;
}

export function fileType(contentType: string): string {
  if (contentType === 'application/pdf') return 'PDF';
  if (contentType === 'image/jpeg') return 'JPEG';
  if (contentType === 'image/png') return 'PNG';
  return contentType;
}

/** Share of voters among the eligible, e.g. "12 %". */
export function percent(voters: number, eligible: number, lang: string): string {
  const v = eligible > 0 ? voters / eligible : 0;
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { style: 'percent', maximumFractionDigits: 1 }).format(v);
}
