import { useTranslation } from 'react-i18next';
import { ComingSoon } from '../../lib/ui/StateViews';

/** Replaced by the statements screens in a later phase. */
export default function Placeholder() {
  const { t } = useTranslation('statements');
  return <ComingSoon title={t('title')} />;
}
