import { useTranslation } from 'react-i18next';
import { ComingSoon } from '../../lib/ui/StateViews';

/** Replaced by the documents screens in a later phase. */
export default function Placeholder() {
  const { t } = useTranslation('documents');
  return <ComingSoon title={t('title')} />;
}
