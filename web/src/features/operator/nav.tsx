import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

/** The workspace's sections: the citizen at the desk, the centre's duplicates, results to hand out. */
export function WorkNav() {
  const { t } = useTranslation('operator');
  const items = [
    { to: '/work/operator', key: 'citizen', end: true },
    { to: '/work/operator/duplicates', key: 'duplicates', end: false },
    { to: '/work/operator/results', key: 'results', end: false },
  ];
  return (
    <nav aria-label={t('nav.label')}>
      <ul className="work-nav">
        {items.map((i) => (
          <li key={i.key}>
            <NavLink to={i.to} end={i.end}>
              {t(`nav.${i.key}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
