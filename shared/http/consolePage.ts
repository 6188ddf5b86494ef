// What every console route module shares: the console's cookies, the reader's language, and the two wrappers
// that decide who may go on — `page` (a session, else the redirect to sign in) and `action` (a session and its
// anti-CSRF token, else 403). Kept apart from the route table (console.ts), which imports every route module.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AdminContext } from '../admin/context.ts';
import { config } from '../config.ts';
import { assertCsrf, consoleKeys, openSession, type Session } from '../console/session.ts';
import { DEFAULT_LANGUAGE, type Language } from '../domain/values.ts';
import { ForbiddenError } from '../errors.ts';
import { storage } from '../storage/fromConfig.ts';
import { bodyKind, formBody, header, isMultipart, multipartBody } from './body.ts';
import { requestedLanguage } from './request.ts';
import type { HttpResponse } from './responses.ts';
import type { Route } from './router.ts';

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
export function cookie(name: string, value: string, path: string, maxAge: number): string {
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

/** The admin use cases' context for a console request: the signed-in user is the actor, `now` the request's. */
export function adminContext(session: Session, now: Date): AdminContext {
  return { storage: storage(), now: () => now, actor: session.actor };
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
