import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './lib/i18n';
import './styles.css';
import { App } from './App';
import { restoreSession, refreshSession, tokenExpiring, getSession } from './lib/auth/session';
import { registerServiceWorker } from './lib/pwa';

// A session survives a reload through the refresh cookie.
void restoreSession();
// Timers sleep with the tab: refresh on return if the token is about to expire.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && getSession().status === 'signedIn' && tokenExpiring(Date.now() + 60_000)) {
    void refreshSession();
  }
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

registerServiceWorker();
