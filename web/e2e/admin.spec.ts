import { expect as baseExpect, test, type Browser, type BrowserContextOptions, type Page, type TestInfo } from '@playwright/test';
import { gql, gqlRaw, registerApi, signInApi, signInPage, staff, type Session } from './api';
import { deskScreenshot, expectAccessible, randomPhone } from './helpers';

/**
 * The administrator's workspace: the catalog (a new service found by the
 * public search, its fee changed and the change on record), roles (grant,
 * holders, revoke; the new officer's workspace opens), the audit log, the
 * background jobs, and the refusals to everyone else.
 */

const DEPARTMENT = 'fns';

// Several engineers' builds and tests share two cores: generous waits.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 240_000 });

/** A word no seeded service has, for the full-text search. */
function uniqueWord(): string {
  const letters = 'бвгджзклмнпрстфхцчшщ';
  const vowels = 'аеиоуя';
  let w = '';
  for (let i = 0; i < 4; i++) {
    w += letters[Math.floor(Math.random() * letters.length)]! + vowels[Math.floor(Math.random() * vowels.length)]!;
  }
  return `Тест${w}`;
}

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

/** From the main navigation's «Работа» to the administrator's workspace. */
async function openWorkspace(page: Page) {
  await page.getByRole('navigation', { name: 'Основные разделы' }).getByRole('link', { name: 'Работа' }).click();
  await page.getByRole('link', { name: 'Администратор' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Администратор' })).toBeVisible();
}

/** Tables scroll inside their box; the page itself never scrolls sideways (390 px phones included). */
async function expectNoSideScroll(page: Page, what: string) {
  const { overflow, wide } = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    // the outermost elements sticking out (inside a scroll box is fine)
    const wide = [...document.querySelectorAll<HTMLElement>('main *')]
      .filter((el) => el.getBoundingClientRect().right > w + 1 && !el.parentElement?.closest('.table-wrap'))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`);
    return { overflow: document.documentElement.scrollWidth - w, wide };
  });
  expect(overflow, `horizontal page scroll on ${what}: ${wide.join('; ')}`).toBeLessThanOrEqual(0);
}

function adminNav(page: Page) {
  return page.getByRole('navigation', { name: 'Разделы администратора' });
}

/** A fresh citizen account (SIMPLIFIED) with its session. */
async function citizen(request: Parameters<typeof registerApi>[0], lastName = 'Сидоров', firstName = 'Семён') {
  const phone = randomPhone();
  const session = await registerApi(request, phone, lastName, firstName);
  return { phone, session };
}

const GRANT = `mutation($in: RoleGrantInput!) { grantRole(input: $in) { ok userErrors { field message } } }`;

test('catalog: a new service (a refusal first), found by the public search, its fee changed and on record', async ({ page, request }, info) => {
  const admin = await staff(request, [], { lastName: 'Админов' });
  const word = uniqueWord();
  const code = `e2e-${Date.now().toString(36)}-${info.project.name}`;
  const name = `Справка о проверке ${word}`;

  await signInPage(page, admin.phone);
  await openWorkspace(page);
  await expectAccessible(page, 'admin home');
  await adminNav(page).getByRole('link', { name: 'Каталог' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Каталог услуг' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Найден/ })).toBeVisible();
  await expectAccessible(page, 'catalog services');

  await page.getByRole('link', { name: 'Новая услуга' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Новая услуга' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Код' }).fill(code);
  await page.getByRole('textbox', { name: 'Название (по-русски)' }).fill(name);
  await page.getByRole('textbox', { name: 'Описание (по-русски)' }).fill(`Услуга для проверки каталога: ${word}.`);
  await page.getByRole('combobox', { name: 'Ведомство' }).selectOption(DEPARTMENT);
  await page.getByRole('group', { name: 'Категории' }).getByRole('checkbox').first().check();
  await page.getByRole('textbox', { name: 'Пошлина, ₽' }).fill('1500');
  await page.getByRole('textbox', { name: 'Срок оказания, дней' }).fill('10');
  // No reason: the API refuses, and says so beside the reason field.
  await page.getByRole('button', { name: 'Создать услугу' }).click();
  const reason = page.getByRole('textbox', { name: 'Основание' });
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(reason).toHaveAccessibleDescription(/Укажите причину изменения/);
  await expect(reason).toBeFocused();
  await expectAccessible(page, 'service editor with an error');
  await expectNoSideScroll(page, 'service editor');
  await deskScreenshot(page, info, 'admin-catalog-editor');

  await reason.fill('e2e: новая услуга');
  await page.getByRole('button', { name: 'Создать услугу' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Каталог услуг' })).toBeVisible();
  await expect(page.getByText(`Услуга ${code} сохранена.`)).toBeVisible();
  await expect(page.getByRole('link', { name })).toBeVisible();

  // The public catalog's search finds it by its name.
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Поиск услуг' }).fill(word);
  await expect(page.getByRole('link', { name })).toBeVisible();

  // Its fee changed: 1500 ₽ → 2500,50 ₽, with the reason kept.
  await page.goto('/work/admin/catalog');
  await page.getByRole('searchbox', { name: 'Поиск услуги' }).fill(word);
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const fee = page.getByRole('textbox', { name: 'Пошлина, ₽' });
  await expect(fee).toHaveValue('1500');
  await expect(page.getByRole('textbox', { name: 'Код' })).toHaveAttribute('readonly', '');
  await fee.fill('2500,50');
  await page.getByRole('textbox', { name: 'Основание' }).fill('e2e: новая пошлина');
  // Enter submits the form.
  await page.getByRole('textbox', { name: 'Основание' }).press('Enter');
  const saved = page.getByRole('status').filter({ hasText: 'Изменения сохранены.' });
  await expect(saved).toBeVisible();
  await expect(saved.locator('[data-field="feeKopecks"]')).toHaveText(/Пошлина:\s*было 1500 ₽\s*→\s*стало 2500,50 ₽/);

  await saved.getByRole('link', { name: 'История изменений услуги' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'История изменений каталога' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Код' })).toHaveValue(code);
  const rows = page.getByRole('row').filter({ hasText: code });
  await expect(rows).toHaveCount(2);
  const update = rows.filter({ hasText: 'e2e: новая пошлина' });
  await expect(update).toContainText('Изменено');
  await expect(update.locator('[data-field="feeKopecks"]')).toHaveText(/было 1500 ₽\s*→\s*стало 2500,50 ₽/);
  await expect(rows.filter({ hasText: 'e2e: новая услуга' })).toContainText('Создано');
  await expectAccessible(page, 'catalog changes');
});

test('roles: find an account by phone, grant OFFICER with a reason, it works for him, holders, revoke', async ({ page, request, browser }, info) => {
  // A name of his own: the phone and desktop runs share one server.
  // (the surname: the header shows the first name, kept short for a phone's header)
  const last = uniqueWord();
  const fullName = `${last} Семён`;
  const [admin, person] = await Promise.all([staff(request, [], { lastName: 'Админов' }), citizen(request, last, 'Семён')]);

  await signInPage(page, admin.phone);
  await openWorkspace(page);
  await adminNav(page).getByRole('link', { name: 'Роли' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Роли сотрудников' })).toBeVisible();
  await expectAccessible(page, 'roles: search');
  await page.getByRole('textbox', { name: 'Телефон, электронная почта или СНИЛС' }).fill(person.phone);
  await page.getByRole('textbox', { name: 'Телефон, электронная почта или СНИЛС' }).press('Enter');
  const card = page.getByRole('region', { name: fullName });
  await expect(card).toBeVisible();
  await expect(card.getByText('Ролей сотрудника нет.')).toBeVisible();

  // Without a reason: refused beside the field.
  await card.getByRole('combobox', { name: 'Роль' }).selectOption('OFFICER');
  await card.getByRole('combobox', { name: 'Ведомство' }).selectOption(DEPARTMENT);
  await card.getByRole('button', { name: 'Выдать роль' }).click();
  const reason = card.getByRole('textbox', { name: 'Основание' });
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(reason).toHaveAccessibleDescription(/Укажите основание/);
  await reason.fill('e2e: приказ № 17-к');
  await card.getByRole('button', { name: 'Выдать роль' }).click();
  await expect(card.getByText(`Роль «Сотрудник ведомства» (${DEPARTMENT}) выдана.`, { exact: false })).toBeVisible();
  const grantRow = card.getByRole('row').filter({ hasText: 'e2e: приказ № 17-к' });
  await expect(grantRow).toContainText('Сотрудник ведомства');
  await expect(grantRow).toContainText(DEPARTMENT);
  await expectAccessible(page, 'roles: account with a grant');
  await expectNoSideScroll(page, 'roles');
  await deskScreenshot(page, info, 'admin-roles');

  // Role holders, filtered by role and scope, list him.
  await page.getByRole('link', { name: 'Кто держит роли' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Кто держит роли' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Роль' }).selectOption('OFFICER');
  await page.getByRole('textbox', { name: 'Область' }).fill(DEPARTMENT);
  await page.getByRole('button', { name: 'Показать', exact: true }).click();
  await expect(page).toHaveURL(/role=OFFICER/);
  const holder = page.getByRole('row').filter({ hasText: fullName });
  await expect(holder).toBeVisible();
  await expect(holder).toContainText('e2e: приказ № 17-к');
  await expectAccessible(page, 'role holders');

  // He signs in (his own browser) and his workspace opens.
  const ctx = await secondContext(browser, info);
  const officer = await ctx.newPage();
  await signInPage(officer, person.phone);
  await officer.getByRole('navigation', { name: 'Основные разделы' }).getByRole('link', { name: 'Работа' }).click();
  await officer.getByRole('link', { name: 'Сотрудник ведомства' }).click();
  // The officer workspace (another feature's screens) opens: its heading, no refusal.
  await expect(officer).toHaveURL(/\/work\/officer/);
  await expect(officer.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(officer.getByTestId('forbidden')).toHaveCount(0);
  await ctx.close();

  // The administrator revokes it, with a reason, in a dialog.
  await page.getByRole('link', { name: 'Выдача ролей' }).click();
  await page.getByRole('textbox', { name: 'Телефон, электронная почта или СНИЛС' }).fill(person.phone);
  await page.getByRole('button', { name: 'Найти' }).click();
  await card.getByRole('row').filter({ hasText: 'e2e: приказ № 17-к' }).getByRole('button', { name: /Отозвать/ }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Отозвать роль «Сотрудник ведомства»');
  await expectAccessible(page, 'revoke dialog');
  await dialog.getByRole('textbox', { name: 'Основание' }).fill('e2e: перевод в другой отдел');
  await dialog.getByRole('button', { name: 'Отозвать роль' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(card.getByText(`Роль «Сотрудник ведомства» (${DEPARTMENT}) отозвана.`)).toBeVisible();
  await expect(card.getByText('Ролей сотрудника нет.')).toBeVisible();

  // …and the holders no longer list him.
  await page.goto(`/work/admin/roles/holders?role=OFFICER&scope=${DEPARTMENT}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Кто держит роли' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Показано|Никто/ })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: fullName })).toHaveCount(0);
});

test('audit log: filtered by action, the grant with its details', async ({ page, request }, info) => {
  const [admin, person] = await Promise.all([staff(request, [], { lastName: 'Админов' }), citizen(request, 'Журналов', 'Жан')]);
  const r = await gql<{ grantRole: { ok: boolean } }>(
    request,
    GRANT,
    { in: { accountId: person.session.account.id, role: 'OFFICER', scope: DEPARTMENT, reason: 'e2e: для журнала' } },
    admin.session.accessToken,
  );
  expect(r.grantRole.ok).toBe(true);

  await signInPage(page, admin.phone);
  await page.goto('/work/admin');
  await adminNav(page).getByRole('link', { name: 'Журнал аудита' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Журнал аудита' })).toBeVisible();
  await expect(page.getByRole('row').nth(1)).toBeVisible();
  await page.getByRole('combobox', { name: 'Действие' }).fill('role.granted');
  await page.getByRole('textbox', { name: 'Субъект (ID)' }).fill(person.session.account.id);
  await page.getByRole('button', { name: 'Показать', exact: true }).click();
  await expect(page).toHaveURL(/action=role\.granted/);
  const rows = page.getByRole('row').filter({ hasText: 'role.granted' });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('Выдана роль');
  // The log keeps the raw id under the API's global one (base64 of "Account:<id>").
  await expect(rows).toContainText(Buffer.from(person.session.account.id, 'base64').toString().replace(/^Account:/, ''));
  await expect(rows).toContainText('e2e: для журнала');
  await expect(rows).toContainText(DEPARTMENT);
  await expect(page.getByRole('row').filter({ hasText: 'signin.success' })).toHaveCount(0);
  await expectAccessible(page, 'audit log');
  await expectNoSideScroll(page, 'audit log');
  await deskScreenshot(page, info, 'admin-audit');

  // Unfiltered by subject: more grants (the staff helper's own among them).
  await page.getByRole('textbox', { name: 'Субъект (ID)' }).fill('');
  await page.getByRole('button', { name: 'Показать', exact: true }).click();
  await expect.poll(() => page.getByRole('row').filter({ hasText: 'role.granted' }).count()).toBeGreaterThan(1);
});

test('jobs: the queues with their counts, a queue’s finished jobs', async ({ page, request }, info) => {
  const admin = await staff(request, [], { lastName: 'Админов' });
  await signInPage(page, admin.phone);
  await page.goto('/work/admin');
  await adminNav(page).getByRole('link', { name: 'Фоновые задачи' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Фоновые задачи' })).toBeVisible();
  const queues = page.getByRole('table', { name: 'Очереди' });
  await expect(queues.getByRole('rowheader').first()).toBeVisible();
  await expect(queues.getByRole('columnheader', { name: 'Выполнены' })).toBeVisible();
  await expect(queues.getByRole('columnheader', { name: 'Завершились ошибкой' })).toBeVisible();

  // The registrations sent SMS through the queue: some job has finished (or died).
  const finished = queues.locator('td[data-state="COMPLETED"]:not([data-count="0"]), td[data-state="ARCHIVED"]:not([data-count="0"])');
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Обновить' }).click();
        return finished.count();
      },
      { timeout: 30_000, intervals: [1000] },
    )
    .toBeGreaterThan(0);
  await expectAccessible(page, 'job queues');
  const cell = finished.first();
  const state = await cell.getAttribute('data-state');
  const count = Number(await cell.getAttribute('data-count'));
  await cell.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`state=${state}`));
  const title = state === 'COMPLETED' ? 'Выполнены' : 'Завершились ошибкой';
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`: ${title}$`) })).toBeVisible();
  const list = page.getByRole('table', { name: new RegExp(`: ${title}$`) });
  // The jobs' types (e.g. notification:sms) and their state.
  await expect(list.getByRole('row').nth(1)).toContainText(':');
  await expect(list.getByRole('row').nth(1)).toContainText(title);
  await expect(list.getByText(/Показано \d+ из \d+/)).toBeVisible();
  expect(count).toBeGreaterThan(0);
  if (state === 'ARCHIVED') await expect(list.getByRole('button', { name: /Запустить снова/ }).first()).toBeVisible();
  await expectAccessible(page, 'jobs list');
  await expectNoSideScroll(page, 'jobs');
  await deskScreenshot(page, info, 'admin-jobs');
});

