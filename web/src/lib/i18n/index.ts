import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common';
import type { FeatureTranslations } from './types';

export type { FeatureTranslations } from './types';

export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'uslugi.lang';

// Every feature's translations, merged at start: src/features/<f>/i18n.ts
// default-exports { ru, en } and becomes the i18next namespace <f>. Adding a
// feature needs no edit here.
const modules = import.meta.glob<{ default: FeatureTranslations }>('../../features/*/i18n.ts', {
  eager: true,
});

export const resources: Record<Language, Record<string, Record<string, unknown>>> = {
  ru: { common: common.ru },
  en: { common: common.en },
};
for (const [path, mod] of Object.entries(modules)) {
  const ns = /features\/([^/]+)\/i18n\.ts$/.exec(path)?.[1];
  if (!ns) continue;
  resources.ru[ns] = mod.default.ru;
  resources.en[ns] = mod.default.en;
}

export function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'ru') return v;
  } catch {
    // storage unavailable (private mode): Russian
  }
  return 'ru';
}

/** The language of the interface, sent as Accept-Language on every request. */
export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'ru';
}

export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted
  }
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage(),
  fallbackLng: 'ru',
  supportedLngs: [...LANGUAGES],
  defaultNS: 'common',
  ns: Object.keys(resources.ru),
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export default i18n;
