import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common';
import type { FeatureTranslations } from './types';

export type { FeatureTranslations } from './types';

export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'uslugi.lang';

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

/**
 * The language for the server too: it writes the catalog's title into the
 * page it sends on / before any script runs (server/webapp.go).
 */
function setLanguageCookie(lang: Language) {
  if (typeof document === 'undefined') return;
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `uslugi_lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}

export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted
  }
  setLanguageCookie(lang);
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});

// A language chosen before the cookie existed reaches the server from now on.
if (storedLanguage() === 'en') setLanguageCookie('en');

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
