/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type Rollup } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import optimizeLocales from '@react-aria/optimize-locales-plugin';

// The Go server (go run ./server) for `vite dev` and `vite preview`; the
// built app is embedded in the server and served by it at /.
const api = process.env.USLUGI_API ?? 'http://127.0.0.1:8080';
const proxy = {
  '/graphql': { target: api, ws: true },
  '/dev': { target: api },
  '/files': { target: api },
};

/**
 * The chunks the first screen runs beyond the entry and its static imports:
 * the chunks the entry imports dynamically (it starts the app in steps:
 * src/main.tsx) and the landing screens (lazy route chunks whose module
 * matches one of routes), with their imports.
 */
function firstScreenChunks(bundle: Rollup.OutputBundle, routes: RegExp[]): Set<string> {
  const files = new Set<string>();
  const visit = (name: string) => {
    const chunk = bundle[name];
    if (!chunk || chunk.type !== 'chunk' || files.has(name)) return;
    if (chunk.isEntry) return; // the entry and its imports have their tags
    files.add(name);
    chunk.imports.forEach(visit);
  };
  for (const chunk of Object.values(bundle)) {
    if (chunk.type !== 'chunk') continue;
    if (chunk.isEntry) chunk.dynamicImports.forEach(visit);
    else if (chunk.facadeModuleId && routes.some((r) => r.test(chunk.facadeModuleId!))) visit(chunk.fileName);
  }
  return files;
}

/**
 * <link rel="modulepreload"> for what the first screen needs beyond the
 * entry chunk (firstScreenChunks). Without it the browser would ask for each
 * only once the code before it had run; with it they download beside the
 * entry.
 */
function preloadRoutes(routes: RegExp[]): Plugin {
  return {
    name: 'uslugi-preload-routes',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        return [...firstScreenChunks(ctx.bundle, routes)].sort().map((f) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/**
 * V8's explicit compile hint (`//# allFunctionsCalledOnLoad`, Chromium 136
 * and later) on the chunks the first screen runs: their functions are
 * compiled on the thread that streams the download, not lazily on the main
 * thread the first time each runs. Without it the first render's units of
 * work (the client, the router, the frame) took 80–120 ms each on a 4×
 * slowed CPU, mostly compiling; React cannot yield inside one. Added after
 * minification, which would strip the comment; other browsers ignore it.
 */
function compileHints(routes: RegExp[]): Plugin {
  const HINT = '//# allFunctionsCalledOnLoad\n';
  return {
    name: 'uslugi-compile-hints',
    apply: 'build',
    enforce: 'post',
    generateBundle(_, bundle) {
      const files = firstScreenChunks(bundle, routes);
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        if (chunk.isEntry) {
          files.add(chunk.fileName);
          chunk.imports.forEach((f) => files.add(f));
        }
      }
      for (const name of files) {
        const chunk = bundle[name];
        if (chunk?.type === 'chunk' && !chunk.code.startsWith(HINT)) chunk.code = HINT + chunk.code;
      }
    },
  };
}

/**
 * The entry's stylesheet inlined into index.html as a <style>: the first
 * paint then waits for the document alone, not for a second request that
 * competes with the scripts (the server allows this one block by its hash in
 * the Content-Security-Policy: server/webapp.go).
 */
function inlineEntryCss(): Plugin {
  return {
    name: 'uslugi-inline-entry-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        return html.replace(/<link rel="stylesheet" crossorigin href="\/(assets\/[^"]+\.css)">/, (tag, file: string) => {
          const asset = bundle[file];
          if (!asset || asset.type !== 'asset') return tag;
          return `<style>${String(asset.source).replaceAll('</style', '<\\/style')}</style>`;
        });
      },
    },
  };
}

// The screens a visitor lands on: the catalog's home and a service page.
const LANDING = [/\/features\/catalog\/(CatalogHome|ServicePage)\.tsx$/];

export default defineConfig(({ command }) => ({
  resolve: {
    // React Router's package resolves to its development build by default.
    alias: command === 'build' ? [{ find: /^react-router$/, replacement: fileURLToPath(new URL('node_modules/react-router/dist/production/index.mjs', import.meta.url)) }] : [],
  },
  plugins: [
    react(),
    preloadRoutes(LANDING),
    compileHints(LANDING),
    inlineEntryCss(),
    // Only the app's languages of React Aria's built-in strings.
    { ...optimizeLocales.vite({ locales: ['ru-RU', 'en-US'] }), enforce: 'pre' },
    VitePWA({
      // Registered by src/lib/pwa.ts: no inline script (the server's CSP
      // allows only the app's own files).
      injectRegister: false,
      registerType: 'autoUpdate',
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'Услуги — государственные и муниципальные услуги',
        short_name: 'Услуги',
        description: 'Каталог государственных и муниципальных услуг',
        lang: 'ru',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0d4cd3',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/graphql/, /^\/graphiql/, /^\/dev\//, /^\/files/, /^\/payments/, /^\/healthz/, /^\/readyz/, /^\/metrics/],
        cleanupOutdatedCaches: true,
        sourcemap: false,
        runtimeCaching: [
          {
            // Only the public catalog: GET /graphql whose operation is named
            // Catalog*. Nothing personal is ever cached (see web/README.md).
            urlPattern: ({ url, request }) =>
              request.method === 'GET' &&
              url.pathname === '/graphql' &&
              /^Catalog[A-Z]\w*$/.test(url.searchParams.get('operationName') ?? ''),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'catalog',
              networkTimeoutSeconds: 4,
              expiration: { maxEntries: 300, maxAgeSeconds: 7 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 400,
  },
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, strictPort: true, proxy },
  test: {
    environment: 'jsdom',
    setupFiles: ['./vitest.setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
}));
