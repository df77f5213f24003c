import { describe, expect, it } from 'vitest';
import { checkPassword, passwordOk } from './passwordRules';

describe('checkPassword', () => {
  it('accepts a password meeting every rule', () => {
    const r = checkPassword('Zvezda2026x', 'Zvezda2026x', { phone: '+79123456789' });
    expect(passwordOk(r)).toBe(true);
  });
  it('marks each rule the password misses', () => {
    const r = checkPassword('abc', 'abd');
    expect(r).toMatchObject({ length: false, lower: true, upper: false, digit: false, match: false });
  });
  it('refuses Cyrillic and spaces', () => {
    expect(checkPassword('Пароль2026x', 'Пароль2026x').latin).toBe(false);
    expect(checkPassword('Zvezda 2026x', 'Zvezda 2026x').latin).toBe(false);
  });
  it('refuses the phone digits and the mailbox name', () => {
    expect(checkPassword('Ab3456789x', 'Ab3456789x', { phone: '+79123456789' }).contact).toBe(false);
    expect(checkPassword('Ivanov2026X', 'Ivanov2026X', { email: 'ivanov@mail.ru' }).contact).toBe(false);
  });
  it('needs 8 to 128 characters', () => {
    expect(checkPassword('Aa1aaaa', '').length).toBe(false);
    expect(checkPassword('Aa1' + 'a'.repeat(125), '').length).toBe(true);
    expect(checkPassword('Aa1' + 'a'.repeat(126), '').length).toBe(false);
  });
});
