export type PasswordRule = 'length' | 'lower' | 'upper' | 'digit' | 'latin' | 'contact' | 'match';

export interface PasswordContext {
  phone?: string | null;
  email?: string | null;
}

/**
 * The API's password rules that can be checked while typing (README
 * "Accounts"): 8–128 characters, Latin lower and upper case and a digit, not
 * containing the phone's digits or the email's name, entered twice. The
 * common-password list is checked by the server only.
 */
export function checkPassword(password: string, again: string, ctx: PasswordContext = {}): Record<PasswordRule, boolean> {
  const digits = (ctx.phone ?? '').replace(/\D/g, '');
  // the server refuses the last 7 digits of the phone anywhere in the password
  const phoneCore = digits.length >= 7 ? digits.slice(-7) : '';
  const mailbox = (ctx.email ?? '').split('@')[0]?.toLowerCase() ?? '';
  const lower = password.toLowerCase();
  return {
    length: password.length >= 8 && password.length <= 128,
    lower: /[a-z]/.test(password),
    upper: /[A-Z]/.test(password),
    digit: /\d/.test(password),
    latin: password.length > 0 && /^[\x21-\x7e]+$/.test(password),
    contact:
      password.length > 0 &&
      !(phoneCore && password.includes(phoneCore)) &&
      !(mailbox.length >= 3 && lower.includes(mailbox)),
    match: password.length > 0 && password === again,
  };
}

export const PASSWORD_RULES: PasswordRule[] = ['length', 'lower', 'upper', 'digit', 'latin', 'contact', 'match'];

export function passwordOk(r: Record<PasswordRule, boolean>): boolean {
  return PASSWORD_RULES.every((k) => r[k]);
}
