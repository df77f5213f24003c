import { expect, test, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';
import { gql, gqlRaw, gqlUpload, PNG, registerApi, signInPage, staff, verifiedCitizen, type Citizen } from './api';
import { deskScreenshot, expectAccessible, randomPhone } from './helpers';

/**
 * The service-centre operator's workspace (/work/operator, role OPERATOR):
 * a citizen found by SNILS and his identity confirmed in person (the
 * citizen sees his tier change live in his own browser), keyboard only on
 * desktop; an electronic duplicate under a signed paper consent, listed
 * among the centre's duplicates and revoked; results handed out after the
 * identity document is checked; and what a plain citizen is refused.
 */

const CENTRE = 'mfc-16-kazan-vakhitovsky';

/** A surname of its own (the phone and desktop projects share the server): Хайруллин → Хайруллинвуж. */
function surname(base: string): string {
  const letters = 'абвгдежзиклмнопрстуфхцшэюя';
  return base + Array.from({ length: 3 }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
}

/**
 * An OPERATOR of the Kazan centre, without ADMIN when the API lets the
 * role be revoked (the annotation says when it was kept).
 */
async function operator(request: APIRequestContext, info: TestInfo): Promise<{ phone: string; token: string }> {
  let op: Awaited<ReturnType<typeof staff>>;
  try {
    op = await staff(request, [['OPERATOR', CENTRE]], { keepAdmin: false, lastName: 'Операторова' });
  } catch (e) {
    info.annotations.push({ type: 'keepAdmin', description: `revoking ADMIN failed, kept: ${String(e).slice(0, 200)}` });
    op = await staff(request, [['OPERATOR', CENTRE]], { lastName: 'Операторова' });
  }
  expect(op.session.account.roles).toContain('OPERATOR');
  if (op.session.account.roles.includes('ADMIN')) {
    info.annotations.push({ type: 'keepAdmin', description: 'the operator still holds ADMIN after revokeRole' });
  }
  return { phone: op.phone, token: op.session.accessToken };
}

/** The operator's workspace through the app's own navigation: Работа → the workspace. */
async function openWorkspace(page: Page) {
  await page.getByRole('navigation', { name: 'Основные разделы' }).getByRole('link', { name: 'Работа' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Рабочие места' })).toBeVisible();
  await page.getByRole('link', { name: 'Оператор центра обслуживания' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Оператор центра обслуживания' })).toBeVisible();
  await expect(page.locator('ul.work-nav')).toContainText('Гражданин');
}

/** Types the SNILS digit by digit (it is formatted as typed) and searches. */
async function findCitizen(page: Page, snils: string) {
  const field = page.getByRole('textbox', { name: 'СНИЛС гражданина' });
  const digits = snils.replace(/\D/g, '');
  await field.fill('');
  await field.pressSequentially(digits.slice(0, 4));
  await expect(field).toHaveValue(`${digits.slice(0, 3)}-${digits[3]}`);
  await field.pressSequentially(digits.slice(4));
  await expect(field).toHaveValue(snils);
  await page.getByRole('button', { name: 'Найти' }).click();
  await expect(page.getByTestId('citizen-card')).toBeVisible();
}

/**
 * Picks a kind of document in the searchable list: typed, then chosen with
 * the keyboard (the list closes when the page scrolls, as a click may).
 */
async function chooseKind(page: Page, typed: string, name: string) {
  const kind = page.locator('section.op-duplicate').getByRole('combobox', { name: 'Вид документа' });
  await kind.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await kind.focus();
  await page.keyboard.type(typed);
  await expect(page.getByRole('option', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(kind).toHaveValue(name);
}

/** The GraphQL requests the page sends from now on (URL and body), to tell which operations ran. */
function graphqlCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('/graphql')) calls.push(decodeURIComponent(r.url()) + (r.postData() ?? ''));
  });
  return calls;
}

/** A second browser (its own cookies and storage) for the citizen. */
async function citizenBrowser(browser: Browser, info: TestInfo): Promise<Page> {
  const { baseURL, locale, timezoneId, viewport, isMobile, hasTouch, userAgent } = info.project.use;
  const ctx = await browser.newContext({ baseURL, locale, timezoneId, viewport, isMobile, hasTouch, userAgent, serviceWorkers: 'block' });
  return ctx.newPage();
}

test('find a citizen by SNILS and confirm his identity; he sees the tier change live', async ({ page, request, browser }, info) => {
  test.setTimeout(240_000);
  const [citizen, op] = await Promise.all([verifiedCitizen(request, { lastName: 'Гарипов' }), operator(request, info)]);

  // The citizen, signed in in his own browser, on his account page.
  const home = await citizenBrowser(browser, info);
  await signInPage(home, citizen.phone);
  await home.goto('/account');
  await expect(home.getByTestId('account-tier')).toHaveText('Стандартная');

  await signInPage(page, op.phone);
  await openWorkspace(page);
  await expectAccessible(page, 'the operator workspace');

  // An unknown SNILS is said so, clearly.
  const field = page.getByRole('textbox', { name: 'СНИЛС гражданина' });
  await field.fill('112-233-445 95');
  await page.getByRole('button', { name: 'Найти' }).click();
  await expect(page.getByTestId('citizen-not-found')).toContainText('не найден');
  // Too few digits: beside the field, nothing asked.
  await field.fill('123-45');
  await page.getByRole('button', { name: 'Найти' }).click();
  await expect(page.locator('.field-error', { hasText: 'все 11 цифр' })).toBeVisible();

  await findCitizen(page, citizen.snils);
  const card = page.getByTestId('citizen-card');
  await expect(card.getByRole('heading', { name: 'Гарипов Иван Иванович' })).toBeVisible();
  await expect(card).toContainText('12.04.1985');
  await expect(card).toContainText('Паспорт гражданина РФ');
  await expect(card).toContainText('Проверены ведомствами');
  await expect(page.getByTestId('citizen-method')).toHaveText('Не подтверждена');
  await expect(page.getByTestId('citizen-tier')).toHaveText('Стандартная');
  await expectAccessible(page, "the citizen's card");
  await deskScreenshot(page, info, 'operator-citizen');

  // A wrong number: the API's message beside the number; still STANDARD.
  await page.getByRole('textbox', { name: 'Серия документа' }).fill(citizen.series);
  const number = page.getByRole('textbox', { name: 'Номер документа' });
  await number.fill(citizen.passport === '123456' ? '654321' : '123456');
  await page.getByRole('button', { name: 'Подтвердить личность' }).click();
  const numberField = page.locator('.field', { has: number });
  await expect(numberField.locator('.field-error')).toContainText('не совпадают');
  await expect(number).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('citizen-tier')).toHaveText('Стандартная');
  await expectAccessible(page, 'a confirmation refused');

  // The right one: CONFIRMED, in person.
  await number.fill(citizen.passport);
  await page.getByRole('button', { name: 'Подтвердить личность' }).click();
  await expect(page.getByTestId('confirm-done')).toContainText('Подтверждённая');
  await expect(page.getByTestId('citizen-tier')).toHaveText('Подтверждённая');
  await expect(page.getByTestId('citizen-method')).toHaveText('В центре обслуживания');
  await expectAccessible(page, 'a confirmed identity');

  // The citizen's page follows without a reload: the IDENTITY_CONFIRMED
  // notification arrives over the live feed and the app refreshes the session.
  await expect(home.getByTestId('account-tier')).toHaveText('Подтверждённая', { timeout: 20_000 });

  // Found again later: nothing to confirm, and why.
  await page.reload();
  await expect(page.getByTestId('citizen-tier')).toHaveText('Подтверждённая', { timeout: 30_000 });
  await expect(page.getByTestId('confirm-unavailable')).toContainText('уже подтверждена');
  await home.context().close();
});

test('keyboard only: from the SNILS field through the confirmation', async ({ page, request }, info) => {
  test.skip(info.project.name !== 'desktop', 'a keyboard walk on desktop');
  test.setTimeout(180_000);
  const [citizen, op] = await Promise.all([verifiedCitizen(request), operator(request, info)]);
  await signInPage(page, op.phone);
  await page.goto('/work/operator');
  const snils = page.getByRole('textbox', { name: 'СНИЛС гражданина' });
  await expect(snils).toBeFocused();

  await page.keyboard.type(citizen.snils.replace(/\D/g, ''));
  await expect(snils).toHaveValue(citizen.snils);
  await page.keyboard.press('Enter');
  // The card takes focus, so Tab goes on into the confirmation.
  await expect(page.getByRole('heading', { level: 2, name: 'Иванов Иван Иванович' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Серия документа' })).toBeFocused();
  await page.keyboard.type(citizen.series);
  await page.keyboard.press('Tab');
  const number = page.getByRole('textbox', { name: 'Номер документа' });
  await expect(number).toBeFocused();
  await page.keyboard.type('000001');
  await page.keyboard.press('Enter');
  await expect(page.locator('.field', { has: number }).locator('.field-error')).toContainText('не совпадают');
  // Fix the number where it is: select it all and type the right one.
  await expect(number).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(citizen.passport);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Подтвердить личность' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('citizen-tier')).toHaveText('Подтверждённая');
});

test('an electronic duplicate under a paper consent, listed and revoked', async ({ page, request }, info) => {
  test.setTimeout(240_000);
  const [citizen, op] = await Promise.all([verifiedCitizen(request, { lastName: 'Сафина' }), operator(request, info)]);
  await signInPage(page, op.phone);
  await page.goto('/work/operator');
  await findCitizen(page, citizen.snils);

  // The kind: a searchable list of the 19, by group.
  const dup = page.locator('section.op-duplicate');
  await expect(dup.getByText('19 видов документов, по группам')).toBeVisible();
  // Centred first: the list closes when the page scrolls, as a click near the edge may.
  await dup.getByRole('combobox', { name: 'Вид документа' }).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await dup.getByRole('button', { name: /^Показать предложения/ }).click();
  await expect(page.getByRole('listbox')).toBeVisible();
  await expect(page.getByRole('option')).toHaveCount(19);
  await expect(page.getByRole('group', { name: 'Документы воинского учёта' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox')).toHaveCount(0);
  await chooseKind(page, 'трудов', 'Трудовая книжка');

  // A paper consent: asked (so it has an id), then its signed scan recorded.
  await dup.getByRole('button', { name: 'Оформить бумажное согласие' }).click();
  await expect(page.getByTestId('consent-status')).toHaveText('Ждём ответа гражданина');
  await expect(page.getByTestId('consent-countdown')).toHaveText(/Осталось (10:00|9:\d\d)/);
  await expectAccessible(page, 'a consent waiting');
  await dup.getByLabel('Скан подписанного согласия').setInputFiles({ name: 'consent.png', mimeType: 'image/png', buffer: PNG });
  await dup.getByRole('button', { name: 'Записать бумажное согласие' }).click();
  await expect(page.getByTestId('consent-status')).toHaveText('Согласие получено');
  await expect(page.getByTestId('consent-countdown')).toHaveCount(0);

  // The type's fields; required ones said beside them before anything is sent.
  await dup.getByRole('button', { name: 'Сделать дубликат' }).click();
  await expect(dup.locator('.field', { has: page.getByRole('textbox', { name: 'Владелец' }) }).locator('.field-error')).toHaveText(
    'Заполните поле',
  );
  await expect(dup.locator('.op-file .field-error')).toHaveText('Загрузите файл');
  await dup.getByRole('textbox', { name: 'Владелец' }).fill('Сафина Ивана Ивановна');
  await dup.getByRole('textbox', { name: 'Серия', exact: true }).fill('тк-i');
  await dup.getByRole('textbox', { name: 'Номер', exact: true }).fill('12345');
  await dup.getByLabel('Дата заполнения').fill('2004-09-01');
  await dup.getByLabel('Скан документа').setInputFiles({ name: 'work-book.png', mimeType: 'image/png', buffer: PNG });
  await expect(dup.getByText('Выбран файл work-book.png')).toBeVisible();
  // The server's check of the number, beside it.
  await dup.getByRole('button', { name: 'Сделать дубликат' }).click();
  const numberField = dup.locator('.field', { has: page.getByRole('textbox', { name: 'Номер', exact: true }) });
  await expect(numberField.locator('.field-error')).toHaveText('Номер — 7 цифр');
  await expectAccessible(page, "a duplicate's details");
  await dup.getByRole('textbox', { name: 'Номер', exact: true }).fill('1234567');
  await dup.getByRole('button', { name: 'Сделать дубликат' }).click();
  await expect(page.getByTestId('duplicate-made')).toBeVisible({ timeout: 20_000 });
  const id = (await page.getByTestId('duplicate-id').textContent())!.trim();
  expect(id).not.toBe('');

  // The centre's duplicates list it, newest first.
  const list = await gqlRaw<{ centreDuplicates: unknown }>(request, '{ centreDuplicates(first: 1) { totalCount } }', {}, op.token);
  test.skip(!!list.errors?.length, `centreDuplicates is not served yet: ${String(JSON.stringify(list.errors)).slice(0, 200)}`);
  await page.locator('ul.work-nav').getByRole('link', { name: 'Дубликаты центра' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Дубликаты центра' })).toBeVisible();
  const row = page.locator(`[data-testid="centre-duplicate"][data-id="${id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Трудовая книжка');
  await expect(row).toContainText('Сафина И. И.');
  await expect(row.getByTestId('duplicate-state')).toHaveText('Действует');
  await expectAccessible(page, "the centre's duplicates");
  await deskScreenshot(page, info, 'operator-duplicates');

  // Revoked with a reason (required).
  await row.getByRole('button', { name: /^Отозвать:/ }).click();
  const reason = row.getByRole('textbox', { name: 'Причина отзыва' });
  await expect(reason).toBeFocused();
  await row.getByRole('button', { name: 'Отозвать дубликат' }).click();
  await expect(row.locator('.field-error')).toContainText('Укажите причину');
  await reason.fill('Ошибка в номере трудовой книжки');
  await row.getByRole('button', { name: 'Отозвать дубликат' }).click();
  await expect(row.getByTestId('duplicate-state')).toHaveText('Отозван');
  await page.reload();
  await expect(page.locator(`[data-testid="centre-duplicate"][data-id="${id}"]`).getByTestId('duplicate-state')).toHaveText('Отозван');
});

test('consent asked in the app: the citizen consents on his phone, the operator sees it', async ({ page, request, browser }, info) => {
  test.setTimeout(240_000);
  const [citizen, op] = await Promise.all([verifiedCitizen(request, { lastName: 'Валиев' }), operator(request, info)]);
  const phone = await citizenBrowser(browser, info);
  await signInPage(phone, citizen.phone);
  await phone.goto('/notifications');

  await signInPage(page, op.phone);
  await page.goto('/work/operator');
  await findCitizen(page, citizen.snils);
  const dup = page.locator('section.op-duplicate');
  await chooseKind(page, 'военный билет', 'Военный билет');
  const calls = graphqlCalls(page);
  await dup.getByRole('button', { name: 'Запросить согласие в приложении' }).click();
  await expect(page.getByTestId('consent-status')).toHaveText('Ждём ответа гражданина');
  const countdown = page.getByTestId('consent-countdown');
  await expect(countdown).toHaveText(/Осталось (10:00|9:\d\d)/);
  const before = await countdown.textContent();
  await expect(countdown).not.toHaveText(before!);

  // The request reaches the citizen's feed live; he opens it (the push's
  // link, uslugi://consents/<id>, is /documents/consents/<id> on the web) and consents.
  await expect(phone.locator('[data-testid="notification"][data-kind="DOCUMENTS_CONSENT"]')).toBeVisible({ timeout: 20_000 });
  const feed = await gql<{ notifications: { edges: { node: { kind: string; link: string } }[] } }>(
    request,
    '{ notifications(first: 10) { edges { node { kind link } } } }',
    {},
    citizen.session.accessToken,
  );
  const link = feed.notifications.edges.map((e) => e.node).find((n) => n.kind === 'DOCUMENTS_CONSENT')!.link;
  await phone.goto(link.replace('uslugi://consents/', '/documents/consents/'));
  await phone.getByRole('button', { name: 'Согласен' }).click();
  await expect(phone.getByText('Вы дали согласие')).toBeVisible();

  // The operator's screen follows by itself (duplicateConsent every few seconds; nothing made meanwhile).
  await expect(page.getByTestId('consent-status')).toHaveText('Согласие получено', { timeout: 20_000 });
  expect(calls.filter((c) => c.includes('OperatorConsentStatus')).length).toBeGreaterThan(0);
  expect(calls.filter((c) => c.includes('makeDuplicate'))).toEqual([]);
  await expect(dup.getByRole('textbox', { name: 'Владелец' })).toBeVisible();
  await expect(dup.getByText('Согласие получено (в приложении)')).toBeVisible();
  await expectAccessible(page, 'a consent given in the app');
  await phone.context().close();
});

test('consent refused in the app: the operator sees the refusal and may ask again', async ({ page, request }, info) => {
  test.setTimeout(180_000);
  const [citizen, op] = await Promise.all([verifiedCitizen(request, { lastName: 'Отказов' }), operator(request, info)]);
  await signInPage(page, op.phone);
  await page.goto('/work/operator');
  await findCitizen(page, citizen.snils);
  const dup = page.locator('section.op-duplicate');
  await chooseKind(page, 'военный билет', 'Военный билет');
  await dup.getByRole('button', { name: 'Запросить согласие в приложении' }).click();
  await expect(page.getByTestId('consent-status')).toHaveText('Ждём ответа гражданина');

  // The citizen refuses in his app (here through the API, by the push's link).
  let consentId = '';
  await expect
    .poll(
      async () => {
        const feed = await gql<{ notifications: { edges: { node: { kind: string; link: string } }[] } }>(
          request,
          '{ notifications(first: 10) { edges { node { kind link } } } }',
          {},
          citizen.session.accessToken,
        );
        const link = feed.notifications.edges.map((e) => e.node).find((n) => n.kind === 'DOCUMENTS_CONSENT')?.link ?? '';
        consentId = link.replace('uslugi://consents/', '');
        return consentId;
      },
      { timeout: 20_000 },
    )
    .not.toBe('');
  const answer = await gql<{ answerDuplicateConsent: { consent: { status: string } | null } }>(
    request,
    'mutation($id: ID!) { answerDuplicateConsent(id: $id, accept: false) { consent { status } userErrors { message } } }',
    { id: consentId },
    citizen.session.accessToken,
  );
  expect(answer.answerDuplicateConsent.consent?.status).toBe('REFUSED');

  // Before the time runs out, the screen says so and offers to ask again.
  await expect(page.getByTestId('consent-status')).toHaveText('Гражданин отказался', { timeout: 20_000 });
  await expect(page.getByTestId('consent-countdown')).toHaveCount(0);
  await expect(dup.getByText('Гражданин отказался в приложении.', { exact: false })).toBeVisible();
  await expect(dup.getByRole('button', { name: 'Запросить ещё раз' })).toBeEnabled();
  await expect(dup.getByRole('textbox', { name: 'Владелец' })).toHaveCount(0);
  await expectAccessible(page, 'a consent refused in the app');

  // The consent asked at this centre is the operator's to follow, not another centre's.
  const other = await staff(request, [['OPERATOR', 'mfc-16-chelny']], { keepAdmin: false, lastName: 'Операторова' });
  const theirs = await gql<{ duplicateConsent: { status: string } | null }>(
    request,
    'query($id: ID!) { duplicateConsent(id: $id) { status } }',
    { id: consentId },
    other.session.accessToken,
  );
  expect(theirs.duplicateConsent).toBeNull();
  const mine = await gql<{ duplicateConsent: { status: string } | null }>(
    request,
    'query($id: ID!) { duplicateConsent(id: $id) { status } }',
    { id: consentId },
    op.token,
  );
  expect(mine.duplicateConsent?.status).toBe('REFUSED');
});

test('a citizen is refused the workspace and its API', async ({ page, request }) => {
  const phone = randomPhone();
  const s = await registerApi(request, phone);
  await signInPage(page, phone);
  await page.goto('/work/operator');
  await expect(page.getByTestId('forbidden')).toHaveText('Это рабочее место доступно только с ролью «Оператор центра обслуживания».');
  await expect(page.getByRole('textbox', { name: 'СНИЛС гражданина' })).toHaveCount(0);
  await expectAccessible(page, 'the workspace refused');

  const calls: [string, string, Record<string, unknown>][] = [
    ['citizenBySnils', 'query($s: String!) { citizenBySnils(snils: $s) { accountId } }', { s: '112-233-445 95' }],
    [
      'confirmIdentityInPerson',
      'mutation($in: ConfirmInPersonInput!) { confirmIdentityInPerson(input: $in) { userErrors { field } } }',
      { in: { accountId: s.account.id, documentSeries: '4506', documentNumber: '123456' } },
    ],
    [
      'makeDuplicate',
      'mutation($in: MakeDuplicateInput!) { makeDuplicate(input: $in) { documentId } }',
      { in: { consentId: 'x', fields: '{}', files: [] } },
    ],
    ['duplicateConsent', 'query($id: ID!) { duplicateConsent(id: $id) { status } }', { id: 'x' }],
    ['centreResults', '{ centreResults { totalCount } }', {}],
    [
      'handOutResult',
      'mutation($in: HandOutResultInput!) { handOutResult(input: $in) { userErrors { field } } }',
      { in: { id: 'x', documentNumber: '123456' } },
    ],
  ];
  for (const [name, query, vars] of calls) {
    const r = await gqlRaw(request, query, vars, s.accessToken);
    expect(r.errors?.[0]?.extensions?.code, name).toBe('FORBIDDEN');
  }
});

/** A citizen's address registration to be collected at the Kazan centre, completed by the migration service. */
async function completedAtCentre(request: APIRequestContext, citizen: Citizen): Promise<string> {
  const token = citizen.session.accessToken;
  const appFields = 'application { id status } userErrors { field message }';
  type P = { application: { id: string; status: string } | null; userErrors: { field: string; message: string }[] };
  const draft = await gql<{ saveApplicationDraft: P }>(
    request,
    `mutation($in: ApplicationDraftInput!) { saveApplicationDraft(input: $in) { ${appFields} } }`,
    {
      in: {
        serviceCode: 'address_registration',
        branchCode: CENTRE,
        fields: JSON.stringify({ kind: 'STAY', address: 'г. Казань, ул. Пушкина, д. 5', since: '2026-12-01' }),
      },
    },
    token,
  );
  const id = draft.saveApplicationDraft.application!.id;
  const att = await gqlUpload<{ attachApplicationDocument: P }>(
    request,
    `mutation($in: AttachApplicationDocumentInput!) { attachApplicationDocument(input: $in) { ${appFields} } }`,
    { in: { id, requirement: 'OWNER_CONSENT', file: null } },
    { 'variables.in.file': ['consent.png', 'image/png', PNG] },
    token,
  );
  expect(att.errors ?? []).toEqual([]);
  const sub = await gql<{ submitApplication: P }>(
    request,
    `mutation($in: SubmitApplicationInput!) { submitApplication(input: $in) { ${appFields} } }`,
    { in: { draftId: id, idempotencyKey: `op-${Date.now()}` } },
    token,
  );
  expect(sub.submitApplication.userErrors).toEqual([]);
  const officer = (await staff(request, [['OFFICER', 'guvm']], { lastName: 'Миграционная' })).session.accessToken;
  for (const to of ['REGISTERED', 'IN_PROGRESS', 'COMPLETED']) {
    const r = await gql<{ moveApplication: P }>(
      request,
      `mutation($in: MoveApplicationInput!) { moveApplication(input: $in) { ${appFields} } }`,
      { in: { id, to, ...(to === 'COMPLETED' ? { comment: 'Зарегистрирован по месту пребывания' } : {}) } },
      officer,
    );
    expect(r.moveApplication.userErrors).toEqual([]);
  }
  return id;
}

test('a finished result is handed out after the identity document is checked', async ({ page, request }, info) => {
  test.setTimeout(240_000);
  const lastName = surname('Хайруллин');
  const initials = `${lastName} И. И.`;
  const [citizen, op] = await Promise.all([verifiedCitizen(request, { lastName }), operator(request, info)]);
  const probe = await gqlRaw(request, '{ centreResults { totalCount } }', {}, op.token);
  test.skip(!!probe.errors?.length, `centreResults is not served yet: ${String(JSON.stringify(probe.errors)).slice(0, 200)}`);
  await completedAtCentre(request, citizen);

  await signInPage(page, op.phone);
  await page.goto('/work/operator');
  await page.locator('ul.work-nav').getByRole('link', { name: 'Выдача результатов' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Выдача результатов' })).toBeVisible();
  const row = page.getByTestId('centre-result').filter({ hasText: initials });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Регистрация');
  await expectAccessible(page, 'results to hand out');
  await deskScreenshot(page, info, 'operator-results');

  await row.getByRole('button', { name: /^Выдать:/ }).click();
  await row.getByRole('textbox', { name: 'Серия документа' }).fill(citizen.series);
  const number = row.getByRole('textbox', { name: 'Номер документа' });
  await number.fill(citizen.passport === '123456' ? '654321' : '123456');
  await row.getByRole('button', { name: 'Выдать результат' }).click();
  const numberField = row.locator('.field', { has: page.getByRole('textbox', { name: 'Номер документа' }) });
  await expect(numberField.locator('.field-error')).toContainText('не совпадают');
  await expect(number).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'a hand-out refused');
  await number.fill(citizen.passport);
  await row.getByRole('button', { name: 'Выдать результат' }).click();
  await expect(page.getByTestId('handout-done')).toContainText(initials);
  await expect(page.getByTestId('centre-result').filter({ hasText: initials })).toHaveCount(0);

  await page.getByRole('link', { name: 'Выданные' }).click();
  await expect(page.getByRole('link', { name: 'Выданные' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('centre-result').filter({ hasText: initials })).toBeVisible();
  await expectAccessible(page, 'results handed out');
});
