/** A feature's texts: the same keys in Russian (the default) and English. */
export interface FeatureTranslations {
  ru: Record<string, unknown>;
  en: Record<string, unknown>;
}
