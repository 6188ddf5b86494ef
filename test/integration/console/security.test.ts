// The console's sign-in and authorisation against the real local provider (oidc-provider) and the real handler
// through the local gateway: what a browser, a stale tab or an attacker would meet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONSOLE_CLIENT_ID,
  type ConsoleUser,
  type LocalProvider,
  startLocalProvider,
} from '../../../local/oidcProvider.ts';
import type { Principal } from '../../../shared/console/roles.ts';
import { deriveConsoleKeys, sealSession } from '../../../shared/console/session.ts';
import { decodeLinkKey } from '../../../shared/links/key.ts';
import { listExamScoresOfMonth } from '../../../shared/storage/facts.ts';
import {
  CookieJar,
  loginAtProvider,
  request,
  signIn,
  storeCard,
  useConsoleProvider,
} from '../../support/console.ts';
import { useStack } from '../../support/stack.ts';

const stack = useStack();
const MONTH = '2026-09';
let provider: LocalProvider;
let admin: ConsoleUser;
let viewer: ConsoleUser;
let north: string;
let east: string;

beforeAll(async () => {
  ({ provider, admin, viewer } = await useConsoleProvider(stack.url, {
    viewerRegion: '华北',
    clientIds: [CONSOLE_CLIENT_ID, 'other-client'],
  }));
  north = (await stack.engineer({ name: '北方工程师', region: '华北' })).id;
  east = (await stack.engineer({ name: '东方工程师', region: '华东' })).id;
  await storeCard(stack.storage, north, MONTH, [35, 25, 15, 10, 10, 5]);
  await storeCard(stack.storage, east, MONTH, [30, 20, 10, 10, 5, 5]);
});

afterAll(async () => {
  await provider?.stop();
});

describe('console sign-in', () => {
  it('sends a visitor without a session to sign in, and back to the page afterwards', async () => {
    const jar = new CookieJar();
    const first = await request(jar, `${stack.url}/console?month=${MONTH}&lang=en`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toMatch(/^\/console\/signin\?return=/);
    await signIn(stack.url, admin, jar);
    const page = await request(jar, `${stack.url}/console?month=${MONTH}&lang=en`);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain(`Month overview ${MONTH}`);
    expect(body).toContain('北方工程师');
    expect(body).toContain('东方工程师');
  });
});

const overviewUrl = () => `${stack.url}/console?month=${MONTH}&lang=en`;

/** The session's anti-CSRF token, as every form of the page carries it. */
async function csrfOf(jar: CookieJar): Promise<string> {
  const page = await request(jar, overviewUrl());
  expect(page.status).toBe(200);
  const token = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  expect(token).toBeDefined();
  return token!;
}

/** A session cookie made with the console's own key, as if signed in at `at`. */
async function sessionCookieAt(principal: Principal, at: Date): Promise<string> {
  const keys = deriveConsoleKeys(decodeLinkKey(process.env.LINK_KEY!, 'test'));
  return (await sealSession(principal, keys.session, at)).token;
}

const adminPrincipal: Principal = {
  sub: 'admin',
  actor: 'admin@example.com',
  name: 'Admin',
  role: 'admin',
  regions: [],
};

describe('console sessions', () => {
  it('a tampered session cookie is no session: sign in again', async () => {
    const jar = await signIn(stack.url, admin);
    const token = jar.cookies.get('kpi_console')!;
    // Change one character of the ciphertext part (AES-GCM's tag no longer verifies).
    const parts = token.split('.');
    const cipher = parts[3]!;
    parts[3] = (cipher[0] === 'A' ? 'B' : 'A') + cipher.slice(1);
    jar.cookies.set('kpi_console', parts.join('.'));
    const page = await request(jar, overviewUrl());
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/console\/signin/);
  });

  it('a session expires after a working day (10 hours), and holds until then', async () => {
    const jar = new CookieJar();
    jar.cookies.set(
      'kpi_console',
      await sessionCookieAt(adminPrincipal, new Date(Date.now() - 9.5 * 3600_000)),
    );
    expect((await request(jar, overviewUrl())).status).toBe(200);
    jar.cookies.set(
      'kpi_console',
      await sessionCookieAt(adminPrincipal, new Date(Date.now() - 10.5 * 3600_000)),
    );
    const expired = await request(jar, overviewUrl());
    expect(expired.status).toBe(303);
    expect(expired.headers.get('location')).toMatch(/^\/console\/signin/);
  });

  it('the session cookie is HttpOnly, SameSite=Lax, scoped to /console and expires with the session', async () => {
    const jar = new CookieJar();
    const start = await request(jar, `${stack.url}/console/signin`);
    const callback = await loginAtProvider(jar, start.headers.get('location')!, admin);
    const done = await request(jar, callback);
    const set = done.headers.getSetCookie().find((c) => c.startsWith('kpi_console='))!;
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Lax/);
    expect(set).toMatch(/; Path=\/console/);
    expect(set).toMatch(/; Max-Age=36000/);
  });
});

