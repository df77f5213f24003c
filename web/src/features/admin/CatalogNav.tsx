import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';

const ITEMS = [
  { key: 'services', to: '/work/admin/catalog', match: (p: string) => p === '/work/admin/catalog' || p.startsWith('/work/admin/catalog/services') },
  { key: 'departments', to: '/work/admin/catalog/departments' },
  { key: 'categories', to: '/work/admin/catalog/categories' },
  { key: 'regions', to: '/work/admin/catalog/regions' },
  { key: 'changes', to: '/work/admin/catalog/changes' },
] as const;

/** The catalog's parts: services, departments, categories, regions, the changes' record. */
export function CatalogNav() {
  const { t } = useTranslation('admin');
  const { pathname } = useLocation();
  return (
    <nav aria-label={t('catalogNav.label')}>
      <ul className="work-nav admin-subnav">
        {ITEMS.map((i) => {
          const current = 'match' in i ? i.match(pathname) : pathname.startsWith(i.to);
          return (
            <li key={i.key}>
              <Link to={i.to} aria-current={current ? 'page' : undefined}>
                {t(`catalogNav.${i.key}`)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
