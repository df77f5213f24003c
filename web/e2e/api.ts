import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { makeAdmin, PASSWORD, randomPhone } from './helpers';

/**
 * Setting the scene through the GraphQL API, as the server's tests do:
 * accounts, verified and confirmed citizens, staff with their roles. The
 * screens under test are then walked in the browser.
 */

export interface GqlResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A GraphQL call; top-level errors throw (use gqlRaw to look at them). */
export async function gql<T>(req: APIRequestContext, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const body = await gqlRaw<T>(req, query, variables, token);
  if (body.errors?.length) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

/** A GraphQL call returning data and errors as they are (for FORBIDDEN checks). */
export async function gqlRaw<T>(req: APIRequestContext, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GqlResult<T>> {
  const res = await req.post('/graphql', {
    data: { query, variables },
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return (await res.json()) as GqlResult<T>;
}

/**
 * A multipart request (the GraphQL multipart request spec): files maps a
 * variable path (e.g. 'variables.in.materials.0') to [name, type, bytes].
 */
export async function gqlUpload<T>(
  req: APIRequestContext,
  query: string,
  variables: Record<string, unknown>,
  files: Record<string, [string, string, Buffer]>,
  token: string,
): Promise<GqlResult<T>> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables }));
  const entries = Object.entries(files);
  form.append('map', JSON.stringify(Object.fromEntries(entries.map(([path], i) => [String(i), [path]]))));
  entries.forEach(([, [name, type, bytes]], i) => {
    form.append(String(i), new Blob([new Uint8Array(bytes)], { type }), name);
  });
  const res = await req.post('/graphql', { headers: { Authorization: `Bearer ${token}` }, multipart: form });
  return (await res.json()) as GqlResult<T>;
}

/** A 1×1 PNG, for uploads. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The newest 6-digit code the SMS simulator sent to phone. */
export async function smsCode(req: APIRequestContext, phone: string): Promise<string> {
  let code = '';
  await expect
    .poll(
      async () => {
        const res = await req.get(`/dev/messages?to=${encodeURIComponent(phone)}`);
        const body = (await res.json()) as { messages: { text: string }[] };
        const m = body.messages.map((x) => /(\d{6})/.exec(x.text)).find(Boolean);
        code = m?.[1] ?? '';
        return code;
      },
      { timeout: 20_000 },
    )
    .not.toBe('');
  return code;
}

