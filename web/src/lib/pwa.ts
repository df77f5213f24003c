/**
 * Registers the service worker built by vite-plugin-pwa (Workbox): it
 * precaches the shell and keeps catalog queries (GET /graphql, operations
 * named Catalog*) for offline use; nothing personal is cached. Only in the
 * production build: `vite dev` has none.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  // After the page has loaded (its precaching would compete with the
  // page's own requests); the app starts in steps, often after the load.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
