import { useTranslation } from 'react-i18next';

/** Formats an RFC 3339 time for the page's language: "27 нояб. 2026 г., 13:20". */
export function useFormatTime(): (s: string | null | undefined) => string {
  const { i18n } = useTranslation();
  const f = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'medium', timeStyle: 'short' });
  return (s) => (s ? f.format(new Date(s)) : '');
}

/** A birth date "1985-04-12" as "12.04.1985" (ru) or "12/04/1985" (en); anything else as it is. */
export function formatBirthDate(iso: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return lang.startsWith('en') ? `${m[3]}/${m[2]}/${m[1]}` : `${m[3]}.${m[2]}.${m[1]}`;
}
