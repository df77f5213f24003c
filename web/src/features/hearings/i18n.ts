import type { FeatureTranslations } from '../../lib/i18n/types';

export default {
  ru: { title: 'Публичные слушания' },
  en: { title: 'Public hearings' },
} satisfies FeatureTranslations;