describe('anti-CSRF', () => {
  it('a POST without the token, or with a wrong one, is refused 403 and changes nothing', async () => {
    const jar = await signIn(stack.url, admin);
    const fields = { engineerId: north, month: MONTH, score: '88' };
    const without = await request(jar, `${stack.url}/console/exam-scores`, { form: fields });
    expect(without.status).toBe(403);
    const wrong = await request(jar, `${stack.url}/console/exam-scores`, {
      form: { ...fields, csrf: 'x'.repeat(43) },
    });
    expect(wrong.status).toBe(403);
    // Another session's token is a wrong token too.
    const other = await csrfOf(await signIn(stack.url, admin));
    expect(
      (await request(jar, `${stack.url}/console/exam-scores`, { form: { ...fields, csrf: other } })).status,
    ).toBe(403);
    expect(await listExamScoresOfMonth(stack.storage, MONTH)).toEqual([]);
    // Signing out is a change too.
    expect((await request(jar, `${stack.url}/console/signout`, { form: {} })).status).toBe(403);
    expect((await request(jar, overviewUrl())).status).toBe(200);
  });

  it("with the session's token the admin's change is made, recorded with the signed-in user as its author", async () => {
    const jar = await signIn(stack.url, admin);
    const csrf = await csrfOf(jar);
    const saved = await request(jar, `${stack.url}/console/exam-scores`, {
      form: { engineerId: east, month: MONTH, score: '91', csrf },
    });
    expect(saved.status).toBe(303);
    const scores = await listExamScoresOfMonth(stack.storage, MONTH);
    expect(scores).toEqual([expect.objectContaining({ engineerId: east, score: 91, by: admin.email })]);
    // A bad value is refused with the field and the reason, nothing written.
    const bad = await request(jar, `${stack.url}/console/exam-scores`, {
      form: { engineerId: north, month: MONTH, score: '150', csrf },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/<li>score: [^<]*100/);
    expect(await listExamScoresOfMonth(stack.storage, MONTH)).toHaveLength(1);
    // Signing out ends the session.
    const out = await request(jar, `${stack.url}/console/signout`, { form: { csrf } });
    expect(out.status).toBe(303);
    expect(jar.cookies.has('kpi_console')).toBe(false);
    expect((await request(jar, overviewUrl())).status).toBe(303);
  });
});

describe('the callback', () => {
  /** Starts a sign-in: the jar gets the sign-in cookie; returns the provider's authorization URL. */
  async function begin(jar: CookieJar): Promise<URL> {
    const start = await request(jar, `${stack.url}/console/signin`);
    expect(start.status).toBe(302);
    return new URL(start.headers.get('location')!);
  }

  it('rejects a wrong state', async () => {
    const jar = new CookieJar();
    const callback = new URL(await loginAtProvider(jar, (await begin(jar)).toString(), admin));
    callback.searchParams.set('state', 'not-the-state-of-this-sign-in');
    const answer = await request(jar, callback.toString());
    expect(answer.status).toBe(401);
    expect(jar.cookies.has('kpi_console')).toBe(false);
  });

  it('rejects a replayed code', async () => {
    const jar = new CookieJar();
    const callback = await loginAtProvider(jar, (await begin(jar)).toString(), admin);
    const signInCookie = jar.cookies.get('kpi_signin')!;
    expect((await request(jar, callback)).status).toBe(303);
    // An attacker who saw the redirect replays it, with the sign-in cookie as it was.
    const attacker = new CookieJar();
    attacker.cookies.set('kpi_signin', signInCookie);
    const replay = await request(attacker, callback);
    expect(replay.status).toBe(401);
    expect(attacker.cookies.has('kpi_console')).toBe(false);
  });

  it('rejects a code from another issuer', async () => {
    const other = await startLocalProvider({
      users: [admin],
      redirectUris: [`${stack.url}/console/callback`],
    });
    try {
      const jar = new CookieJar();
      const authorization = await begin(jar);
      // The same request (state, nonce, PKCE challenge), answered by another provider.
      const elsewhere = new URL(`${authorization.pathname}${authorization.search}`, other.issuer);
      const callback = await loginAtProvider(jar, elsewhere.toString(), admin);
      expect(new URL(callback).searchParams.get('iss')).toBe(other.issuer);
      const answer = await request(jar, callback);
      expect(answer.status).toBe(401);
      expect(jar.cookies.has('kpi_console')).toBe(false);
    } finally {
      await other.stop();
    }
  });

  it('rejects a code issued to another client (audience)', async () => {
    const jar = new CookieJar();
    const authorization = await begin(jar);
    authorization.searchParams.set('client_id', 'other-client');
    const callback = await loginAtProvider(jar, authorization.toString(), admin);
    const answer = await request(jar, callback);
    expect(answer.status).toBe(401);
    expect(jar.cookies.has('kpi_console')).toBe(false);
  });

  it('never returns to another site after signing in', async () => {
    const jar = new CookieJar();
    const start = await request(
      jar,
      `${stack.url}/console/signin?return=${encodeURIComponent('//evil.example/x')}`,
    );
    const callback = await loginAtProvider(jar, start.headers.get('location')!, admin);
    const done = await request(jar, callback);
    expect(done.headers.get('location')).toBe('/console');
  });
});

describe('the overview', () => {
  const namesIn = (body: string) =>
    [...body.matchAll(/<tr data-engineer="[^"]+"><th scope="row">([^<]+)</g)].map((m) => m[1]);

  it('filters by region and sorts by total (highest first), name or region (in Chinese order)', async () => {
    const an = await stack.engineer({ name: '安工程师', region: '华东' });
    await storeCard(stack.storage, an.id, MONTH, [20, 10, 5, 5, 5, 5]);
    const jar = await signIn(stack.url, admin);
    const names = async (query: string) =>
      namesIn(await (await request(jar, `${overviewUrl()}${query}`)).text());
    expect(await names(`&region=${encodeURIComponent('华东')}`)).toEqual(['东方工程师', '安工程师']);
    expect(await names('')).toEqual(['北方工程师', '东方工程师', '安工程师']); // 100, 80, 50
    expect(await names('&sort=name')).toEqual(['安工程师', '北方工程师', '东方工程师']); // an, bei, dong
    expect(await names('&sort=region')).toEqual(['北方工程师', '安工程师', '东方工程师']); // 华北, then 华东
  });

  it('refuses a month or sort it does not know, naming the field (400)', async () => {
    const jar = await signIn(stack.url, admin);
    const month = await request(jar, `${stack.url}/console?month=2026-13&lang=en`);
    expect(month.status).toBe(400);
    expect(await month.text()).toContain('month: expected a month YYYY-MM');
    expect((await request(jar, `${overviewUrl()}&sort=salary`)).status).toBe(400);
  });
});

describe('a viewer', () => {
  it('sees only the engineers of their region, and no form to change anything', async () => {
    const jar = await signIn(stack.url, viewer);
    const body = await (await request(jar, overviewUrl())).text();
    expect(body).toContain('北方工程师');
    expect(body).not.toContain('东方工程师');
    expect(body).not.toContain('/console/exam-scores');
    const other = await request(jar, `${overviewUrl()}&region=${encodeURIComponent('华东')}`);
    expect(other.status).toBe(403);
  });

  it("is refused a crafted POST (403), even with the session's own CSRF token, and nothing is written", async () => {
    const jar = await signIn(stack.url, viewer);
    const csrf = await csrfOf(jar);
    const crafted = await request(jar, `${stack.url}/console/exam-scores`, {
      form: { engineerId: north, month: '2026-08', score: '100', csrf },
    });
    expect(crafted.status).toBe(403);
    expect(await listExamScoresOfMonth(stack.storage, '2026-08')).toEqual([]);
  });
});
