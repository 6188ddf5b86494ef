// The console's HTTP side: its cookies, who is signed in, the anti-CSRF check of every state-changing request,
// and the route table. Authorisation is decided on the server for every route: no session → a page redirects to
// sign-in, a POST is refused (403); a viewer's change → 403; a region not theirs → 403. Every change is made
// through the admin API's own use case with the signed-in user as its actor.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { setExamScore } from '../admin/facts.ts';
import { config } from '../config.ts';
import { consoleAsset } from '../console/assets.ts';
import { monthOverview } from '../console/overview.ts';
import { assertAdmin } from '../console/roles.ts';
import {
  assertCsrf,
  consoleKeys,
  openSession,
  openSignIn,
  SESSION_SECONDS,
  type Session,
  SIGN_IN_SECONDS,
  sealSession,
} from '../console/session.ts';
import { beginSignIn, CALLBACK_PATH, finishSignIn } from '../console/signIn.ts';
import { consoleErrorPage, consoleHref, overviewPage, signedOutPage } from '../console/views.ts';
import { DEFAULT_LANGUAGE, type Language } from '../domain/values.ts';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { storage } from '../storage/fromConfig.ts';
import { boundedProblems, formatProblems } from '../validation.ts';
import { bodyKind, formBody, header, isMultipart, multipartBody, queryParam } from './body.ts';
import { consoleAppealRoutes } from './consoleAppeals.ts';
import { engineerMonthBack, engineerMonthRoutes } from './consoleEngineerMonth.ts';
import { consoleMonthRoutes } from './consoleMonth.ts';
import { consoleSetupRoutes } from './consoleSetup.ts';
import { requestedLanguage } from './request.ts';
import { type HttpResponse, htmlResponse } from './responses.ts';
import type { Route } from './router.ts';

// How the Console function starts runs on AWS (its handler passes the scoring queue); reached through here, as
// the route modules import this one.
export { useConsoleMonthRuns } from './consoleMonth.ts';

export const SESSION_COOKIE = 'kpi_console';
export const SIGN_IN_COOKIE = 'kpi_signin';

/** The request's cookies by name (API Gateway v2 passes them in `cookies`; a plain header works too). */
export function requestCookies(event: APIGatewayProxyEventV2): Map<string, string> {
  const pairs = event.cookies ?? header(event, 'cookie')?.split(/;\s*/) ?? [];
  const out = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at > 0) out.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return out;
}

/** Secure on https (AWS); the local stack is plain http on 127.0.0.1, where a Secure cookie would be dropped. */
function cookie(name: string, value: string, path: string, maxAge: number): string {
  const secure = config().publicBaseUrl?.startsWith('https:') ? '; Secure' : '';
  return `${name}=${value}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

/** The reader's language: `?lang=`, else the browser's first of ours, else the product's default. */
export function consoleLanguage(event: APIGatewayProxyEventV2): Language {
  const asked = requestedLanguage(event);
  if (asked) return asked;
  for (const part of (header(event, 'accept-language') ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LANGUAGE;
}

async function currentSession(event: APIGatewayProxyEventV2, now: Date): Promise<Session | undefined> {
  return openSession(requestCookies(event).get(SESSION_COOKIE), (await consoleKeys()).session, now);
}

export function redirect(location: string, cookies: string[] = []): HttpResponse {
  return { statusCode: 303, headers: { Location: location, 'Cache-Control': 'no-store' }, cookies, body: '' };
}

/** The path and query to come back to after signing in (a console page, never another site). */
function here(event: APIGatewayProxyEventV2): string {
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  return `${event.rawPath}${query}`;
}

/** A page: its session, or the redirect to sign in (coming back here afterwards). */
export function page(
  render: (event: APIGatewayProxyEventV2, session: Session, now: Date) => Promise<HttpResponse>,
): Route['handler'] {
  return async (event) => {
    const now = new Date();
    const session = await currentSession(event, now);
    if (!session) {
      return redirect(
        `/console/signin?${new URLSearchParams({ return: here(event), lang: consoleLanguage(event) })}`,
      );
    }
    return render(event, session, now);
  };
}

/**
 * A state-changing request: a session (else 403: there is nothing to check a CSRF token against), the session's
 * CSRF token in the form (else 403), then the action with the form's fields (and its files, for an upload).
 */
export function action(
  run: (
    event: APIGatewayProxyEventV2,
    session: Session,
    form: URLSearchParams,
    now: Date,
    files: ReadonlyMap<string, File>,
  ) => Promise<HttpResponse>,
): Route['handler'] {
  return async (event) => {
    const now = new Date();
    const session = await currentSession(event, now);
    if (!session) throw new ForbiddenError('not signed in (or the session has expired): sign in again');
    const { fields: form, files } = isMultipart(event)
      ? await multipartBody(event, config().maxBodyBytes)
      : { fields: bodyKind(event) === 'form' ? formBody(event) : new URLSearchParams(), files: new Map() };
    assertCsrf(session, form.get('csrf') ?? undefined);
    return run(event, session, form, now, files);
  };
}

function safeReturn(value: string | undefined): string {
  // Only a path of the console: never `//other.site` or a URL, which would make sign-in an open redirect.
  return value && /^\/console(\/|\?|$)/.test(value) && !value.startsWith('//') ? value : '/console';
}

