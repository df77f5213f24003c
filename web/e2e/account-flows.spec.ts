import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, PNG, randomPassport, randomSnils, registerApi, signInPage, verifiedCitizen, type Session } from './api';
import { expectAccessible, PASSWORD, randomPhone, readCode } from './helpers';

/**
 * The account's further ways, walked as a citizen would; the scene (a
 * registered or verified citizen) is set through the API. Confirming the
 * identity with an electronic signature, then registering an organisation;
 * children; recovering a forgotten password; withdrawing an application.
 */

/** The account's own screens, from its page's navigation. */
async function openSection(page: Page, name: string) {
  await page.goto('/account');
  await page.getByRole('navigation', { name: 'Разделы учётной записи' }).getByRole('link', { name }).click();
}

/**
 * A qualified certificate for this SNILS under the e2e server's own
 * certification centre (playwright.config.ts makes it in the server's data
 * folder), with its key: what a citizen's signing program holds. ECDSA P-256.
 */
function qualifiedCertificate(snils: string): { certificate: string; signText: (text: string) => string } {
  const dataDir = process.env.E2E_DATA_DIR!;
  const dir = mkdtempSync(join(tmpdir(), 'uslugi-e2e-cert-'));
  try {
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'key.pem');
    openssl('req', '-new', '-key', 'key.pem', '-out', 'req.pem', '-utf8', '-subj',
      `/CN=Иванов Иван Иванович/SN=Иванов/GN=Иван Иванович/1.2.643.100.3=${snils.replace(/\D/g, '')}`);
    writeFileSync(join(dir, 'ext.cnf'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
    openssl('x509', '-req', '-in', 'req.pem', '-CA', join(dataDir, 'esign-ca.pem'), '-CAkey', join(dataDir, 'esign-ca.key'),
      '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '30', '-extfile', 'ext.cnf', '-out', 'cert.pem');
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    return {
      certificate: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      // SHA-256, ECDSA in ASN.1 DER, base64: as the form asks.
      signText: (text) => sign('sha256', Buffer.from(text, 'utf8'), { key, dsaEncoding: 'der' }).toString('base64'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A legal entity's INN (10 digits) and OGRN (13) with their check digits; random, as one INN makes one organisation. */
function randomLegalEntity(): { inn: string; ogrn: string } {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
  const body = `${1 + Math.floor(Math.random() * 9)}${digits(8)}`;
  const check = [2, 4, 10, 3, 5, 9, 4, 6, 8].reduce((s, w, i) => s + w * Number(body[i]), 0) % 11 % 10;
  const ogrnBody = `1${digits(11)}`;
  return { inn: body + check, ogrn: ogrnBody + String((BigInt(ogrnBody) % 11n) % 10n) };
}

test('confirming the identity with an electronic signature, then registering an organisation', async ({ page, request }) => {
  test.setTimeout(180_000);
  const citizen = await verifiedCitizen(request);
  await signInPage(page, citizen.phone);

  await openSection(page, 'Подтверждение личности');
  await expect(page.getByRole('heading', { level: 1, name: 'Подтверждение личности' })).toBeVisible();
  await expect(page.getByTestId('account-tier')).toHaveText('Стандартная');
  await expect(page.getByRole('heading', { name: 'Электронной подписью' })).toBeVisible();
  await page.getByRole('button', { name: 'Получить текст для подписи' }).click();
  const challenge = page.getByTestId('challenge');
  await expect(challenge).toContainText('Подтверждение личности на портале госуслуг');
  await expectAccessible(page, 'the text to sign');

  // Someone else's certificate: refused beside the certificate, the text spent.
  const other = qualifiedCertificate(randomSnils());
  await page.getByRole('textbox', { name: 'Подпись (base64)' }).fill(other.signText((await challenge.textContent())!));
  await page.getByRole('textbox', { name: 'Сертификат (PEM)' }).fill(other.certificate);
  await page.getByRole('button', { name: 'Подтвердить подписью' }).click();
  const certField = page.locator('.field', { has: page.getByRole('textbox', { name: 'Сертификат (PEM)' }) });
  await expect(certField.locator('.field-error')).toHaveText('СНИЛС в сертификате не совпадает со СНИЛС учётной записи');
  await expect(page.getByRole('textbox', { name: 'Сертификат (PEM)' })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'a refused signature');

  // A new text, signed with the citizen's own certificate.
  const first = await challenge.textContent();
  await page.getByRole('button', { name: 'Получить новый текст' }).click();
  await expect(challenge).not.toHaveText(first!);
  const own = qualifiedCertificate(citizen.snils);
  await page.getByRole('textbox', { name: 'Подпись (base64)' }).fill(own.signText((await challenge.textContent())!));
  await page.getByRole('textbox', { name: 'Сертификат (PEM)' }).fill(own.certificate);
  await page.getByRole('button', { name: 'Подтвердить подписью' }).click();
  await expect(page.getByTestId('account-tier')).toHaveText('Подтверждённая');
  await expect(page.getByRole('status').filter({ hasText: 'Личность подтверждена: электронной подписью.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Электронной подписью' })).toHaveCount(0);
  await expectAccessible(page, 'the confirmed identity');

  // Confirmed, the citizen registers an organisation he heads.
  await openSection(page, 'Дети и организации');
  await expect(page.getByRole('heading', { level: 1, name: 'Дети и организации' })).toBeVisible();
  await expect(page.getByText('Вы не состоите ни в одной организации')).toBeVisible();
  await page.getByRole('button', { name: 'Добавить организацию' }).click();
  const form = page.getByRole('form', { name: 'Добавить организацию' });
  const { inn, ogrn } = randomLegalEntity();
  const name = `ООО «Ромашка ${inn.slice(-4)}»`;
  await form.getByLabel('Вид').selectOption('LEGAL_ENTITY');
  await form.getByRole('textbox', { name: 'Название' }).fill(name);
  // A mistyped INN: its check digit does not match, said beside the field.
  await form.getByRole('textbox', { name: 'ИНН', exact: true }).fill(inn.slice(0, 9) + String((Number(inn[9]) + 1) % 10));
  await form.getByRole('textbox', { name: 'ОГРН или ОГРНИП' }).fill(ogrn);
  await form.getByRole('button', { name: 'Добавить', exact: true }).click();
  await expect(form.getByRole('textbox', { name: 'ИНН', exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('.field-error')).toContainText('Контрольная цифра ИНН');
  await expectAccessible(page, 'the organisation form with an error');
  await form.getByRole('textbox', { name: 'ИНН', exact: true }).fill(inn);
  await form.getByRole('button', { name: 'Добавить', exact: true }).click();
  const org = page.getByRole('listitem').filter({ hasText: name });
  await expect(org).toContainText(`Юридическое лицо, ИНН ${inn}, руководитель`);
  await expect(form).toHaveCount(0);
  await expectAccessible(page, 'the organisations');
  await page.reload();
  await expect(page.getByRole('listitem').filter({ hasText: name })).toBeVisible();
});

/** Personal data sent through the API, as verifiedCitizen does, without waiting for the agencies. */
async function submitPersonalData(request: APIRequestContext, session: Session, snils: string, passport: string) {
  const r = await gql<{ submitPersonalData: { userErrors: unknown[] } }>(
    request,
    `mutation($in: PersonalDataInput!) { submitPersonalData(input: $in) { verification { id } userErrors { field message } } }`,
    {
      in: {
        lastName: 'Иванов', firstName: 'Иван', patronymic: 'Иванович', birthDate: '1985-04-12', sex: 'MALE', citizenship: 'RUS',
        snils, birthPlace: 'г. Казань',
        document: { kind: 'RF_PASSPORT', series: '4506', number: passport, issuedOn: '2005-05-20', issuerCode: '770-001' },
        address: { regionCode: '16', municipalityOktmo: '92701000', street: 'ул. Баумана, д. 1' },
      },
    },
    session.accessToken,
  );
  expect(r.submitPersonalData.userErrors).toEqual([]);
}

test('the verification follows each agency live over the websocket, without asking again', async ({ page, request }) => {
  test.setTimeout(120_000);
  const phone = randomPhone();
  const session = await registerApi(request, phone);
  await signInPage(page, phone);

  // What the page asks: the verification over HTTP (answered once at most; a persisted query's
  // first miss is not an answer), its updates over the websocket.
  let asked = 0;
  page.on('response', async (res) => {
    const r = res.request();
    if (!r.url().includes('/graphql')) return;
    const op = new URL(r.url()).searchParams.get('operationName') ?? (r.postDataJSON() as { operationName?: string } | null)?.operationName;
    if (op === 'AccountVerification' && (await res.text().catch(() => '')).includes('"verification"')) asked++;
  });
  let subscribed = false;
  page.on('websocket', (ws) => ws.on('framesent', (f) => void (subscribed ||= String(f.payload).includes('verificationUpdated'))));
  await page.goto('/account/personal');
  await expect(page.getByRole('heading', { level: 1, name: 'Личные данные' })).toBeVisible();
  await expect(page.getByTestId('account-tier')).toHaveText('Упрощённая');
  await expect(page.getByTestId('verification')).toHaveCount(0);
  await expect.poll(() => subscribed).toBe(true);

  // Sent elsewhere (the API) while the page is open: it appears, and the Social Fund's answer
  // arrives by itself; the passport ending in 99 is never answered, so it stays running.
  const snils = randomSnils();
  await submitPersonalData(request, session, snils, '123499');
  await expect(page.getByTestId('verification-status')).toHaveText('Данные проверяются.');
  await expect(page.getByTestId('check-SFR')).toHaveAttribute('data-state', 'CONFIRMED', { timeout: 30_000 });
  await expect(page.getByTestId('check-SFR')).toContainText('подтверждено');
  await expect(page.getByTestId('check-MVD')).toHaveAttribute('data-state', 'PENDING');
  await expect(page.getByTestId('verification-status')).toHaveText('Данные проверяются.');
  await expectAccessible(page, 'a verification half answered');

  // Sent again with a passport the interior ministry confirms: the new verification replaces
  // the running one, both agencies confirm it, and the tier changes without a reload.
  await submitPersonalData(request, session, snils, randomPassport());
  await expect(page.getByTestId('check-MVD')).toHaveAttribute('data-state', 'CONFIRMED', { timeout: 45_000 });
  await expect(page.getByTestId('check-SFR')).toHaveAttribute('data-state', 'CONFIRMED');
  await expect(page.getByTestId('verification-status')).toHaveText(/^Данные проверены\./);
  await expect(page.getByTestId('account-tier')).toHaveText('Стандартная');
  expect(asked).toBeLessThanOrEqual(1);
});

test('a verified citizen adds a child and sees it', async ({ page, request }) => {
  test.setTimeout(120_000);
  const citizen = await verifiedCitizen(request);
  await signInPage(page, citizen.phone);

  await openSection(page, 'Дети и организации');
  await expect(page.getByRole('heading', { level: 1, name: 'Дети и организации' })).toBeVisible();
  await expect(page.getByText('Дети не добавлены')).toBeVisible();
  // Organisations are for confirmed accounts only: said, no form.
  await expect(page.getByText('Зарегистрировать организацию может подтверждённая учётная запись.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Добавить организацию' })).toHaveCount(0);
  await expectAccessible(page, 'children and organisations, none yet');

  await page.getByRole('button', { name: 'Добавить ребёнка' }).click();
  const form = page.getByRole('form', { name: 'Добавить ребёнка' });
  await form.getByRole('textbox', { name: 'Фамилия' }).fill('Иванова');
  await form.getByRole('textbox', { name: 'Имя', exact: true }).fill('Мария');
  await form.getByRole('textbox', { name: 'Отчество (если есть)' }).fill('Ивановна');
  // Born 20 years ago: not a minor, said beside the date.
  const year = new Date().getFullYear();
  await form.getByLabel('Дата рождения').fill(`${year - 20}-03-15`);
  await form.getByRole('textbox', { name: 'Серия свидетельства о рождении' }).fill('IV-МЮ');
  const number = String(100000 + Math.floor(Math.random() * 900000));
  await form.getByRole('textbox', { name: 'Номер свидетельства о рождении' }).fill(number);
  await form.getByRole('button', { name: 'Добавить', exact: true }).click();
  await expect(form.locator('.field-error')).toHaveText('Ребёнка можно добавить до его 18-летия');
  await expectAccessible(page, 'the child form with an error');

  await form.getByLabel('Дата рождения').fill(`${year - 7}-03-15`);
  await form.getByRole('button', { name: 'Добавить', exact: true }).click();
  const child = page.getByRole('listitem').filter({ hasText: 'Иванова Мария Ивановна' });
  await expect(child).toContainText(`${year - 7}-03-15`);
  await expect(child).toContainText(number);
  await expect(form).toHaveCount(0);
  await expect(page.getByText('Дети не добавлены')).toHaveCount(0);
  await expectAccessible(page, 'the children');
  await page.reload();
  await expect(page.getByRole('listitem').filter({ hasText: 'Иванова Мария Ивановна' })).toBeVisible();
});

test('password recovery: a code by SMS, a new password, signing in with it', async ({ page, request }) => {
  test.setTimeout(120_000);
  const phone = randomPhone();
  await registerApi(request, phone);
  // The registration's SMS is not the recovery code: skip what was sent so far.
  const seen = new Set(
    ((await (await request.get(`/dev/messages?to=${encodeURIComponent(phone)}`)).json()) as { messages: { id: string }[] }).messages.map((m) => m.id),
  );

  await page.goto('/signin');
  await page.getByRole('link', { name: 'Забыли пароль?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Восстановление пароля' })).toBeVisible();
  await expectAccessible(page, 'the recovery form');
  await page.getByRole('textbox', { name: 'Телефон, электронная почта или СНИЛС' }).fill(phone);
  await page.getByRole('button', { name: 'Получить код' }).click();
  // The answer never tells whether such an account exists.
  await expect(page.getByRole('status')).toHaveText('Если учётная запись с этим номером есть, на него отправлен код');
  const code = await readCode(page, phone, seen);

  // A wrong code first: said beside the field; the right one then works.
  const newPassword = 'Lastochka2027y';
  await page.getByRole('textbox', { name: 'Код' }).fill(code === '000000' ? '111111' : '000000');
  await page.getByLabel('Новый пароль').fill(newPassword);
  await page.getByLabel('Пароль ещё раз').fill(newPassword);
  await page.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page.getByRole('textbox', { name: 'Код' })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error', { hasText: 'Неверный или устаревший код' })).toBeVisible();
  await expectAccessible(page, 'the new password form with an error');
  await page.getByRole('textbox', { name: 'Код' }).fill(code);
  await page.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account-tier')).toHaveText('Упрощённая');

  // Signed out, the old password no longer opens the account; the new one does.
  await page.getByRole('main').getByRole('button', { name: 'Выйти' }).click();
  await page.goto('/signin');
  await page.getByRole('textbox', { name: 'Телефон, электронная почта или СНИЛС' }).fill(phone);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.locator('.field-error', { hasText: 'Неверный логин или пароль' })).toBeVisible();
  await page.getByLabel('Пароль').fill(newPassword);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account-tier')).toHaveText('Упрощённая');
});

test('withdrawing a submitted application: the stage is shown', async ({ page, request }) => {
  test.setTimeout(150_000);
  const citizen = await verifiedCitizen(request);
  await signInPage(page, citizen.phone);

  // Apply for address registration.
  await page.goto('/documents/apply/address_registration');
  await expect(page.getByRole('heading', { level: 1, name: /Заявление/ })).toBeVisible();
  await page.locator('label.radio', { hasText: 'По месту жительства' }).click();
  await page.getByRole('textbox', { name: 'Адрес' }).fill('г. Казань, ул. Баумана, д. 5, кв. 7');
  await page.getByLabel('С какого числа').fill('2026-12-15');
  await page.getByLabel('Файл: Согласие собственника жилья').setInputFiles({ name: 'consent.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('attached-OWNER_CONSENT')).toBeVisible();
  await page.getByRole('button', { name: 'Подать заявление' }).click();
  await expect(page).toHaveURL(/\/documents\/applications\/[^/]+$/);
  await expect(page.getByTestId('application-status')).toHaveText('Подано');

  // Withdraw: asked first; "keep it" leaves it as it was.
  await page.getByRole('button', { name: 'Отозвать заявление' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Отозвать заявление? Отменить это будет нельзя.' });
  await expect(ask).toBeVisible();
  await expectAccessible(page, 'the withdrawal question');
  await ask.getByRole('button', { name: 'Не отзывать' }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId('application-status')).toHaveText('Подано');
  await page.getByRole('button', { name: 'Отозвать заявление' }).click();
  await ask.getByRole('button', { name: 'Да, отозвать' }).click();

  await expect(page.getByTestId('application-status')).toHaveText('Отозвано');
  const stages = page.getByTestId('application-stages').locator('li');
  await expect(stages).toHaveCount(2);
  await expect(stages.last()).toContainText('Отозвано');
  await expect(page.getByRole('button', { name: 'Отозвать заявление' })).toHaveCount(0);
  await expectAccessible(page, 'a withdrawn application');

  // My applications show it withdrawn.
  await page.goto('/documents/applications');
  await expect(page.getByRole('heading', { level: 1, name: 'Мои заявления' })).toBeVisible();
  await expect(page.locator('.doc-item').filter({ hasText: 'Отозвано' })).toHaveCount(1);
});
