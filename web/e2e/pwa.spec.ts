import { expect, test } from '@playwright/test';
import { registerApi, signInPage } from './api';
import { randomPhone } from './helpers';

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

/**
 * The worker keeps the public catalog's answers (GET /graphql, operations
 * named Catalog*, network first) and the app's files: with the connection
 * gone, the catalog and a service page seen before still open. Nothing
 * personal is kept: a signed-in citizen's queries are not in the cache and
 * his account is not shown offline.
 */
test('offline: the catalog and a visited service page open from the cache; nothing personal is kept', async ({ page, context, request }, info) => {
  test.skip(info.project.name !== 'desktop', 'once is enough');
  test.setTimeout(120_000);
  const phone = randomPhone();
  const lastName = 'Офлайнов';
  await registerApi(request, phone, lastName);

  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // Controlled by the worker from the next load.
  await page.reload();
  await expect(page.getByRole('link', { name: 'Транспорт и дороги' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  // Signed in, the citizen sees his account, then browses to a service.
  await signInPage(page, phone);
  await expect(page.getByRole('heading', { name: new RegExp(lastName) })).toBeVisible();
  await page.getByRole('link', { name: 'Услуги', exact: true }).first().click();
  await expect(page.getByRole('link', { name: 'Транспорт и дороги' })).toBeVisible();
  await page.getByRole('link', { name: 'Транспорт и дороги' }).click();
  const service = page.locator('.service-card-name').first();
  const serviceName = (await service.textContent())!;
  await service.click();
  await expect(page.getByRole('heading', { level: 1, name: serviceName })).toBeVisible();
  const servicePath = new URL(page.url()).pathname;

  // What the worker kept: catalog queries only, none of them holding the citizen's data.
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open('catalog')).keys()).map((r) => r.url)))
    .toContainEqual(expect.stringContaining('operationName=CatalogService&'));
  const cached = await page.evaluate(async () => {
    const out: { url: string; body: string }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        if (new URL(req.url).pathname !== '/graphql') continue;
        out.push({ url: req.url, body: await (await cache.match(req))!.text() });
      }
    }
    return out;
  });
  for (const { url, body } of cached) {
    expect(new URL(url).searchParams.get('operationName'), url).toMatch(/^Catalog[A-Z]/);
    expect(body, url).not.toContain(lastName);
    expect(body, url).not.toContain(phone.slice(2));
  }

  // Offline: the catalog, then the service page, from the cache.
  await context.setOffline(true);
  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: 'Нет подключения к интернету' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Транспорт и дороги' })).toBeVisible();
  await page.goto(servicePath);
  await expect(page.getByRole('heading', { level: 1, name: serviceName })).toBeVisible();
  // The account is not: no name of the citizen anywhere.
  await page.goto('/account');
  await expect(page.getByRole('status').filter({ hasText: 'Нет подключения к интернету' })).toBeVisible();
  await expect(page.getByText(lastName)).toHaveCount(0);
  await context.setOffline(false);
});
