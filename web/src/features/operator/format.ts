import { useTranslation } from 'react-i18next';

/** Formats an RFC 3339 time for the page's language: "27 нояб. 2026 г., 13:20". */
export function useFormatTime(): (s: string | null | undefined) => string {
  const { i18n } = useTranslation();
  const f = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'medium', timeStyle: 'short' });
  return (s) => (s ? f.format(new Date(s)) : '');
}
