/**
 * The app's own small preferences (language, region, "a session may
 * exist") live in cookies: the server can read them (it writes the first
 * screen in the visitor's language: server/webapp.go), and the app reads them
 * at start-up more cheaply than a first localStorage access, which costs a
 * phone several milliseconds. None of them is a secret.
 */
const YEAR = 365 * 24 * 3600;

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** Sets (or, with null, removes) a cookie for the whole app, kept a year. */
export function writeCookie(name: string, value: string | null, sameSite: 'Lax' | 'Strict' = 'Lax'): void {
  if (typeof document === 'undefined') return;
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  const v = value === null ? '; Max-Age=0' : `${encodeURIComponent(value)}; Max-Age=${YEAR}`;
  document.cookie = `${name}=${v}; Path=/; SameSite=${sameSite}${secure}`;
}