test('refusals: a citizen and an officer get the forbidden screen and FORBIDDEN from the API', async ({ page, request }) => {
  const [admin, plain, future] = await Promise.all([staff(request, [], { lastName: 'Админов' }), citizen(request, 'Простов', 'Павел'), citizen(request, 'Отделов', 'Олег')]);
  const g = await gql<{ grantRole: { ok: boolean } }>(
    request,
    GRANT,
    { in: { accountId: future.session.account.id, role: 'OFFICER', scope: DEPARTMENT, reason: 'e2e: офицер без прав администратора' } },
    admin.session.accessToken,
  );
  expect(g.grantRole.ok).toBe(true);
  const officer = await signInApi(request, future.phone);
  expect(officer.account.roles).toContain('OFFICER');
  expect(officer.account.roles).not.toContain('ADMIN');

  // The screen.
  await signInPage(page, plain.phone);
  await page.goto('/work/admin/catalog');
  await expect(page.getByRole('heading', { level: 1, name: 'Администратор' })).toBeVisible();
  await expect(page.getByTestId('forbidden')).toHaveText('Это рабочее место доступно только с ролью «Администратор».');
  await expect(page.getByRole('heading', { name: 'Каталог услуг' })).toHaveCount(0);
  await expectAccessible(page, 'admin forbidden');

  // The API.
  const service = {
    code: 'e2e-forbidden',
    nameRu: 'Нельзя',
    descriptionRu: 'Нельзя',
    level: 'FEDERAL',
    mode: 'INFO',
    departmentCode: DEPARTMENT,
    categoryCodes: [],
    audiences: ['INDIVIDUAL'],
    minTier: 'SIMPLIFIED',
    feeKopecks: 0,
    processingDays: 0,
    regionCodes: [],
    reason: 'e2e',
  };
  const calls: Record<string, [string, Record<string, unknown>]> = {
    saveService: [`mutation($in: ServiceAdminInput!) { saveService(input: $in) { userErrors { field } } }`, { in: service }],
    grantRole: [GRANT, { in: { accountId: plain.session.account.id, role: 'ADMIN', reason: 'e2e: self-service' } }],
    findAccounts: [`query($q: String!) { findAccounts(query: $q) { id } }`, { q: admin.phone }],
    auditLog: [`{ auditLog(first: 1) { totalCount } }`, {}],
    jobQueues: [`{ jobQueues { name } }`, {}],
    rerunJob: [`mutation($in: RerunJobInput!) { rerunJob(input: $in) { userErrors { field } } }`, { in: { queue: 'default', taskId: 'x' } }],
  };
  const codeOf = async (name: string, s: Session) => {
    const [q, v] = calls[name]!;
    const res = await gqlRaw(request, q, v, s.accessToken);
    return `${name}: ${res.errors?.[0]?.extensions?.code ?? 'allowed'}`;
  };
  for (const name of Object.keys(calls)) {
    expect(await codeOf(name, plain.session)).toBe(`${name}: FORBIDDEN`);
  }
  for (const name of ['saveService', 'grantRole']) {
    expect(await codeOf(name, officer)).toBe(`${name}: FORBIDDEN`);
  }

  // The officer's screen too (the citizen's session forgotten first).
  await page.context().clearCookies();
  await page.evaluate(() => localStorage.clear());
  await signInPage(page, future.phone);
  await page.goto('/work/admin/roles');
  await expect(page.getByTestId('forbidden')).toHaveText('Это рабочее место доступно только с ролью «Администратор».');
  await expect(page.getByRole('textbox', { name: 'Телефон, электронная почта или СНИЛС' })).toHaveCount(0);
});
