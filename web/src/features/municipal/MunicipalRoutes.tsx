import { Route, Routes } from 'react-router';
import { RoleGate } from '../work/RoleGate';
import NotFound from '../../lib/ui/NotFound';
import HearingsList from './HearingsList';
import HearingForm from './HearingForm';
import HearingControl from './HearingControl';
import LandRights from './LandRights';
import './municipal.css';

/** /work/municipal/*: the MUNICIPAL_OFFICER workspace (public hearings). */
export default function MunicipalRoutes() {
  return (
    <RoleGate need="MUNICIPAL_OFFICER">
      <Routes>
        <Route index element={<HearingsList />} />
        <Route path="new" element={<HearingForm />} />
        <Route path="land-rights" element={<LandRights />} />
        <Route path=":id" element={<HearingControl />} />
        <Route path=":id/edit" element={<HearingForm />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </RoleGate>
  );
}
