import { execFileSync } from 'node:child_process';
import { expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** axe-core on the page as it is: no serious or critical violations. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.html).join(', ')}`);
  expect(bad, `accessibility of ${what}`).toEqual([]);
}

/** A phone-size screenshot of a main screen, kept in web/screenshots/ (phone project only). */
export async function screenshot(page: Page, info: TestInfo, name: string): Promise<void> {
  if (info.project.name !== 'phone') return;
  await page.evaluate(() => document.fonts.ready);
  // caret 'initial': hiding it injects a <style>, which the app's CSP refuses.
  await page.screenshot({ path: `screenshots/${name}.png`, caret: 'initial' });
}

/** A fresh Russian mobile number for a registration. */
export function randomPhone(): string {
  const n = Math.floor(Math.random() * 1e7)
    .toString()
    .padStart(7, '0');
  return `+7999${n}`;
}

/** The newest 6-digit code the SMS simulator sent to `to` (GET /dev/messages). */
export async function readCode(page: Page, to: string, skip: Set<string> = new Set()): Promise<string> {
  let code = '';
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/dev/messages?to=${encodeURIComponent(to)}`);
        const body = (await res.json()) as { messages: { id: string; text: string }[] };
        for (const m of body.messages) {
          const found = /(\d{6})/.exec(m.text);
          if (found && !skip.has(m.id)) {
            skip.add(m.id);
            code = found[1]!;
            return true;
          }
        }
        return false;
      },
      { timeout: 20_000, message: `an SMS code for ${to}` },
    )
    .toBe(true);
  return code;
}

export const PASSWORD = 'Zvezda2026x';

/**
 * Makes a registered account an ADMIN with the server's own command
 * (`server admin -login … -reason …`) on the e2e server's database; the
 * account signs in again (or refreshes) to carry the role. An ADMIN grants
 * the other staff roles through the API (grantRole).
 */
export function makeAdmin(login: string): void {
  execFileSync(process.env.E2E_SERVER!, ['admin', '-login', login, '-reason', 'e2e: the first administrator'], {
    cwd: process.env.E2E_DATA_DIR!,
    env: { ...process.env, DATA_DIR: '.', LOG_LEVEL: 'warn' },
    stdio: 'pipe',
  });
}

/** A staff workspace at desk size: desktop project only, into screenshots/work-<name>.png. */
export async function deskScreenshot(page: Page, info: TestInfo, name: string): Promise<void> {
  if (info.project.name !== 'desktop') return;
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `screenshots/work-${name}.png`, caret: 'initial' });
}
