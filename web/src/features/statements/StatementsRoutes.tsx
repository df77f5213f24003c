import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Loading } from '../../lib/ui/StateViews';

const Fines = lazy(() => import('./Fines'));
const Taxes = lazy(() => import('./Taxes'));
const Pension = lazy(() => import('./Pension'));
const Receipts = lazy(() => import('./Receipts'));
const Subscriptions = lazy(() => import('./Subscriptions'));
const PaymentResult = lazy(() => import('./PaymentResult'));
const NotFound = lazy(() => import('../../lib/ui/NotFound'));

/** /statements/*: fines, taxes and proceedings, pension, receipts, subscriptions, the payment's result. */
export default function StatementsRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route index element={<Navigate to="fines" replace />} />
        <Route path="fines" element={<Fines />} />
        <Route path="taxes" element={<Taxes />} />
        <Route path="pension" element={<Pension />} />
        <Route path="receipts" element={<Receipts />} />
        <Route path="subscriptions" element={<Subscriptions />} />
        <Route path="payment" element={<PaymentResult />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}
