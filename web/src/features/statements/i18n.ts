import type { FeatureTranslations } from '../../lib/i18n/types';

export default {
  ru: { title: 'Штрафы, налоги и платежи' },
  en: { title: 'Fines, taxes and payments' },
} satisfies FeatureTranslations;
