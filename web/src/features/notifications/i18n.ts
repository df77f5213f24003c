import type { FeatureTranslations } from '../../lib/i18n/types';

export default {
  ru: { title: 'Уведомления' },
  en: { title: 'Notifications' },
} satisfies FeatureTranslations;
