import { defineConfig } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * End-to-end tests in Debian's Chromium against the real Go server on its
 * embedded defaults (SQLite, in-process Redis, simulated gateways).
 *
 * When the server embeds the built app (web/web.go exists and the server
 * uses package web), it alone serves http://localhost:PORT: the tests check
 * the embedded build. Until then `vite preview` serves the build at PORT and
 * proxies /graphql and /dev to the Go server at API_PORT.
 *
 * localhost, not 127.0.0.1: Chromium keeps Secure cookies on http://localhost.
 */
const PORT = Number(process.env.E2E_PORT ?? 18490);
const API_PORT = Number(process.env.E2E_API_PORT ?? 18491);
export const BASE_URL = `http://localhost:${PORT}`;

function serverEmbedsApp(): boolean {
  if (process.env.E2E_MODE) return process.env.E2E_MODE === 'embedded';
  if (!existsSync('web.go')) return false;
  return readdirSync('../server')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
    .some((f) => readFileSync(`../server/${f}`, 'utf8').includes('"github.com/uslugi/uslugi/web"'));
}
const embedded = serverEmbedsApp();

// Sign-in and registration limits would trip over the tests' many
// registrations from one address: off for the test server only.
// E2E_SERVER_BIN: a server binary built already (skips `go build`).
const build = process.env.E2E_SERVER_BIN
  ? `cp "${process.env.E2E_SERVER_BIN}" /tmp/uslugi-e2e-${PORT}`
  : `cd .. && go build -o /tmp/uslugi-e2e-${PORT} ./server`;
// The server's data folder is known to the tests, so they can run the
// binary's own commands on the same database (server admin: the first
// ADMIN, who then grants the staff roles through the API).
const DATA_DIR = process.env.E2E_DATA_DIR ?? `/tmp/uslugi-e2e-data-${PORT}`;
process.env.E2E_DATA_DIR = DATA_DIR;
process.env.E2E_SERVER = `/tmp/uslugi-e2e-${PORT}`;
// E2E_DIST: serve a build from this folder (WEB_DIST_DIR) instead of the
// one embedded in the binary, e.g. `npx vite build --outDir /tmp/dist-x`.
const webDist = process.env.E2E_DIST ? `WEB_DIST_DIR=${process.env.E2E_DIST} ` : '';
// A certification centre of the test server's own (ESIGN_TRUSTED_CAS), made
// in its data folder: the tests issue a citizen's qualified certificate under
// it with openssl to confirm an identity by electronic signature.
const esignCA =
  'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out esign-ca.key && ' +
  'openssl req -x509 -key esign-ca.key -out esign-ca.pem -days 3650 -subj "/CN=e2e certification centre" ' +
  '-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign';
const goServer = (addr: string) =>
  `${build} && rm -rf "${DATA_DIR}" && mkdir -p "${DATA_DIR}" && cd "${DATA_DIR}" && ${esignCA} && ` +
  `${webDist}ESIGN_TRUSTED_CAS=esign-ca.pem DATA_DIR=. HTTP_ADDR=${addr} PUBLIC_URL=${BASE_URL} LOG_LEVEL=warn ` +
  `RATE_LIMIT_AUTH_PER_MINUTE=0 RATE_LIMIT_MUTATIONS_PER_MINUTE=0 AGENCY_CHECK_LATENCY=3s exec /tmp/uslugi-e2e-${PORT}`;

const chromium = {
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    launchOptions: chromium,
    trace: 'retain-on-failure',
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'phone',
      use: {
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        userAgent:
          'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
      },
    },
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
  ],
  webServer: embedded
    ? [{ command: goServer(`127.0.0.1:${PORT}`), url: `http://127.0.0.1:${PORT}/healthz`, timeout: 300_000, reuseExistingServer: false, stdout: 'pipe' }]
    : [
        { command: goServer(`127.0.0.1:${API_PORT}`), url: `http://127.0.0.1:${API_PORT}/healthz`, timeout: 300_000, reuseExistingServer: false, stdout: 'pipe' },
        {
          command: `USLUGI_API=http://127.0.0.1:${API_PORT} npx vite preview --port ${PORT} --strictPort`,
          url: `http://127.0.0.1:${PORT}/`,
          timeout: 60_000,
          reuseExistingServer: false,
        },
      ],
});
