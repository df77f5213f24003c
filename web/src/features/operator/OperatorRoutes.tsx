import { Route, Routes } from 'react-router';
import { RoleGate } from '../work/RoleGate';
import NotFound from '../../lib/ui/NotFound';
import CitizenPage from './CitizenPage';
import CentreDuplicates from './CentreDuplicates';
import CentreResults from './CentreResults';
import './operator.css';

/**
 * /work/operator/*: the service-centre operator's workspace (role OPERATOR):
 * the citizen at the desk (find by SNILS, confirm the identity, make an
 * electronic duplicate), the centre's duplicates, results to hand out.
 */
export default function OperatorRoutes() {
  return (
    <RoleGate need="OPERATOR">
      <Routes>
        <Route index element={<CitizenPage />} />
        <Route path="duplicates" element={<CentreDuplicates />} />
        <Route path="results" element={<CentreResults />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </RoleGate>
  );
}
