import { expect, test, type APIRequestContext, type Browser, type BrowserContextOptions, type Page, type TestInfo } from '@playwright/test';
import { gql, gqlRaw, gqlUpload, PNG, registerApi, signInPage, staff, verifiedCitizen, type Citizen } from './api';
import { deskScreenshot, expectAccessible, randomPhone } from './helpers';

/**
 * The department officer's workspace (/work/officer): a verified citizen
 * applies for address registration (the migration service, guvm) through
 * the API; an officer of guvm finds it in the queue, refuses to reject it
 * without a reason, moves it stage by stage (the citizen sees each stage
 * arrive in the notifications feed, live, in a second browser) and completes
 * it with a PNG result, which the citizen then has in his documents. The
 * statistics show the application by channel. A citizen and an officer of
 * another department are refused.
 */

const SERVICE = 'address_registration';
const SERVICE_NAME = 'Регистрация по месту жительства и месту пребывания';

/** A surname of its own per test and project, to find the row in a shared queue. */
function surname(): string {
  const letters = 'абвгдежзиклмнопрстуфхцчшэюя';
  let s = '';
  for (let i = 0; i < 5; i++) s += letters[Math.floor(Math.random() * letters.length)];
  return `Заявкин${s}`;
}

/** Draft, the owner's consent as an upload, submission: the application's id. */
async function applyForRegistration(req: APIRequestContext, token: string): Promise<string> {
  const saved = await gql<{ saveApplicationDraft: { application: { id: string } | null; userErrors: { field: string; message: string }[] } }>(
    req,
    'mutation($in: ApplicationDraftInput!) { saveApplicationDraft(input: $in) { application { id } userErrors { field message } } }',
    {
      in: {
        serviceCode: SERVICE,
        fields: JSON.stringify({ kind: 'RESIDENCE', address: 'г. Казань, ул. Баумана, д. 1, кв. 2', since: '2026-12-01' }),
      },
    },
    token,
  );
  expect(saved.saveApplicationDraft.userErrors).toEqual([]);
  const id = saved.saveApplicationDraft.application!.id;
  const attached = await gqlUpload<{ attachApplicationDocument: { userErrors: { field: string; message: string }[] } }>(
    req,
    'mutation($in: AttachApplicationDocumentInput!) { attachApplicationDocument(input: $in) { application { id } userErrors { field message } } }',
    { in: { id, requirement: 'OWNER_CONSENT', file: null } },
    { 'variables.in.file': ['consent.png', 'image/png', PNG] },
    token,
  );
  expect(attached.errors).toBeUndefined();
  expect(attached.data?.attachApplicationDocument.userErrors).toEqual([]);
  const submitted = await gql<{ submitApplication: { application: { status: string } | null; userErrors: { message: string }[] } }>(
    req,
    'mutation($in: SubmitApplicationInput!) { submitApplication(input: $in) { application { status } userErrors { message } } }',
    { in: { draftId: id, idempotencyKey: `e2e-officer-${id}` } },
    token,
  );
  expect(submitted.submitApplication.userErrors).toEqual([]);
  expect(submitted.submitApplication.application?.status).toBe('SUBMITTED');
  return id;
}

/** An OFFICER of guvm without ADMIN; if revoking ADMIN fails, he keeps it (noted in the report). */
async function guvmOfficer(req: APIRequestContext, info: TestInfo) {
  try {
    const o = await staff(req, [['OFFICER', 'guvm']], { keepAdmin: false, lastName: 'Офицеров' });
    if (o.session.account.roles.includes('ADMIN')) info.annotations.push({ type: 'note', description: 'revokeRole(ADMIN) did not take: the officer kept ADMIN' });
    return o;
  } catch (e) {
    info.annotations.push({ type: 'note', description: `revokeRole(ADMIN) failed, the officer keeps ADMIN: ${String(e).slice(0, 200)}` });
    return staff(req, [['OFFICER', 'guvm']], { keepAdmin: true, lastName: 'Офицеров' });
  }
}

/** No horizontal page scroll (tables scroll inside their own box). */
async function expectNoPageScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

/** A second browser context with the project's device and locale. */
async function secondContext(browser: Browser, info: TestInfo) {
  const u = info.project.use;
  const opts: BrowserContextOptions = {
    baseURL: u.baseURL,
    locale: u.locale ?? 'ru-RU',
    timezoneId: u.timezoneId ?? 'Europe/Moscow',
    viewport: u.viewport ?? null,
    isMobile: u.isMobile,
    hasTouch: u.hasTouch,
    userAgent: u.userAgent,
    deviceScaleFactor: u.deviceScaleFactor,
    serviceWorkers: 'block',
  };
  return browser.newContext(opts);
}

