import type { FeatureTranslations } from '../../lib/i18n/types';

export default {
  ru: { title: 'Документы и заявления' },
  en: { title: 'Documents and applications' },
} satisfies FeatureTranslations;
