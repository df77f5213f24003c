import { lazy, Suspense } from 'react';
import { NavLink, Outlet, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RoleGate } from '../work/RoleGate';
import { Loading } from '../../lib/ui/StateViews';
import './officer.css';

const Queue = lazy(() => import('./Queue'));
const ApplicationView = lazy(() => import('./ApplicationView'));
const Statistics = lazy(() => import('./Statistics'));

/** The workspace's sections above each screen. */
function Layout() {
  const { t } = useTranslation('officer');
  return (
    <div className="page officer">
      <nav aria-label={t('nav.label')}>
        <ul className="work-nav">
          <li>
            <NavLink to="/work/officer" end>
              {t('nav.queue')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/work/officer/statistics">{t('nav.statistics')}</NavLink>
          </li>
        </ul>
      </nav>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </div>
  );
}

/** /work/officer/*: the OFFICER workspace: the queue, an application, the statistics. */
export default function OfficerRoutes() {
  return (
    <RoleGate need="OFFICER">
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Queue />} />
          <Route path="applications/:id" element={<ApplicationView />} />
          <Route path="statistics" element={<Statistics />} />
        </Route>
      </Routes>
    </RoleGate>
  );
}
