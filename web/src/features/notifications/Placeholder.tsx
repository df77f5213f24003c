import { useTranslation } from 'react-i18next';
import { ComingSoon } from '../../lib/ui/StateViews';

/** Replaced by the notifications screens in a later phase. */
export default function Placeholder() {
  const { t } = useTranslation('notifications');
  return <ComingSoon title={t('title')} />;
}
