import { BrowserRouter, useRoutes } from 'react-router';
import { ClientProvider } from './lib/client/ClientProvider';
import { routes } from './routes';

function AppRoutes() {
  return useRoutes(routes);
}

export function App() {
  return (
    <ClientProvider>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </ClientProvider>
  );
}
