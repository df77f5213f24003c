import { lazy } from 'react';
import { Route, Routes } from 'react-router';

const DocumentsList = lazy(() => import('./DocumentsList'));
const DocumentPage = lazy(() => import('./DocumentPage'));
const ApplicationsList = lazy(() => import('./ApplicationsList'));
const ApplicationPage = lazy(() => import('./ApplicationPage'));
const ApplyPage = lazy(() => import('./ApplyPage'));
const ConsentPage = lazy(() => import('./ConsentPage'));

/**
 * /documents/*: the citizen's documents and applications. Deep links of
 * notifications: uslugi://documents/<id> → /documents/<id>,
 * uslugi://applications/<id> → /documents/applications/<id>,
 * uslugi://consents/<id> → /documents/consents/<id>.
 */
export default function DocumentsRoutes() {
  return (
    <Routes>
      <Route index element={<DocumentsList />} />
      <Route path="applications" element={<ApplicationsList />} />
      <Route path="applications/:id" element={<ApplicationPage />} />
      <Route path="applications/:id/rate" element={<ApplicationPage />} />
      <Route path="apply/:serviceCode" element={<ApplyPage />} />
      <Route path="consents/:id" element={<ConsentPage />} />
      <Route path=":id" element={<DocumentPage />} />
    </Routes>
  );
}
