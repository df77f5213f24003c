import './styles.css';

/**
 * The app starts in steps, each module evaluated in a task of its own
 * (a dynamic import resolves in a later task): i18next and the texts, React
 * DOM, the GraphQL client and its cache, then the app. One script evaluating
 * all of them at once would block the page for their sum (a tap waits for
 * the whole task). The chunks still download together, from the start:
 * index.html preloads them (vite.config.ts).
 */
async function main() {
  await import('./lib/i18n');
  const { createRoot } = await import('react-dom/client');
  await import('@urql/core');
  await import('@urql/exchange-graphcache');
  const { startApp } = await import('./start');
  startApp(createRoot);
}

void main();
