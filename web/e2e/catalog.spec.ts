import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot } from './helpers';

test('browse the catalog: category, then a service page', async ({ page }, info) => {
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Государственные и муниципальные услуги' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Категории' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Транспорт и дороги' })).toBeVisible();
  await expectAccessible(page, 'the catalog');
  await screenshot(page, info, 'catalog');

  // Business audience: its own categories.
  await page.getByRole('link', { name: 'Бизнесу' }).click();
  await expect(page).toHaveURL(/for=LEGAL_ENTITY/);
  await expect(page.getByRole('link', { name: 'Бизнесу' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('link', { name: 'Гражданам' }).click();

  await page.getByRole('heading', { name: 'Категории' }).scrollIntoViewIfNeeded();
  const category = page.locator('.tile').first();
  const categoryName = (await category.textContent()) ?? '';
  await category.click();
  await expect(page.getByRole('heading', { level: 1, name: categoryName })).toBeVisible();
  await expect(page.locator('.service-card').first()).toBeVisible();
  await expectAccessible(page, 'a category');
  await screenshot(page, info, 'category');

  const service = page.locator('.service-card-name').first();
  const serviceName = (await service.textContent()) ?? '';
  await service.click();
  await expect(page.getByRole('heading', { level: 1, name: serviceName })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Можно ли получить услугу' })).toBeVisible();
  await expect(page.getByText('Чтобы получить услугу, войдите или зарегистрируйтесь')).toBeVisible();
  await expectAccessible(page, 'a service page');
  await screenshot(page, info, 'service');
  expect(cspErrors, 'nothing the Content-Security-Policy refuses').toEqual([]);
});

test('a service page opened by its link: the server sends its heading, the app keeps it and adds the rest', async ({ page }) => {
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  const sent = await (await page.request.get('/service/U2VydmljZTox')).text();
  expect(sent).toContain('<h1 id="page-title">Проверка и оплата штрафов ГИБДД</h1>');
  // Before any script: the heading is in the page the server sent.
  await page.route(/\/assets\/.*\.js$/, (route) => route.abort());
  await page.goto('/service/U2VydmljZTox');
  await expect(page.locator('#page-title')).toHaveText('Проверка и оплата штрафов ГИБДД');
  await expect(page.locator('.lead')).toContainText('Проверка неоплаченных штрафов');
  await page.unroute(/\/assets\/.*\.js$/);
  // With the app: the same heading, then the rest of the page below it.
  await page.goto('/service/U2VydmljZTox');
  await expect(page.getByRole('heading', { level: 1, name: 'Проверка и оплата штрафов ГИБДД' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Можно ли получить услугу' })).toBeVisible();
  expect(cspErrors, 'nothing the Content-Security-Policy refuses').toEqual([]);
});

test('search shows results as you type', async ({ page }, info) => {
  await page.goto('/');
  const search = page.getByRole('searchbox', { name: 'Поиск услуг' });
  await search.pressSequentially('штрафы', { delay: 60 });
  await expect(page.getByRole('status').filter({ hasText: /Найден/ })).toBeVisible();
  await expect(page.locator('.service-card-name').filter({ hasText: 'штраф' }).first()).toBeVisible();
  await expect(page).toHaveURL(/q=/);
  await expectAccessible(page, 'search results');
  await screenshot(page, info, 'search');

  await search.fill('загранич пасп');
  await expect(page.locator('.service-card-name').filter({ hasText: /загранич/i }).first()).toBeVisible();

  await search.fill('ыыыыыы');
  await expect(page.getByText('По запросу «ыыыыыы» ничего не нашлось')).toBeVisible();
});

test('the region picker changes availability', async ({ page }, info) => {
  await page.goto('/?q=' + encodeURIComponent('вызов врача на дом'));
  await page.locator('.service-card-name').filter({ hasText: 'Вызов врача на дом' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Вызов врача на дом' })).toBeVisible();

  const availability = page.getByRole('region', { name: 'Доступность в регионе' });
  const pick = async (name: string) => {
    await availability.getByRole('button', { name: /Регион/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Выбор региона' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('combobox', { name: 'Регион' }).fill(name);
    await page.getByRole('option', { name }).click();
    await expect(dialog).toBeHidden();
  };

  await pick('Москва');
  await expect(availability.getByText('Услуга недоступна в регионе «Москва»')).toBeVisible();
  await expectAccessible(page, 'a service not offered in the region');
  await screenshot(page, info, 'service-unavailable');

  await pick('Республика Татарстан');
  await expect(availability.getByText(/Услуга доступна в регионе «Республика Татарстан/)).toBeVisible();

  // The choice is kept: the catalog lists by that region.
  await page.reload();
  await expect(availability.getByText(/Услуга доступна в регионе «Республика Татарстан/)).toBeVisible();
});

test('English is a switch away, kept across reloads and sent to the API', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Транспорт и дороги' })).toBeVisible();
  const request = page.waitForRequest((r) => r.url().includes('/graphql') && r.headers()['accept-language'] === 'en');
  await page.getByRole('button', { name: 'EN — Язык: English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'State and municipal services' })).toBeVisible();
  await request;
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('link', { name: 'Transport and roads' })).toBeVisible();
  // The server knows the choice too: the page it sends shows the English
  // title before any script runs.
  const sent = await (await page.request.get('/')).text();
  expect(sent).toContain('<html lang="en">');
  expect(sent).toContain('>State and municipal services</h1>');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'State and municipal services' })).toBeVisible();
  await expectAccessible(page, 'the catalog in English');
  await page.getByRole('button', { name: 'RU — Language: Русский' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Государственные и муниципальные услуги' })).toBeVisible();
  expect(await (await page.request.get('/')).text()).toContain('>Государственные и муниципальные услуги</h1>');
});
