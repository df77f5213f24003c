import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common';
import type { FeatureTranslations } from './types';
import { readCookie, writeCookie } from '../cookies';

export type { FeatureTranslations } from './types';

export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
// server/webapp.go reads it by this name.
const LANG_COOKIE = 'uslugi_lang';

// Each feature's translations: src/features/<f>/i18n.ts default-exports
// { ru, en } and becomes the i18next namespace <f>. Adding a feature needs no
// edit here. The catalog's are bundled (the first screen needs them); the
// others load with their screens, which keeps the first screen's JavaScript
// in budget (all of them together are ~20 KB gzipped).
const bundled = import.meta.glob<{ default: FeatureTranslations }>('../../features/catalog/i18n.ts', {
  eager: true,
});
const onDemand = import.meta.glob<{ default: FeatureTranslations }>([
  '../../features/*/i18n.ts',
  '!../../features/catalog/i18n.ts',
]);

const namespaceOf = (path: string) => /features\/([^/]+)\/i18n\.ts$/.exec(path)?.[1];

export const resources: Record<Language, Record<string, Record<string, unknown>>> = {
  ru: { common: common.ru },
  en: { common: common.en },
};
for (const [path, mod] of Object.entries(bundled)) {
  const ns = namespaceOf(path);
  if (!ns) continue;
  resources.ru[ns] = mod.default.ru;
  resources.en[ns] = mod.default.en;
}

/** Loads a feature's namespace when a screen first asks for it (useTranslation suspends meanwhile). */
const featureBackend: BackendModule = {
  type: 'backend',
  init() {},
  read(language, namespace, callback) {
    const load = onDemand[`../../features/${namespace}/i18n.ts`];
    if (!load) {
      callback(null, {});
      return;
    }
    load().then(
      (m) => callback(null, language === 'en' ? m.default.en : m.default.ru),
      (err: Error) => callback(err, null),
    );
  },
};

/** Loads every feature's texts at once (unit tests render screens without suspending). */
export async function loadAllNamespaces(): Promise<void> {
  const all = Object.keys(onDemand)
    .map(namespaceOf)
    .filter((ns): ns is string => !!ns);
  await i18n.loadNamespaces(all);
  await i18n.loadLanguages('en');
}

/** The chosen language: a cookie the server reads too (lib/cookies.ts). */
export function storedLanguage(): Language {
  return readCookie(LANG_COOKIE) === 'en' ? 'en' : 'ru';
}

/** The language of the interface, sent as Accept-Language on every request. */
export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'ru';
}

export async function setLanguage(lang: Language): Promise<void> {
  writeCookie(LANG_COOKIE, lang);
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});

void i18n.use(featureBackend).use(initReactI18next).init({
  resources,
  partialBundledLanguages: true,
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
