import { StrictMode, startTransition } from 'react';
import type { createRoot as CreateRoot } from 'react-dom/client';
import { App } from './App';
import { restoreSession, refreshSession, tokenExpiring, getSession } from './lib/auth/session';
import { registerServiceWorker } from './lib/pwa';
import { capturePrerenderedService } from './features/catalog/prerendered';

/** The app's start, once i18n and React DOM are loaded (main.tsx). */
export function startApp(createRoot: typeof CreateRoot): void {
  // A session survives a reload through the refresh cookie.
  void restoreSession();
  // Timers sleep with the tab: refresh on return if the token is about to expire.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && getSession().status === 'signedIn' && tokenExpiring(Date.now() + 60_000)) {
      void refreshSession();
    }
  });

  capturePrerenderedService();

  // A transition: React renders the first screen in short slices that let the
  // browser in between, not in one long task that blocks input while it starts.
  const root = createRoot(document.getElementById('root')!);
  startTransition(() => {
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });

  registerServiceWorker();
}