test('an officer moves an application through its stages; the citizen sees them live and gets the result', async ({
  page,
  request,
  browser,
}, info) => {
  test.setTimeout(300_000);
  const lastName = surname();
  const citizen: Citizen = await verifiedCitizen(request, { lastName });
  const id = await applyForRegistration(request, citizen.session.accessToken);
  const officer = await guvmOfficer(request, info);

  // The citizen, in a browser of his own, keeps the notifications feed open.
  const citizenContext = await secondContext(browser, info);
  const citizenPage = await citizenContext.newPage();
  await signInPage(citizenPage, citizen.phone);
  await citizenPage.goto('/notifications');
  await expect(citizenPage.getByRole('heading', { level: 1, name: 'Уведомления' })).toBeVisible({ timeout: 30_000 });
  const registeredNote = citizenPage.getByTestId('notification').filter({ hasText: 'Заявление: зарегистрировано' });
  await expect(citizenPage.getByTestId('notification').first()).toBeVisible();
  await expect(registeredNote).toHaveCount(0);

  // The officer signs in and opens his workspace from "Работа".
  await signInPage(page, officer.phone);
  await page.getByRole('link', { name: 'Работа' }).first().click();
  await page.getByRole('link', { name: 'Сотрудник ведомства' }).click();
  await expect(page).toHaveURL(/\/work\/officer$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Очередь заявлений' })).toBeVisible();

  // The stage chips carry the department's counts, as the API gives them.
  const submittedChip = page.getByTestId('stage-chips').getByRole('button', { name: /^Подано \d+$/ });
  await expect(submittedChip).toBeVisible();
  const shown = Number((await submittedChip.locator('.stage-count').textContent())?.trim());
  const api = await gql<{ departmentApplications: { counts: { status: string; count: number }[] } }>(
    request,
    '{ departmentApplications(first: 1) { counts { status count } } }',
    {},
    officer.session.accessToken,
  );
  expect(shown).toBeGreaterThanOrEqual(1);
  expect(shown).toBe(api.departmentApplications.counts.find((c) => c.status === 'SUBMITTED')!.count);
  await submittedChip.click();
  await expect(submittedChip).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/status=SUBMITTED/);
  await expect(page.getByTestId('queue-range')).toHaveText(new RegExp(`^1–\\d+ из ${shown}$`));
  const row = page.getByTestId('queue').getByRole('row').filter({ hasText: lastName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(SERVICE_NAME);
  await expect(row).toContainText('Портал');
  await expect(row).toContainText('Подано');
  await expectAccessible(page, 'the officer queue');
  await expectNoPageScroll(page);
  await deskScreenshot(page, info, 'officer-queue');

  // The application: its data, applicant, channel, documents, stages.
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/work/officer/applications/${id}$`));
  await expect(page.getByRole('heading', { level: 1, name: SERVICE_NAME })).toBeVisible();
  await expect(page.getByTestId('application-status')).toHaveText('Подано');
  await expect(page.getByTestId('applicant-name')).toContainText(lastName);
  await expect(page.getByTestId('application-channel')).toHaveText('Портал');
  const data = page.getByTestId('application-data');
  await expect(data.locator('dt', { hasText: 'address' })).toBeVisible();
  await expect(data).toContainText('г. Казань, ул. Баумана, д. 1, кв. 2');
  const docs = page.getByTestId('application-documents');
  await expect(docs).toContainText('OWNER_CONSENT');
  await expect(docs.getByRole('link', { name: /Скачать файл/ })).toHaveAttribute('href', /.+/);
  await expect(page.getByTestId('application-stages').locator('li')).toHaveCount(1);
  await expectAccessible(page, 'an application (officer)');
  await expectNoPageScroll(page);

  // A refusal without its reason: the API's message beside the comment.
  const comment = page.getByRole('textbox', { name: 'Комментарий' });
  await page.locator('label.radio', { hasText: 'Отказать' }).click();
  await page.getByRole('button', { name: 'Перевести' }).click();
  const commentError = page.locator('.field', { has: comment }).locator('.field-error');
  await expect(commentError).toContainText('Укажите причину отказа');
  await expect(comment).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('application-status')).toHaveText('Подано');

  // Registered, with a comment: the citizen's feed shows it without a reload.
  await page.locator('label.radio', { hasText: 'Зарегистрировать' }).click();
  await comment.fill('Принято к рассмотрению, проверяем согласие собственника');
  await page.getByRole('button', { name: 'Перевести' }).click();
  await expect(page.getByTestId('application-status')).toHaveText('Зарегистрировано');
  await expect(page.getByTestId('move-done')).toHaveText('Заявление переведено в стадию «Зарегистрировано».');
  await expect(page.getByTestId('move-done')).toBeFocused();
  await expect(page.getByTestId('application-stages').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('application-stages')).toContainText('Принято к рассмотрению');
  await expect(registeredNote).toHaveCount(1, { timeout: 15_000 });
  await expect(registeredNote).toContainText('Принято к рассмотрению');
  await expectAccessible(citizenPage, 'the citizen notifications feed');
  await deskScreenshot(page, info, 'officer-application');

  // In progress (keyboard: the comment sends with Ctrl+Enter), then completed with the result file.
  await expect(page.getByRole('radio', { name: 'Взять в работу' })).toBeChecked();
  await comment.fill('Взято в работу');
  await comment.press('Control+Enter');
  await expect(page.getByTestId('application-status')).toHaveText('В работе');
  await expect(citizenPage.getByTestId('notification').filter({ hasText: 'Заявление: в работе' })).toHaveCount(1, { timeout: 15_000 });

  await expect(page.getByRole('radio', { name: 'Услуга оказана' })).toBeChecked();
  await page.getByLabel('Файл результата').setInputFiles({ name: 'result.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByText('Выбран файл: result.png')).toBeVisible();
  await comment.fill('Зарегистрирован по месту жительства');
  await page.getByRole('button', { name: 'Перевести' }).click();
  await expect(page.getByTestId('application-status')).toHaveText('Услуга оказана');
  await expect(page.getByTestId('result')).toContainText('Результат оформлен: документ');
  await expect(page.getByTestId('result')).toContainText('Гражданин получил его');
  await expect(page.getByText('Заявление завершено: стадию больше менять нельзя.')).toBeVisible();
  await expect(page.getByTestId('application-stages').locator('li')).toHaveCount(4);
  await expectAccessible(page, 'a completed application (officer)');

  // The citizen has the signed result among his documents.
  await expect(citizenPage.getByTestId('notification').filter({ hasText: 'Заявление: услуга оказана' })).toHaveCount(1, { timeout: 15_000 });
  await citizenPage.goto('/documents');
  // (a slow, shared machine: the documents' chunk may take a while)
  await expect(citizenPage.getByRole('heading', { level: 1, name: 'Документы и заявления' })).toBeVisible({ timeout: 30_000 });
  await expect(citizenPage.locator('.doc-item', { hasText: 'Результат' })).toHaveCount(1, { timeout: 15_000 });
  // ...with the officer's PNG as its file (the multipart mutation carried it).
  const docsApi = await gql<{ documents: { edges: { node: { kind: string; files: { contentType: string }[] } }[] } }>(
    request,
    '{ documents(kind: APPLICATION_RESULT) { edges { node { kind files { contentType } } } } }',
    {},
    citizen.session.accessToken,
  );
  expect(docsApi.documents.edges).toHaveLength(1);
  expect(docsApi.documents.edges[0]!.node.files.map((f) => f.contentType)).toEqual(['image/png']);
  await citizenContext.close();

  // Back in the queue, the application is no longer among the submitted ones.
  await page.getByRole('link', { name: 'К очереди' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Очередь заявлений' })).toBeVisible();
  await page.getByTestId('stage-chips').getByRole('button', { name: /^Услуга оказана \d+$/ }).click();
  await expect(page.getByTestId('queue').getByRole('row').filter({ hasText: lastName })).toContainText('Услуга оказана');
});

test('the statistics show the period figures, the portal application among them', async ({ page, request }, info) => {
  test.setTimeout(240_000);
  const citizen = await verifiedCitizen(request, { lastName: surname() });
  await applyForRegistration(request, citizen.session.accessToken);
  const officer = await guvmOfficer(request, info);

  await signInPage(page, officer.phone);
  await page.goto('/work/officer');
  await page.getByRole('link', { name: 'Оценки и статистика' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Оценки и статистика' })).toBeVisible();
  // The last 30 days by default.
  const to = await page.getByLabel('По', { exact: true }).inputValue();
  const from = await page.getByLabel('С', { exact: true }).inputValue();
  expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBe(29);

  const portal = page.getByTestId('chart-channel').locator('.bar-row[data-key="PORTAL"]');
  await expect(portal).toContainText('Портал');
  const portalCount = Number((await portal.locator('.bar-value').textContent())?.replace(/\s/g, ''));
  expect(portalCount).toBeGreaterThanOrEqual(1);
  const total = Number((await page.getByTestId('stats-total').textContent())?.replace(/\s/g, ''));
  expect(total).toBeGreaterThanOrEqual(portalCount);
  await expect(page.getByTestId('chart-top')).toContainText(SERVICE_NAME);
  await expect(page.getByTestId('stats-share')).toHaveText(/%/);
  // The same figures as a table.
  const channels = page.getByTestId('chart-channel');
  await channels.getByText('Таблицей').click();
  await expect(channels.getByRole('row', { name: /Портал/ }).getByRole('cell').first()).toHaveText(String(portalCount));
  await expectAccessible(page, 'the officer statistics');
  await expectNoPageScroll(page);
  await deskScreenshot(page, info, 'officer-statistics');

  // A period ending before it starts is refused beside the field.
  await page.getByLabel('По', { exact: true }).fill('2020-01-01');
  await page.getByRole('button', { name: 'Показать' }).click();
  await expect(page.locator('.field', { has: page.getByLabel('По', { exact: true }) }).locator('.field-error')).toHaveText('Дата «по» не раньше даты «с»');
  // A period with nothing in it: no applications.
  await page.getByLabel('С', { exact: true }).fill('2020-01-01');
  await page.getByLabel('По', { exact: true }).fill('2020-01-31');
  await page.getByRole('button', { name: 'Показать' }).click();
  await expect(page).toHaveURL(/from=2020-01-01/);
  await expect(page.getByTestId('stats-total')).toHaveText('0');
});

test('a citizen and an officer of another department are refused', async ({ page, request }, info) => {
  test.setTimeout(240_000);
  const citizen = await verifiedCitizen(request, { lastName: surname() });
  const id = await applyForRegistration(request, citizen.session.accessToken);

  // A citizen opening the workspace: the forbidden text.
  const plainPhone = randomPhone();
  const plain = await registerApi(request, plainPhone, 'Гражданинов');
  await signInPage(page, plainPhone);
  await page.goto('/work/officer');
  await expect(page.getByRole('heading', { level: 1, name: 'Сотрудник ведомства' })).toBeVisible();
  await expect(page.getByTestId('forbidden')).toHaveText('Это рабочее место доступно только с ролью «Сотрудник ведомства».');
  await expect(page.getByTestId('queue')).toHaveCount(0);
  await expectAccessible(page, 'the officer workspace refused to a citizen');

  // The API refuses the queue and the move to citizens (the applicant himself included).
  for (const token of [plain.accessToken, citizen.session.accessToken]) {
    const q = await gqlRaw(request, '{ departmentApplications { totalCount } }', {}, token);
    expect(q.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const m = await gqlRaw(
      request,
      'mutation($in: MoveApplicationInput!) { moveApplication(input: $in) { application { status } userErrors { field message } } }',
      { in: { id, to: 'REGISTERED' } },
      token,
    );
    expect(m.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }

  // An officer of the tax service (fns) cannot move the migration service's application...
  const stranger = await staff(request, [['OFFICER', 'fns']], { keepAdmin: false, lastName: 'Налогов' }).catch((e: unknown) => {
    info.annotations.push({ type: 'note', description: `revokeRole(ADMIN) failed, the fns officer keeps ADMIN: ${String(e).slice(0, 200)}` });
    return staff(request, [['OFFICER', 'fns']], { keepAdmin: true, lastName: 'Налогов' });
  });
  const m = await gqlRaw<{ moveApplication: { application: unknown; userErrors: { field: string; message: string }[] } | null }>(
    request,
    'mutation($in: MoveApplicationInput!) { moveApplication(input: $in) { application { status } userErrors { field message } } }',
    { in: { id, to: 'REGISTERED' } },
    stranger.session.accessToken,
  );
  const refused = m.errors?.[0]?.extensions?.code === 'FORBIDDEN' || (m.data?.moveApplication?.userErrors.length ?? 0) > 0;
  expect(refused, JSON.stringify(m)).toBe(true);
  expect(m.data?.moveApplication?.application ?? null).toBeNull();
  // ...nor finds it in his workspace; the application stays where it was.
  await signInPage(page, stranger.phone);
  await page.goto(`/work/officer/applications/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Заявление не найдено' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Перевести' })).toHaveCount(0);
  await expectAccessible(page, 'an application of another department');
  const mine = await gql<{ application: { status: string } }>(request, 'query($id: ID!) { application(id: $id) { status } }', { id }, citizen.session.accessToken);
  expect(mine.application.status).toBe('SUBMITTED');
});
