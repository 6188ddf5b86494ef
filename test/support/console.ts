// Signing in to the console the way a browser does, over HTTP: a cookie jar, redirects followed by hand, and the
// local provider's real username/password page. Used by the console's integration tests and its bench; and the
// same in a real browser page, for the browser tests.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import {
  type ConsoleUser,
  demoConsoleUsers,
  type LocalProvider,
  startLocalProvider,
} from '../../local/oidcProvider.ts';
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/rubric/indicators.ts';
import type { IndicatorFlag, ScoreCard } from '../../shared/scoring/scoreCard.ts';
import type { Storage } from '../../shared/storage/client.ts';
import { storeScoreCardRevision } from '../../shared/storage/scoreCards.ts';

/** The cookies of one browser (both servers are on 127.0.0.1: browsers do not separate cookies by port). */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /max-age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

/** One request with the jar's cookies, not following redirects. */
export async function request(
  jar: CookieJar,
  url: string,
  init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Response> {
  const response = await fetch(url, {
    method: init.method ?? (init.form ? 'POST' : 'GET'),
    redirect: 'manual',
    headers: {
      cookie: jar.header(),
      ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...init.headers,
    },
    ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
  });
  jar.store(response);
  return response;
}

/** Follows redirects from `url` (GET) until an answer that is not a redirect, or `stop` says so. */
export async function follow(
  jar: CookieJar,
  url: string,
  stop: (url: string) => boolean = () => false,
): Promise<{ url: string; response: Response }> {
  let current = url;
  for (let hops = 0; hops < 10; hops++) {
    if (stop(current)) return { url: current, response: new Response(null, { status: 204 }) };
    const response = await request(jar, current);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
    current = new URL(location, current).toString();
  }
  throw new Error(`too many redirects from ${url}`);
}

/**
 * From the provider's login page to the URL it redirects the browser back to (the console's callback with the
 * code and state), without following it.
 */
export async function loginAtProvider(
  jar: CookieJar,
  authorizationUrl: string,
  user: ConsoleUser,
): Promise<string> {
  const page = await follow(jar, authorizationUrl);
  expect(page.response.status).toBe(200);
  expect(await page.response.text()).toContain('name="password"');
  const posted = await request(jar, `${page.url}/login`, {
    form: { username: user.username, password: user.password },
  });
  expect(posted.status).toBe(303);
  const back = await follow(jar, new URL(posted.headers.get('location')!, page.url).toString(), (u) =>
    u.includes('/console/callback'),
  );
  return back.url;
}

/**
 * In a browser `page`: opens the console page `url`, is sent to the provider at `issuer`, signs in there as `user`
 * on its username/password page, and lands back on that console page.
 */
export async function signInInBrowser(
  page: Page,
  url: string,
  issuer: string,
  user: ConsoleUser,
): Promise<void> {
  const target = new URL(url);
  await page.goto(url);
  expect(page.url()).toContain(issuer);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await Promise.all([
    page.waitForURL((u) => u.origin === target.origin && u.pathname === target.pathname),
    page.getByRole('button').click(),
  ]);
  await page.waitForLoadState('load');
}

/** Signs `user` in to the console at `baseUrl`; the jar then holds the session cookie. */
export async function signIn(baseUrl: string, user: ConsoleUser, jar = new CookieJar()): Promise<CookieJar> {
  const start = await request(jar, `${baseUrl}/console/signin`);
  expect(start.status).toBe(302);
  const callback = await loginAtProvider(jar, start.headers.get('location')!, user);
  const done = await request(jar, callback);
  expect(done.status).toBe(303);
  expect(jar.cookies.has('kpi_console')).toBe(true);
  return jar;
}

/** A local provider for the console of the gateway at `baseUrl`, configured as the console's provider. */
export async function useConsoleProvider(
  baseUrl: string,
  options: { viewerRegion?: string; clientIds?: string[] } = {},
): Promise<{ provider: LocalProvider; admin: ConsoleUser; viewer: ConsoleUser }> {
  const [admin, viewer] = demoConsoleUsers(options.viewerRegion ?? '华北');
  const provider = await startLocalProvider({
    users: [admin!, viewer!],
    redirectUris: [`${baseUrl}/console/callback`],
    ...(options.clientIds ? { clientIds: options.clientIds } : {}),
  });
  process.env.CONSOLE_ISSUER = provider.issuer;
  process.env.CONSOLE_CLIENT_ID = provider.clientId;
  return { provider, admin: admin!, viewer: viewer! };
}

/** Stores a latest card of `month` with these six points (sheet order), as a scoring run would. */
export async function storeCard(
  storage: Storage,
  engineerId: string,
  month: string,
  points: readonly number[],
  flags: Partial<Record<IndicatorKey, IndicatorFlag[]>> = {},
  measured: Partial<Record<IndicatorKey, Record<string, unknown>>> = {},
): Promise<void> {
  const indicators = INDICATOR_KEYS.map((key, i) => ({
    key,
    points: points[i] ?? 0,
    weight: 10,
    maxPoints: 40,
    measured: measured[key] ?? {},
    flags: flags[key] ?? [],
    explanation: { 'zh-CN': '', en: '' },
  }));
  const card = {
    engineerId,
    month,
    rubric: 'test@1',
    total: points.reduce((a, b) => a + b, 0),
    maxTotal: 100,
    indicators,
  } as unknown as ScoreCard;
  await storeScoreCardRevision(storage, card, 0, new Date());
}
