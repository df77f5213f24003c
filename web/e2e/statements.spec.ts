import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectAccessible, PASSWORD, randomPhone, screenshot } from './helpers';

/**
 * Statements and payments as a verified (STANDARD) citizen. Registration
 * and verification, which other screens cover, run through the API; the
 * citizen then signs in through the UI.
 */

type Vars = Record<string, unknown>;

async function gql<T>(request: APIRequestContext, query: string, variables: Vars = {}, token?: string): Promise<T> {
  const res = await request.post('/graphql', {
    data: { query, variables },
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

/** A valid SNILS with a random body the simulated pension fund confirms (not ending in 000/001/002/998/999). */
function randomSnils(): string {
  let body = '';
  do {
    body = String(100_000_000 + Math.floor(Math.random() * 800_000_000));
  } while (['000', '001', '002', '998', '999'].includes(body.slice(6)));
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body[i]) * (9 - i);
  if (sum > 101) sum %= 101;
  if (sum === 100 || sum === 101) sum = 0;
  return body + String(sum).padStart(2, '0');
}

async function smsCode(request: APIRequestContext, to: string): Promise<string> {
  let code = '';
  await expect
    .poll(
      async () => {
        const res = await request.get(`/dev/messages?to=${encodeURIComponent(to)}`);
        const body = (await res.json()) as { messages: { text: string }[] };
        const m = body.messages.map((x) => /(\d{6})/.exec(x.text)).find(Boolean);
        code = m?.[1] ?? '';
        return code !== '';
      },
      { timeout: 20_000, message: `an SMS code for ${to}` },
    )
    .toBe(true);
  return code;
}

const USER_ERRORS = 'userErrors { field code message }';

/**
 * Registers a phone, submits the personal data of server/*_test.go's
 * verified() helper (a fresh SNILS; the last name "Должников" makes the
 * simulated bailiffs find a proceeding), waits for STANDARD and returns a
 * STANDARD access token.
 */
async function verifiedCitizen(request: APIRequestContext): Promise<{ phone: string; token: string }> {
  const phone = randomPhone();
  const reg = await gql<{ register: { registration: { id: string } | null } }>(
    request,
    `mutation($in: RegisterInput!) { register(input: $in) { registration { id } ${USER_ERRORS} } }`,
    { in: { lastName: 'Должников', firstName: 'Иван', phone } },
  );
  const code = await smsCode(request, phone);
  const conf = await gql<{ confirmContact: { setupToken: string | null } }>(
    request,
    `mutation($in: ConfirmContactInput!) { confirmContact(input: $in) { setupToken ${USER_ERRORS} } }`,
    { in: { registrationId: reg.register.registration!.id, code } },
  );
  const set = await gql<{ setPassword: { session: { accessToken: string } | null } }>(
    request,
    `mutation($in: SetPasswordInput!) { setPassword(input: $in) { session { accessToken } ${USER_ERRORS} } }`,
    { in: { setupToken: conf.confirmContact.setupToken, password: PASSWORD, passwordAgain: PASSWORD } },
  );
  const simplified = set.setPassword.session!.accessToken;
  const sub = await gql<{ submitPersonalData: { verification: { id: string } | null; userErrors: unknown[] } }>(
    request,
    `mutation($in: PersonalDataInput!) { submitPersonalData(input: $in) { verification { id } ${USER_ERRORS} } }`,
    {
      in: {
        lastName: 'Должников',
        firstName: 'Иван',
        patronymic: 'Иванович',
        birthDate: '1985-04-12',
        sex: 'MALE',
        citizenship: 'RUS',
        snils: randomSnils(),
        birthPlace: 'г. Казань',
        document: { kind: 'RF_PASSPORT', series: '4506', number: '123456', issuedOn: '2005-05-20', issuerCode: '770-001' },
        address: { regionCode: '16', municipalityOktmo: '92701000', street: 'ул. Баумана, д. 1' },
      },
    },
    simplified,
  );
  expect(sub.submitPersonalData.verification, JSON.stringify(sub.submitPersonalData.userErrors)).not.toBeNull();
  await expect
    .poll(
      async () =>
        (await gql<{ verification: { status: string } | null }>(request, '{ verification { status } }', {}, simplified))
          .verification?.status,
      { timeout: 60_000, intervals: [1_000, 2_000], message: 'verification' },
    )
    .toBe('SUCCEEDED');
  const signIn = await gql<{ signIn: { session: { accessToken: string; account: { tier: string } } | null } }>(
    request,
    `mutation($in: SignInInput!) { signIn(input: $in) { session { accessToken account { tier } } ${USER_ERRORS} } }`,
    { in: { login: phone, password: PASSWORD } },
  );
  expect(signIn.signIn.session?.account.tier).toBe('STANDARD');
  return { phone, token: signIn.signIn.session!.accessToken };
}

interface ApiFine {
  id: string;
  uin: string;
  status: string;
  discountedAmountKopecks: number | null;
  discountUntil: string | null;
  amountDueKopecks: number;
}

/**
 * Adds vehicle registration certificates (cameras' fines) until the
 * simulated traffic police has an unpaid fine within its discount for one;
 * the simulator decides by a hash of the number and the week, so a few
 * random numbers find one.
 */
async function findDiscountedFine(request: APIRequestContext, token: string): Promise<ApiFine> {
  for (let i = 0; i < 10; i++) {
    const n = String(100_001 + Math.floor(Math.random() * 899_990));
    const number = `77 УВ ${n.endsWith('00') ? n.slice(0, 5) + '7' : n}`;
    const added = await gql<{ addLookupDocument: { document: { id: string } | null; userErrors: unknown[] } }>(
      request,
      `mutation($in: AddLookupDocumentInput!) { addLookupDocument(input: $in) { document { id } ${USER_ERRORS} } }`,
      { in: { kind: 'VEHICLE_CERTIFICATE', number } },
      token,
    );
    expect(added.addLookupDocument.userErrors).toEqual([]);
    const { fines } = await gql<{ fines: { fines: ApiFine[] } }>(
      request,
      '{ fines { fines { id uin status discountedAmountKopecks discountUntil amountDueKopecks } } }',
      {},
      token,
    );
    const found = fines.fines.find(
      (f) => f.status === 'UNPAID' && f.discountedAmountKopecks != null && f.discountUntil && Date.parse(f.discountUntil) > Date.now() + 3_600_000,
    );
    if (found) return found;
  }
  throw new Error('no fine within its discount for 10 certificates');
}

/** Roubles as the app writes them ("2 500,00 ₽"), any spaces between the thousands. */
function roubles(kopecks: number): RegExp {
  const whole = String(Math.floor(kopecks / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\\s?');
  return new RegExp(`${whole},${String(kopecks % 100).padStart(2, '0')}`);
}

async function signInUI(page: Page, phone: string): Promise<void> {
  await page.goto('/signin');
  await page.getByRole('textbox', { name: 'Телефон, электронная почта или СНИЛС' }).fill(phone);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 20_000 });
}

test('a verified citizen finds a fine with its discount, pays it through the gateway and sees the receipt', async ({
  page,
  request,
}, info) => {
  test.setTimeout(240_000);
  const { phone, token } = await verifiedCitizen(request);
  const fine = await findDiscountedFine(request, token);

  await signInUI(page, phone);
  await page.goto('/statements');
  await expect(page.getByRole('heading', { level: 1, name: 'Штрафы ГИБДД' })).toBeVisible();
  const card = page.getByTestId('fine').filter({ hasText: fine.uin });
  await expect(card).toBeVisible({ timeout: 20_000 });
  await expect(card.getByTestId('fine-discount')).toContainText('Скидка 50%');
  await expect(card.getByTestId('fine-discount')).toContainText(/Остал(ось|ся) \d+ д|последний день/);
  await expect(card.getByTestId('fine-discount')).toContainText(roubles(fine.discountedAmountKopecks!));
  await expectAccessible(page, 'fines');
  await screenshot(page, info, 'statements-fines');

  // A document number the traffic police would not take: the message beside the field.
  await page.getByRole('textbox', { name: 'Номер' }).fill('12');
  await page.getByRole('button', { name: 'Добавить', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Номер' })).toHaveAttribute('aria-invalid', 'true');

  // Pay: the gateway's page, then back to the app's result page.
  await card.getByRole('button', { name: /^Оплатить/ }).click();
  await page.waitForURL(/\/dev\/acquirer\//);
  await page.getByRole('button', { name: /^Оплатить/ }).click();
  await page.waitForURL(/\/statements\/payment\?/);
  await expect(page.getByTestId('payment-status')).toHaveText('Оплачено');
  await expect(page.getByTestId('receipt')).toContainText(fine.uin);
  await expect(page.getByTestId('receipt')).toContainText(roubles(fine.discountedAmountKopecks!));
  await expectAccessible(page, 'payment result');
  await screenshot(page, info, 'statements-pay');

  // The fine is paid; the receipt is kept.
  await page.getByRole('link', { name: 'К штрафам' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Штрафы ГИБДД' })).toBeVisible();
  await expect(page.getByTestId('fine').filter({ hasText: fine.uin })).toHaveCount(0);
  await page.getByRole('radio', { name: 'Оплаченные', exact: true }).check({ force: true });
  const paid = page.getByTestId('fine').filter({ hasText: fine.uin });
  await expect(paid.getByTestId('fine-paid')).toContainText('Оплачено');
  await page.getByRole('link', { name: 'Квитанции' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Квитанции' })).toBeVisible();
  await expect(page.getByTestId('receipt').filter({ hasText: fine.uin })).toBeVisible();
  await expectAccessible(page, 'receipts');
});

test('taxes and proceedings, the pension statement and its result, the subscription to new charges', async ({
  page,
  request,
}, info) => {
  test.setTimeout(360_000);
  const { phone } = await verifiedCitizen(request);
  await signInUI(page, phone);

  // The pension fund answers at the first poll, two minutes after the request: ask first.
  await page.goto('/statements/pension');
  await expect(page.getByRole('heading', { level: 1, name: 'Выписка из пенсионного счёта' })).toBeVisible();
  await expect(page.getByText('Запросов пока не было')).toBeVisible();
  await page.getByRole('button', { name: 'Запросить выписку' }).click();
  await expect(page.getByTestId('pension-request')).toContainText('Ждём ответа');
  await expectAccessible(page, 'pension, pending');

  // Taxes: the INN is found by the passport of the profile, then the debts (or none).
  await page.getByRole('link', { name: 'Налоги' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Налоги и задолженности' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Серия паспорта' })).toHaveValue('4506');
  await expect(page.getByRole('textbox', { name: 'Номер паспорта' })).toHaveValue('123456');
  await expectAccessible(page, 'taxes, INN');
  await page.getByRole('button', { name: 'Найти ИНН' }).click();
  await expect(
    page.getByRole('list', { name: 'Налоговые задолженности' }).or(page.getByText('Налоговых задолженностей нет')),
  ).toBeVisible({ timeout: 20_000 });
  // Должников: the bailiffs always have a proceeding over a credit debt.
  await expect(page.getByTestId('proceeding').first()).toBeVisible({ timeout: 20_000 });
  await expectAccessible(page, 'taxes and proceedings');
  await screenshot(page, info, 'statements-taxes');

  // Subscription: on by default; turned off it stays off.
  await page.getByRole('link', { name: 'Уведомления', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Уведомления о новых начислениях' })).toBeVisible();
  const fines = page.getByRole('switch', { name: 'Новые штрафы' });
  await expect(fines).toBeChecked();
  await expectAccessible(page, 'subscriptions');
  await fines.click({ force: true });
  await expect(fines).not.toBeChecked();
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Новые штрафы' })).not.toBeChecked();
  await expect(page.getByRole('switch', { name: 'Новые налоги' })).toBeChecked();

  // The pension statement arrives (the screen asks again while waiting).
  await page.goto('/statements/pension');
  await expect(page.getByTestId('pension-request').first()).toContainText('Выписка готова', { timeout: 200_000 });
  await expect(page.getByTestId('pension-ipk')).toHaveText(/^\d+\.\d{3}$/);
  await expectAccessible(page, 'pension, ready');
});
