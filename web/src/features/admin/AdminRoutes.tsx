import { lazy } from 'react';
import { Link, NavLink, Outlet, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RoleGate } from '../work/RoleGate';
import './admin.css';

const ServicesList = lazy(() => import('./ServicesList'));
const ServiceEditor = lazy(() => import('./ServiceEditor'));
const CatalogRefs = lazy(() => import('./CatalogRefs'));
const CatalogChanges = lazy(() => import('./CatalogChanges'));
const Roles = lazy(() => import('./Roles'));
const RoleHolders = lazy(() => import('./RoleHolders'));
const AuditLog = lazy(() => import('./AuditLog'));
const Jobs = lazy(() => import('./Jobs'));

const AREAS = ['catalog', 'roles', 'audit', 'jobs'] as const;

/** The workspace's sections, on every screen. */
function Layout() {
  const { t } = useTranslation('admin');
  return (
    <div className="page admin">
      <nav aria-label={t('nav.label')}>
        <ul className="work-nav">
          {AREAS.map((a) => (
            <li key={a}>
              <NavLink to={`/work/admin/${a}`}>{t(`nav.${a}`)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

/** /work/admin: what the administrator can do here. */
function Home() {
  const { t } = useTranslation('admin');
  return (
    <>
      <h1 id="page-title">{t('work:workspace.ADMIN')}</h1>
      <p>{t('home.intro')}</p>
      <ul className="card-list admin-cards">
        {AREAS.map((a) => (
          <li key={a} className="card">
            <Link to={`/work/admin/${a}`} className="card-title">
              {t(`nav.${a}`)}
            </Link>
            <p>{t(`home.${a}`)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

/** /work/admin/*: the ADMIN workspace. */
export default function AdminRoutes() {
  return (
    <RoleGate need="ADMIN">
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Home />} />
          <Route path="catalog" element={<ServicesList />} />
          <Route path="catalog/services/new" element={<ServiceEditor />} />
          <Route path="catalog/services/:id" element={<ServiceEditor />} />
          <Route path="catalog/departments" element={<CatalogRefs kind="DEPARTMENT" />} />
          <Route path="catalog/categories" element={<CatalogRefs kind="CATEGORY" />} />
          <Route path="catalog/regions" element={<CatalogRefs kind="REGION" />} />
          <Route path="catalog/changes" element={<CatalogChanges />} />
          <Route path="roles" element={<Roles />} />
          <Route path="roles/holders" element={<RoleHolders />} />
          <Route path="audit" element={<AuditLog />} />
          <Route path="jobs" element={<Jobs />} />
        </Route>
      </Routes>
    </RoleGate>
  );
}
