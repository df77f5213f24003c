import { expect, test } from '@playwright/test';

// The service worker is blocked in the other specs; here it runs.
test.use({ serviceWorkers: 'allow' });

test('installable: manifest, icons and a service worker', async ({ page, context }, info) => {
  test.skip(info.project.name !== 'desktop', 'once is enough');
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Транспорт и дороги' })).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito ones, which Chromium never offers to install.
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);

});

// TODO(phase 2): the offline reload does not show the cached catalog yet
// (the shell loads; the catalog queries' cache match is to be checked).
test.fixme('the catalog opens offline', async ({ page, context }) => {
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // Controlled by the worker from the next load; the catalog's answers are kept.
  await page.reload();
  await expect(page.getByRole('link', { name: 'Транспорт и дороги' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await page.waitForTimeout(500);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Нет подключения к интернету' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Транспорт и дороги' })).toBeVisible();
  await context.setOffline(false);
});
