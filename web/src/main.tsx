import './styles.css';

/**
 * The app starts in steps, each module evaluated in a task of its own
 * (a dynamic import resolves in a later task): i18next and the texts, then
 * React DOM, then the app. One script evaluating all of them at once would
 * block the page for the sum of the three. The chunks still download
 * together, from the start: index.html preloads them (vite.config.ts).
 */
async function main() {
  await import('./lib/i18n');
  const { createRoot } = await import('react-dom/client');
  const { startApp } = await import('./start');
  startApp(createRoot);
}

void main();