/** A SNILS with its check sum; the body's last digits avoid the simulator's special endings. */
export function randomSnils(): string {
  const body = `1${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}${100 + Math.floor(Math.random() * 800)}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (9 - i), 0);
  let cs = sum < 100 ? sum : sum === 100 || sum === 101 ? 0 : sum % 101;
  if (cs === 100) cs = 0;
  return `${body.slice(0, 3)}-${body.slice(3, 6)}-${body.slice(6, 9)} ${String(cs).padStart(2, '0')}`;
}

/** A passport number the simulated agencies confirm (their special endings avoided). */
export function randomPassport(): string {
  return String(100000 + Math.floor(Math.random() * 800000)).replace(/(00|99|98)$/, '11');
}

const AUTH = `session { accessToken refreshToken account { id tier roles } } userErrors { field code message }`;

export interface Session {
  accessToken: string;
  refreshToken: string;
  account: { id: string; tier: string; roles: string[] };
}

/** Registers a phone (the code from /dev/messages) and returns the session. */
export async function registerApi(req: APIRequestContext, phone: string, lastName = 'Иванов', firstName = 'Иван'): Promise<Session> {
  const r = await gql<{ register: { registration: { id: string } } }>(
    req,
    `mutation($in: RegisterInput!) { register(input: $in) { registration { id } userErrors { message } } }`,
    { in: { lastName, firstName, phone } },
  );
  const code = await smsCode(req, phone);
  const c = await gql<{ confirmContact: { setupToken: string } }>(
    req,
    `mutation($in: ConfirmContactInput!) { confirmContact(input: $in) { setupToken userErrors { message } } }`,
    { in: { registrationId: r.register.registration.id, code } },
  );
  const s = await gql<{ setPassword: { session: Session } }>(req, `mutation($in: SetPasswordInput!) { setPassword(input: $in) { ${AUTH} } }`, {
    in: { setupToken: c.confirmContact.setupToken, password: PASSWORD, passwordAgain: PASSWORD },
  });
  return s.setPassword.session;
}

/** Signs in again (a new session carries roles granted meanwhile). */
export async function signInApi(req: APIRequestContext, login: string): Promise<Session> {
  const s = await gql<{ signIn: { session: Session } }>(req, `mutation($in: SignInInput!) { signIn(input: $in) { ${AUTH} } }`, {
    in: { login, password: PASSWORD },
  });
  return s.signIn.session;
}

export interface Citizen {
  phone: string;
  snils: string;
  series: string;
  passport: string;
  lastName: string;
  session: Session;
}

/**
 * A citizen whose personal data the simulated agencies verified (STANDARD;
 * 3 s on the e2e server), registered in the municipality (Kazan by default).
 */
export async function verifiedCitizen(
  req: APIRequestContext,
  opts: { lastName?: string; regionCode?: string; municipalityOktmo?: string } = {},
): Promise<Citizen> {
  const phone = randomPhone();
  const lastName = opts.lastName ?? 'Иванов';
  const session = await registerApi(req, phone, lastName);
  const snils = randomSnils();
  const series = '4506';
  const passport = randomPassport();
  const r = await gql<{ submitPersonalData: { userErrors: { field: string; message: string }[] } }>(
    req,
    `mutation($in: PersonalDataInput!) { submitPersonalData(input: $in) { verification { id } userErrors { field message } } }`,
    {
      in: {
        lastName, firstName: 'Иван', patronymic: 'Иванович', birthDate: '1985-04-12', sex: 'MALE', citizenship: 'RUS',
        snils, birthPlace: 'г. Казань',
        document: { kind: 'RF_PASSPORT', series, number: passport, issuedOn: '2005-05-20', issuerCode: '770-001' },
        address: { regionCode: opts.regionCode ?? '16', municipalityOktmo: opts.municipalityOktmo ?? '92701000', street: 'ул. Баумана, д. 1' },
      },
    },
    session.accessToken,
  );
  expect(r.submitPersonalData.userErrors).toEqual([]);
  await expect
    .poll(
      async () => (await gql<{ verification: { status: string } }>(req, `{ verification { status } }`, {}, session.accessToken)).verification.status,
      { timeout: 45_000, intervals: [1000] },
    )
    .toBe('SUCCEEDED');
  return { phone, snils, series, passport, lastName, session: await signInApi(req, phone) };
}

/**
 * A staff account: registered, made ADMIN by the server's own command, then
 * granted each [role, scope] through the API; signed in again to carry them.
 * Pass admin: false to drop the ADMIN role afterwards (a plain officer).
 */
export async function staff(
  req: APIRequestContext,
  grants: [role: string, scope: string | null][],
  opts: { lastName?: string; keepAdmin?: boolean } = {},
): Promise<{ phone: string; session: Session }> {
  const phone = randomPhone();
  await registerApi(req, phone, opts.lastName ?? 'Петров', 'Пётр');
  makeAdmin(phone);
  let s = await signInApi(req, phone);
  for (const [role, scope] of grants) {
    const r = await gql<{ grantRole: { userErrors: { message: string }[] } }>(
      req,
      `mutation($in: RoleGrantInput!) { grantRole(input: $in) { ok userErrors { message } } }`,
      { in: { accountId: s.account.id, role, scope, reason: 'e2e: staff' } },
      s.accessToken,
    );
    expect(r.grantRole.userErrors).toEqual([]);
  }
  if (opts.keepAdmin === false) {
    await gql(
      req,
      `mutation($in: RoleGrantInput!) { revokeRole(input: $in) { ok userErrors { message } } }`,
      { in: { accountId: s.account.id, role: 'ADMIN', reason: 'e2e: staff without ADMIN' } },
      s.accessToken,
    );
  }
  s = await signInApi(req, phone);
  return { phone, session: s };
}

/** Signs in through the app's sign-in screen and waits for the account to show. */
export async function signInPage(page: Page, login: string): Promise<void> {
  await page.goto('/signin');
  await page.getByRole('textbox', { name: 'Телефон, электронная почта или СНИЛС' }).fill(login);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}
