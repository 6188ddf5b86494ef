// The security headers of every HTTP response, defined once: the handlers' middy stack adds them after each
// route (and error), and the local gateway adds the same to the answers it makes itself (404, 413, 500), so no
// response of the API goes out without them.
import type { MiddlewareObj } from '@middy/core';
import httpSecurityHeaders from '@middy/http-security-headers';
import { CONTENT_SECURITY_POLICY } from '../html/page.ts';
import type { HttpResponse } from './responses.ts';

export type ContentSecurityPolicy = Record<string, string | false>;

/** The middleware, with our page's CSP; HTML responses get the page headers, every response the rest. */
export function securityHeaders(
  contentSecurityPolicy: ContentSecurityPolicy = CONTENT_SECURITY_POLICY,
): MiddlewareObj {
  return httpSecurityHeaders({
    contentSecurityPolicy,
    xssProtection: false,
    // The middleware's list names features browsers no longer know (console errors); responses.ts sets ours.
    permissionsPolicy: false,
    reportTo: false,
    reportingEndpoints: false,
  } as Parameters<typeof httpSecurityHeaders>[0]);
}

const middleware = securityHeaders();

/** `response` with the headers the middleware would have added to it. */
export async function withSecurityHeaders(response: HttpResponse): Promise<HttpResponse> {
  const request = { response: { ...response, headers: { ...response.headers } } };
  await middleware.after!(request as unknown as Parameters<NonNullable<MiddlewareObj['after']>>[0]);
  return request.response;
}
