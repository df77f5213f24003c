import { expect, test, type Page } from '@playwright/test';
import { randomSnils } from './api';
import { expectAccessible, PASSWORD, randomPhone, readCode, screenshot } from './helpers';

/** Registration by phone (SIMPLIFIED), ending on the account page. */
async function register(page: Page, phone: string) {
  await page.goto('/register');
  await page.getByRole('textbox', { name: 'Фамилия' }).fill('Иванов');
  await page.getByRole('textbox', { name: 'Имя' }).fill('Иван');
  await page.getByRole('textbox', { name: 'Мобильный телефон' }).fill(phone);
  await page.getByRole('button', { name: 'Продолжить' }).click();
  const code = await readCode(page, phone);
  await page.getByRole('textbox', { name: 'Код' }).fill(code);
  await page.getByRole('button', { name: 'Подтвердить' }).click();
  await page.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Пароль ещё раз').fill(PASSWORD);
  await page.getByRole('button', { name: 'Завершить регистрацию' }).click();
  await expect(page.getByTestId('account-tier')).toHaveText('Упрощённая');
}

test('personal data verified live, the feed, registered mail, sessions', async ({ page }, info) => {
  test.setTimeout(120_000);
  const phone = randomPhone();
  const snils = randomSnils();
  const wrongSnils = snils.slice(0, -2) + String((Number(snils.slice(-2)) + 1) % 100).padStart(2, '0');
  await register(page, phone);
  await expectAccessible(page, 'the account');

  // Personal data: an error beside its field first, then the values the simulated agencies confirm.
  await page.getByRole('navigation', { name: 'Разделы учётной записи' }).getByRole('link', { name: 'Личные данные и их проверка' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Личные данные' })).toBeVisible();
  await page.getByLabel('Отчество (если есть)').fill('Иванович');
  await page.getByLabel('Дата рождения').fill('1985-04-12');
  await page.getByLabel('Пол').selectOption('MALE');
  await page.getByLabel('Серия', { exact: true }).fill('4506');
  await page.getByLabel('Номер', { exact: true }).fill('123456');
  await page.getByLabel('Дата выдачи').fill('2005-05-20');
  await page.getByLabel('Код подразделения').fill('770-001');
  await page.getByRole('textbox', { name: 'СНИЛС' }).fill(wrongSnils);
  await page.getByLabel('Место рождения').fill('г. Казань');
  await page.getByLabel('Регион регистрации').selectOption('16');
  await page.getByLabel(/Код ОКТМО/).fill('92701000');
  await page.getByLabel('Адрес регистрации').fill('ул. Баумана, д. 1');
  await expectAccessible(page, 'the personal data form');
  await page.getByRole('button', { name: 'Отправить на проверку' }).click();
  // a wrong check sum: the API's userError beside the SNILS field
  await expect(page.locator('.field', { has: page.getByRole('textbox', { name: 'СНИЛС' }) }).locator('.field-error')).toBeVisible();
  await expectAccessible(page, 'the personal data form with an error');
  await page.getByRole('textbox', { name: 'СНИЛС' }).fill(snils);
  await page.getByRole('button', { name: 'Отправить на проверку' }).click();

  // Both agencies' progress, polled live.
  await expect(page.getByTestId('verification-status')).toHaveText(/проверяются/);
  await expect(page.getByTestId('check-SFR')).toBeVisible();
  await expect(page.getByTestId('check-MVD')).toBeVisible();
  await expectAccessible(page, 'the verification progress');

  // The feed, opened without a reload: the notification arrives by the subscription.
  const badge = page.getByTestId('notifications-badge');
  await badge.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Уведомления' })).toBeVisible();
  await expectAccessible(page, 'the empty feed');
  const item = page.getByTestId('notification').filter({ hasText: 'Личные данные подтверждены' });
  await expect(item).toBeVisible({ timeout: 45_000 });
  await expect(item).toHaveAttribute('data-read', 'false');
  await expect(badge).toHaveAttribute('data-count', '1');
  await expect(badge.locator('.badge')).toHaveText('1');
  await expectAccessible(page, 'the feed');
  await screenshot(page, info, 'notifications-feed');
  await item.getByRole('button', { name: /Отметить прочитанным/ }).click();
  await expect(item).toHaveAttribute('data-read', 'true');
  await expect(badge).toHaveAttribute('data-count', '0');

  // Back to the verification: both agencies confirmed, STANDARD without signing in again.
  await item.getByRole('link', { name: 'Подробнее' }).click();
  await expect(page.getByTestId('verification-status')).toHaveText(/проверены/);
  await expect(page.getByTestId('check-SFR')).toHaveAttribute('data-state', 'CONFIRMED');
  await expect(page.getByTestId('check-MVD')).toHaveAttribute('data-state', 'CONFIRMED');
  await expect(page.getByTestId('account-tier')).toHaveText('Стандартная');
  await expectAccessible(page, 'the verified data');
  await screenshot(page, info, 'account-verification');

  // Confirmation: service centres of the region, a registered letter with its tracking.
  await page.getByRole('link', { name: /Моя учётная запись/ }).click();
  await expect(page.getByTestId('account-tier')).toHaveText('Стандартная');
  await page.getByRole('navigation', { name: 'Разделы учётной записи' }).getByRole('link', { name: 'Подтверждение личности' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Подтверждение личности' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'В центре обслуживания' })).toBeVisible();
  await page.getByLabel('Индекс').fill('420111');
  await page.getByLabel('Адрес', { exact: true }).fill('Республика Татарстан, г. Казань, ул. Баумана, д. 1, кв. 1');
  await page.getByRole('button', { name: 'Заказать письмо' }).click();
  await expect(page.getByTestId('letter')).toBeVisible();
  await expect(page.getByTestId('tracking-number')).not.toHaveText('письмо ещё не отправлено', { timeout: 30_000 });
  await expect(page.getByLabel('Код из письма')).toBeVisible();
  await expectAccessible(page, 'the confirmation ways');
  await screenshot(page, info, 'account-confirm');

  // Sessions: this device listed.
  await page.goto('/account/sessions');
  await expect(page.getByRole('heading', { level: 1, name: 'Входы в учётную запись' })).toBeVisible();
  await expect(page.getByTestId('sessions').getByText('(это устройство)')).toBeVisible();
  await expectAccessible(page, 'the sessions');

  // Notification settings: preferences per category and channel, quiet hours.
  await page.goto('/notifications/settings');
  await expect(page.getByTestId('preferences')).toBeVisible();
  await expectAccessible(page, 'the notification settings');
  await page.getByLabel('С', { exact: true }).fill('23:00');
  await page.getByLabel('До', { exact: true }).fill('07:00');
  await page.getByLabel('Часовой пояс').fill('Europe/Moscow');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Тихие часы сохранены')).toBeVisible();
});
