import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { Shell } from './lib/ui/Shell';

/**
 * The route table: the one file every feature edits to add its screens.
 * Each screen is its own chunk (React.lazy), loaded when its route is first
 * visited: a module that default-exports the screen's component. The Shell
 * shows the loading state meanwhile and catches a screen that fails.
 */
const CatalogHome = lazy(() => import('./features/catalog/CatalogHome'));
const ServiceList = lazy(() => import('./features/catalog/ServiceList'));
const ServicePage = lazy(() => import('./features/catalog/ServicePage'));
const SignIn = lazy(() => import('./features/account/SignIn'));
const Register = lazy(() => import('./features/account/Register'));
const AccountHome = lazy(() => import('./features/account/AccountHome'));
const PersonalData = lazy(() => import('./features/account/PersonalData'));
const AccountConfirm = lazy(() => import('./features/account/Confirm'));
const AccountSessions = lazy(() => import('./features/account/Sessions'));
const AccountFamily = lazy(() => import('./features/account/Family'));
const Recover = lazy(() => import('./features/account/Recover'));
const Statements = lazy(() => import('./features/statements/StatementsRoutes'));
const NotificationsFeed = lazy(() => import('./features/notifications/Feed'));
const NotificationsSettings = lazy(() => import('./features/notifications/Settings'));
const Documents = lazy(() => import('./features/documents/DocumentsRoutes'));
const VerifyDocument = lazy(() => import('./features/documents/Verify'));
const HearingsList = lazy(() => import('./features/hearings/HearingsList'));
const HearingPage = lazy(() => import('./features/hearings/HearingPage'));
const Workspaces = lazy(() => import('./features/work/Workspaces'));
const OperatorRoutes = lazy(() => import('./features/operator/OperatorRoutes'));
const OfficerRoutes = lazy(() => import('./features/officer/OfficerRoutes'));
const MunicipalRoutes = lazy(() => import('./features/municipal/MunicipalRoutes'));
const AdminRoutes = lazy(() => import('./features/admin/AdminRoutes'));
const NotFound = lazy(() => import('./lib/ui/NotFound'));

export const routes: RouteObject[] = [
  {
    element: <Shell />,
    children: [
      // catalog
      { index: true, element: <CatalogHome /> },
      { path: 'category/:id', element: <ServiceList /> },
      { path: 'department/:id', element: <ServiceList /> },
      { path: 'situation/:id', element: <ServiceList /> },
      { path: 'service/:id', element: <ServicePage /> },
      // account
      { path: 'signin', element: <SignIn /> },
      { path: 'register', element: <Register /> },
      { path: 'register/confirm', element: <Register /> },
      { path: 'account', element: <AccountHome /> },
      { path: 'account/personal', element: <PersonalData /> },
      { path: 'account/confirm', element: <AccountConfirm /> },
      { path: 'account/sessions', element: <AccountSessions /> },
      { path: 'account/family', element: <AccountFamily /> },
      { path: 'recover', element: <Recover /> },
      // later phases: replace the placeholders
      { path: 'statements/*', element: <Statements /> },
      { path: 'notifications', element: <NotificationsFeed /> },
      { path: 'notifications/settings', element: <NotificationsSettings /> },
      { path: 'documents/*', element: <Documents /> },
      { path: 'verify', element: <VerifyDocument /> },
      { path: 'hearings', element: <HearingsList /> },
      { path: 'hearings/:id', element: <HearingPage /> },
      // staff workspaces (each behind its role)
      { path: 'work', element: <Workspaces /> },
      { path: 'work/operator/*', element: <OperatorRoutes /> },
      { path: 'work/officer/*', element: <OfficerRoutes /> },
      { path: 'work/municipal/*', element: <MunicipalRoutes /> },
      { path: 'work/admin/*', element: <AdminRoutes /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];
