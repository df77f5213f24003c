import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { gql, PNG, signInPage, staff, verifiedCitizen } from './api';
import { expectAccessible, screenshot } from './helpers';

/**
 * Documents and applications: a verified citizen applies for address
 * registration (a draft left mid-way and resumed, the owner's consent
 * uploaded), an officer of the migration service moves it and the citizen
 * sees each stage live, answers a request, opens the signed result and rates
 * the service; anyone checks a document on the public /verify page.
 */

async function move(request: APIRequestContext, token: string, id: string, to: string, comment?: string) {
  const r = await gql<{ moveApplication: { application: { status: string } | null; userErrors: { message: string }[] } }>(
    request,
    'mutation($in: MoveApplicationInput!) { moveApplication(input: $in) { application { status } userErrors { message } } }',
    { in: { id, to, ...(comment ? { comment } : {}) } },
    token,
  );
  expect(r.moveApplication.userErrors).toEqual([]);
  expect(r.moveApplication.application?.status).toBe(to);
}

async function signIn(page: Page, phone: string) {
  await signInPage(page, phone);
  await expect(page.getByTestId('account-tier')).toHaveText('Стандартная');
}

test('apply for address registration, resume the draft, follow the stages, rate', async ({ page, request }, info) => {
  test.setTimeout(150_000);
  const { phone } = await verifiedCitizen(request);
  await signIn(page, phone);

  // The service page links to the online application.
  const found = await gql<{ services: { edges: { node: { id: string; code: string } }[] } }>(
    request,
    '{ services(filter: { query: "регистрация по месту жительства" }, first: 10) { edges { node { id code } } } }',
  );
  const service = found.services.edges.find((e) => e.node.code === 'address_registration');
  if (service) {
    await page.goto(`/service/${service.node.id}`);
    await page.getByRole('link', { name: 'Подать заявление' }).click();
  } else {
    await page.goto('/documents/apply/address_registration');
  }
  await expect(page.getByRole('heading', { level: 1, name: /Заявление/ })).toBeVisible();

  // A few fields, each saved as a draft; a bad value is shown beside its field.
  await page.locator('label.radio', { hasText: 'По месту жительства' }).click();
  await expect(page.getByTestId('draft-status')).toHaveText('Черновик сохранён');
  const address = page.getByRole('textbox', { name: 'Адрес' });
  await address.fill('Казань');
  await address.blur();
  await expect(page.locator('.field-error', { hasText: 'Не короче 10 символов' })).toBeVisible();
  await address.fill('г. Казань, ул. Баумана, д. 1, кв. 2');
  await address.blur();
  await expect(page.locator('.field-error', { hasText: 'Не короче 10 символов' })).toHaveCount(0);
  await expect(page).toHaveURL(/draft=/);
  await expect(page.getByTestId('draft-status')).toHaveText('Черновик сохранён');
  await expectAccessible(page, 'the application form');
  await screenshot(page, info, 'documents-apply');

  // Leave mid-way; the draft is in my applications and resumes where it was.
  await page.goto('/documents/applications');
  await expect(page.getByRole('heading', { level: 1, name: 'Мои заявления' })).toBeVisible();
  await expectAccessible(page, 'my applications');
  await page.getByRole('link', { name: /Черновик/ }).click();
  await expect(page.getByText('Продолжаем заполнение черновика')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Адрес' })).toHaveValue('г. Казань, ул. Баумана, д. 1, кв. 2');
  await expect(page.getByRole('radio', { name: 'По месту жительства' })).toBeChecked();

  // Submitting without the date: the field says so.
  await page.getByRole('button', { name: 'Подать заявление' }).click();
  await expect(page.locator('.field-error', { hasText: 'Обязательное поле' })).toBeVisible();
  await page.getByLabel('С какого числа').fill('2026-12-01');
  // Without the owner's consent the server names the document.
  await page.getByRole('button', { name: 'Подать заявление' }).click();
  await expect(page.locator('fieldset .field-error')).toBeVisible();
  await page.getByLabel('Файл: Согласие собственника жилья').setInputFiles({ name: 'consent.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('attached-OWNER_CONSENT')).toBeVisible();
  await page.getByRole('button', { name: 'Подать заявление' }).click();

  await expect(page).toHaveURL(/\/documents\/applications\/[^/]+$/);
  await expect(page.getByTestId('application-status')).toHaveText('Подано');
  await expectAccessible(page, 'the application');
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

  // An OFFICER of the migration service (guvm), who handles address registration.
  const token = (await staff(request, [['OFFICER', 'guvm']])).session.accessToken;

  // Each stage shows up live, without reloading.
  await move(request, token, id, 'REGISTERED');
  await expect(page.getByTestId('application-status')).toHaveText('Зарегистрировано', { timeout: 15_000 });
  await move(request, token, id, 'IN_PROGRESS');
  await move(request, token, id, 'AWAITING_CITIZEN', 'Уточните номер квартиры');
  await expect(page.getByTestId('application-status')).toHaveText('Ждём вашего ответа', { timeout: 15_000 });
  await expect(page.getByText('Уточните номер квартиры').first()).toBeVisible();
  await expectAccessible(page, 'an application awaiting the citizen');
  await screenshot(page, info, 'documents-application');
  await page.getByRole('textbox', { name: 'Ваш ответ' }).fill('Квартира 2');
  await page.getByRole('button', { name: 'Отправить ответ' }).click();
  await expect(page.getByTestId('application-status')).toHaveText('Рассматривается');
  await move(request, token, id, 'COMPLETED', 'Зарегистрирован по месту жительства');
  await expect(page.getByTestId('application-status')).toHaveText('Услуга оказана', { timeout: 15_000 });
  await expect(page.getByTestId('application-stages').locator('li')).toHaveCount(6);

  // Rate once: the score shows at once in place of the form, and again after a reload.
  await page.locator('label.radio', { hasText: '5' }).click();
  await expect(page.getByRole('radio', { name: '5 из 5' })).toBeChecked();
  await page.getByRole('button', { name: 'Оценить' }).click();
  await expect(page.getByTestId('my-rating')).toHaveText('Вы оценили: 5 из 5 Спасибо за оценку!');
  await expect(page.getByRole('button', { name: 'Оценить' })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('my-rating')).toHaveText('Вы оценили: 5 из 5');
  await expect(page.getByRole('heading', { level: 2, name: 'Ваша оценка' })).toBeVisible();
  await expect(page.getByRole('radio', { name: '5 из 5' })).toHaveCount(0);
  await expectAccessible(page, 'a rated application');

  // The result is among the documents, signed by the department.
  await page.getByRole('link', { name: 'Открыть документ с результатом' }).click();
  await expect(page.getByText('Документ подлинный')).toBeVisible();
  await expectAccessible(page, 'a document');
  await page.goto('/documents');
  await expect(page.getByRole('heading', { level: 1, name: 'Документы и заявления' })).toBeVisible();
  await expect(page.locator('.doc-item')).toHaveCount(1);
  await expectAccessible(page, 'the documents');
  await screenshot(page, info, 'documents-list');
});

test('the public verification page says a random hash is not genuine', async ({ page }, info) => {
  await page.goto('/verify');
  await expect(page.getByRole('heading', { level: 1, name: 'Проверка подлинности документа' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Хеш SHA-256' }).fill('abc');
  await page.getByRole('button', { name: 'Проверить' }).click();
  await expect(page.locator('.field-error', { hasText: '64 символа' })).toBeVisible();
  const hash = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
  await page.getByRole('textbox', { name: 'Хеш SHA-256' }).fill(hash);
  await page.getByRole('button', { name: 'Проверить' }).click();
  await expect(page.getByText('Документ не подлинный или не найден')).toBeVisible();
  await expectAccessible(page, 'the verification page');
  await screenshot(page, info, 'documents-verify');
  // A file is hashed in the browser and checked the same way. Bytes of its
  // own: the shared PNG is a scan in duplicates other tests sign.
  const unique = Buffer.concat([PNG, Buffer.from(crypto.getRandomValues(new Uint8Array(16)))]);
  await page.getByLabel('Файл документа').setInputFiles({ name: 'x.png', mimeType: 'image/png', buffer: unique });
  await expect(page.getByRole('textbox', { name: 'Хеш SHA-256' })).toHaveValue(/^[0-9a-f]{64}$/);
  await expect(page.getByText('Документ не подлинный или не найден')).toBeVisible();
});
