import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

/** Granting roles; who holds them. */
export function RolesNav() {
  const { t } = useTranslation('admin');
  return (
    <nav aria-label={t('rolesNav.label')}>
      <ul className="work-nav admin-subnav">
        <li>
          <NavLink to="/work/admin/roles" end>
            {t('rolesNav.grant')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/work/admin/roles/holders">{t('rolesNav.holders')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
