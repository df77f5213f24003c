import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{t('common:state.notFound')}</h1>
      <p>{t('common:state.notFoundHint')}</p>
      <p>
        <Link to="/">{t('common:state.toCatalog')}</Link>
      </p>
    </section>
  );
}
