// The console's HTTP side: its cookies, who is signed in, the anti-CSRF check of every state-changing request,
// and the route table. Authorisation is decided on the server for every route: no session → a page redirects to
// sign-in, a POST is refused (403); a viewer's change → 403; a region not theirs → 403. Every change is made
// through the admin API's own use case with the signed-in user as its actor.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { setExamScore } from '../admin/facts.ts';
import { consoleAsset } from '../console/assets.ts';
import { monthOverview } from '../console/overview.ts';
import { assertAdmin } from '../console/roles.ts';
import {
  consoleKeys,
  openSignIn,
  SESSION_SECONDS,
  SIGN_IN_SECONDS,
  sealSession,
} from '../console/session.ts';
import { beginSignIn, CALLBACK_PATH, finishSignIn } from '../console/signIn.ts';
import { consoleErrorPage, consoleHref, overviewPage, signedOutPage } from '../console/views.ts';
import { DomainError, NotFoundError, ValidationError } from '../errors.ts';
import { storage } from '../storage/fromConfig.ts';
import { boundedProblems, formatProblems } from '../validation.ts';
import { queryParam } from './body.ts';
import { consoleAppealRoutes } from './consoleAppeals.ts';
import { engineerMonthBack, engineerMonthRoutes } from './consoleEngineerMonth.ts';
import { consoleMonthRoutes } from './consoleMonth.ts';
import {
  action,
  adminContext,
  consoleLanguage,
  cookie,
  page,
  redirect,
  requestCookies,
  SESSION_COOKIE,
  SIGN_IN_COOKIE,
} from './consolePage.ts';
import { consoleSetupRoutes } from './consoleSetup.ts';
import { type HttpResponse, htmlResponse } from './responses.ts';
import type { Route } from './router.ts';

// How the Console function starts runs on AWS (its handler passes the scoring queue).
export { useConsoleMonthRuns } from './consoleMonth.ts';
export { action, consoleLanguage, page, redirect, requestCookies, SESSION_COOKIE, SIGN_IN_COOKIE };

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
  await setExamScore(adminContext(session, now), {
    engineerId: form.get('engineerId') ?? undefined,
    month,
    score: form.get('score') ?? undefined,
  });
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