async function signIn(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const now = new Date();
  const lang = consoleLanguage(event);
  const returnTo = safeReturn(queryParam(event, 'return') ?? consoleHref('/console', lang));
  const { authorizationUrl, signInCookie } = await beginSignIn(returnTo, (await consoleKeys()).signIn, now);
  return {
    statusCode: 302,
    headers: { Location: authorizationUrl, 'Cache-Control': 'no-store' },
    cookies: [cookie(SIGN_IN_COOKIE, signInCookie, CALLBACK_PATH, SIGN_IN_SECONDS)],
    body: '',
  };
}

async function callback(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const now = new Date();
  const keys = await consoleKeys();
  const signInState = await openSignIn(requestCookies(event).get(SIGN_IN_COOKIE), keys.signIn, now);
  const principal = await finishSignIn(event.rawQueryString ?? '', signInState);
  const { token } = await sealSession(principal, keys.session, now);
  return redirect(signInState!.returnTo, [
    cookie(SESSION_COOKIE, token, '/console', SESSION_SECONDS),
    // The sign-in's secrets are spent: the cookie goes with them.
    cookie(SIGN_IN_COOKIE, '', CALLBACK_PATH, 0),
  ]);
}

const signOut = action(async (event) =>
  redirect(consoleHref('/console/signedout', consoleLanguage(event)), [
    cookie(SESSION_COOKIE, '', '/console', 0),
  ]),
);

async function signedOut(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  return htmlResponse(200, signedOutPage(consoleLanguage(event)));
}

const overview = page(async (event, session, now) => {
  const lang = consoleLanguage(event);
  const view = await monthOverview(
    storage(),
    session,
    {
      month: queryParam(event, 'month') || undefined,
      region: queryParam(event, 'region') || undefined,
      sort: queryParam(event, 'sort') || undefined,
    },
    now,
  );
  return htmlResponse(
    200,
    overviewPage(view, session, lang, queryParam(event, 'saved') ? 'saved' : undefined),
  );
});

const examScore = action(async (event, session, form, now) => {
  assertAdmin(session);
  const month = form.get('month') ?? undefined;
  await setExamScore(
    { storage: storage(), now: () => now, actor: session.actor },
    { engineerId: form.get('engineerId') ?? undefined, month, score: form.get('score') ?? undefined },
  );
  return redirect(consoleHref('/console', consoleLanguage(event), { month, saved: '1' }));
});

async function asset(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const found = consoleAsset(event.pathParameters?.name ?? '');
  if (!found) throw new NotFoundError('no such file');
  return {
    statusCode: 200,
    // Versioned URLs (?v=<digest>): a file may be kept for a year.
    headers: { 'Content-Type': found.contentType, 'Cache-Control': 'public, max-age=31536000, immutable' },
    body: found.body,
  };
}

export const consoleRoutes: Route[] = [
  { method: 'GET', path: '/console', handler: overview },
  { method: 'GET', path: '/console/signin', handler: signIn },
  { method: 'GET', path: CALLBACK_PATH, handler: callback },
  { method: 'POST', path: '/console/signout', handler: signOut },
  { method: 'GET', path: '/console/signedout', handler: signedOut },
  { method: 'GET', path: '/console/assets/{name}', handler: asset },
  { method: 'POST', path: '/console/exam-scores', handler: examScore },
  ...engineerMonthRoutes,
  ...consoleSetupRoutes,
  ...consoleMonthRoutes,
  ...consoleAppealRoutes,
];

/** The console's error pages: in the reader's language, with the error's own message (written for them). */
export function consoleError(status: number, error: unknown, event: APIGatewayProxyEventV2): string {
  const problems = error instanceof ValidationError ? formatProblems(boundedProblems(error.problems)) : [];
  const lang = consoleLanguage(event);
  return consoleErrorPage(
    status,
    error instanceof DomainError ? error.message : undefined,
    lang,
    problems,
    status === 403 ? undefined : engineerMonthBack(event.rawPath ?? '', lang),
  );
}
