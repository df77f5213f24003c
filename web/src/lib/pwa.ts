/**
 * Registers the service worker built by vite-plugin-pwa (Workbox): it
 * precaches the shell and keeps catalog queries (GET /graphql, operations
 * named Catalog*) for offline use; nothing personal is cached. Only in the
 * production build: `vite dev` has none.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  });
}
