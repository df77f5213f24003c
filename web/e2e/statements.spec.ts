import { expect, test, type APIRequestContext } from '@playwright/test';
import { gql, signInPage, verifiedCitizen } from './api';
import { expectAccessible, screenshot } from './helpers';

/**
 * Statements and payments as a verified (STANDARD) citizen. Registration
 * and verification, which other screens cover, run through the API (the
 * last name "Должников" makes the simulated bailiffs find a proceeding);
 * the citizen then signs in through the UI.
 */

const USER_ERRORS = 'userErrors { field code message }';

interface ApiFine {
  id: string;
  uin: string;
  status: string;
  discountedAmountKopecks: number | null;
  discountUntil: string | null;
  amountDueKopecks: number;
}

/**
 * A vehicle registration certificate of series "50 50", which the simulated
 * traffic police fines under 12.9.2 (500 ₽) at 00:00 every Monday and which
 * pays each fine at half price before its discount ends (agency/gibdd.go):
 * its newest unpaid fine has 14 to 21 days of the discount left. The number
 * is random, so that one test's payment leaves another's fines alone.
 */
async function addDiscountedFine(request: APIRequestContext, token: string): Promise<ApiFine> {
  const number = `50 50 ${String(100_001 + Math.floor(Math.random() * 899_990))}`;
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
  const unpaid = fines.fines.filter((f) => f.status === 'UNPAID' && f.discountUntil);
  expect(unpaid.length).toBeGreaterThanOrEqual(2);
  const newest = unpaid.reduce((a, b) => (Date.parse(b.discountUntil!) > Date.parse(a.discountUntil!) ? b : a));
  // 500 ₽ under 12.9.2: 250 ₽ due while the discount lasts.
  expect(newest).toMatchObject({ discountedAmountKopecks: 250_00, amountDueKopecks: 250_00 });
  return newest;
}

/** The discount's deadline as the app writes it in Moscow time ("29 марта 2026 г. в 23:59"), the words between date and time left open. */
function deadline(iso: string): RegExp {
  const part = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', ...o }).format(new Date(iso));
  const date = part({ day: 'numeric', month: 'long', year: 'numeric' }).replace(/[.]/g, '\\.');
  return new RegExp(`до ${date}\\D{0,6}${part({ hour: '2-digit', minute: '2-digit' })}`);
}

/** Roubles as the app writes them ("2 500,00 ₽"), any spaces between the thousands. */
function roubles(kopecks: number): RegExp {
  const whole = String(Math.floor(kopecks / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\\s?');
  return new RegExp(`${whole},${String(kopecks % 100).padStart(2, '0')}`);
}

test('a verified citizen finds a fine with its discount, pays it through the gateway and sees the receipt', async ({
  page,
  request,
}, info) => {
  test.setTimeout(240_000);
  const { phone, session } = await verifiedCitizen(request, { lastName: 'Должников' });
  const fine = await addDiscountedFine(request, session.accessToken);

  await signInPage(page, phone);
  await page.goto('/statements');
  await expect(page.getByRole('heading', { level: 1, name: 'Штрафы ГИБДД' })).toBeVisible();
  const card = page.getByTestId('fine').filter({ hasText: fine.uin });
  await expect(card).toBeVisible({ timeout: 20_000 });
  await expect(card.getByRole('heading')).toContainText(roubles(500_00));
  await expect(card.getByTestId('fine-discount')).toContainText('Скидка 50%');
  await expect(card.getByTestId('fine-discount')).toContainText(roubles(250_00));
  await expect(card.getByTestId('fine-discount')).toContainText(deadline(fine.discountUntil!));
  await expect(card.getByTestId('fine-discount')).toContainText(/Остал(ось|ся) (1[3-9]|2[01]) дн/);
  await expect(card.getByRole('button', { name: /^Оплатить/ })).toContainText(roubles(250_00));
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
  // Charged half: the payment, its one item and the receipt are 250 ₽.
  const result = page.locator('.card', { has: page.getByTestId('payment-status') });
  await expect(result).toContainText(roubles(250_00));
  await expect(result).not.toContainText(roubles(500_00));
  await expect(page.getByTestId('receipt')).toContainText(fine.uin);
  await expect(page.getByTestId('receipt')).toContainText(roubles(250_00));
  await expectAccessible(page, 'payment result');
  await screenshot(page, info, 'statements-pay');

  // The return URL names the payment: another tab, which remembers nothing, shows it too.
  expect(new URL(page.url()).searchParams.get('paymentId')).toBeTruthy();
  const other = await page.context().newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('payment-status')).toHaveText('Оплачено');
  await expect(other.locator('.card', { has: other.getByTestId('payment-status') })).toContainText(roubles(250_00));
  await other.close();

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
  const { phone, passport } = await verifiedCitizen(request, { lastName: 'Должников' });
  await signInPage(page, phone);

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
  await expect(page.getByRole('textbox', { name: 'Номер паспорта' })).toHaveValue(passport);
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
