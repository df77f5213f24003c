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
const Statements = lazy(() => import('./features/statements/Placeholder'));
const Notifications = lazy(() => import('./features/notifications/Placeholder'));
const Documents = lazy(() => import('./features/documents/Placeholder'));
const Hearings = lazy(() => import('./features/hearings/Placeholder'));
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
      // later phases: replace the placeholders
      { path: 'statements/*', element: <Statements /> },
      { path: 'notifications/*', element: <Notifications /> },
      { path: 'documents/*', element: <Documents /> },
      { path: 'hearings/*', element: <Hearings /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];
