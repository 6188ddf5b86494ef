// The middy stack every HTTP function uses: request log line, body size limit (413), security headers, and
// the one place where errors become responses (shared/errors.ts classes by instanceof → status; JSON for the
// API and scripts, a plain bilingual page for browsers). Anything else is a 500 with no detail.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { config } from '../config.ts';
import { DomainError, MethodNotAllowedError, MonthFinalFormError, ValidationError } from '../errors.ts';
import { logger } from '../logger.ts';
import { boundedProblems } from '../validation.ts';
import { assertBodyWithin, header } from './body.ts';
import { errorPage, monthFinalPage } from './errorPages.ts';
import { type HttpResponse, htmlResponse, jsonResponse } from './responses.ts';
import { type Route, routeHandler } from './router.ts';
import { type ContentSecurityPolicy, securityHeaders } from './securityHeaders.ts';

type ResponseFormat = 'html' | 'json';

/**
 * How a failure is answered: the admin API always in JSON; the forms in HTML, unless the caller is a script
 * (bearer credential, JSON body, or asks for JSON).
 */
function responseFormat(event: APIGatewayProxyEventV2, fallback: ResponseFormat): ResponseFormat {
  if (fallback === 'json') return 'json';
  const contentType = header(event, 'content-type') ?? '';
  const accept = header(event, 'accept') ?? '';
  if (header(event, 'authorization')) return 'json';
  if (contentType.includes('json')) return 'json';
  if (accept.includes('application/json') && !accept.includes('text/html')) return 'json';
  return 'html';
}

/** An HTML error page of a function's own (the console's, in its layout and the reader's language). */
export type ErrorPage = (status: number, error: unknown, event: APIGatewayProxyEventV2) => string;

export function errorResponse(
  error: unknown,
  format: ResponseFormat,
  page?: { render: ErrorPage; event: APIGatewayProxyEventV2 },
): HttpResponse {
  const status = error instanceof DomainError ? error.status : 500;
  const headers: Record<string, string> =
    error instanceof MethodNotAllowedError ? { Allow: error.allowed.join(', ') } : {};
  if (format === 'html') {
    const body = page
      ? page.render(status, error, page.event)
      : error instanceof MonthFinalFormError
        ? monthFinalPage(error)
        : errorPage(status);
    return htmlResponse(status, body, headers);
  }
  if (error instanceof ValidationError) {
    return jsonResponse(status, { error: error.message, problems: boundedProblems(error.problems) }, headers);
  }
  // A DomainError's message is written for the client; an unexpected error's is not.
  const message = error instanceof DomainError ? error.message : 'internal error';
  return jsonResponse(status, { error: message }, headers);
}

type Internal = { startedAt: number };

function requestLog(
  format: ResponseFormat,
  page: ErrorPage | undefined,
): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  const done = (
    request: { event: APIGatewayProxyEventV2; response: HttpResponse | null },
    startedAt: number,
  ) => {
    logger.info('request', {
      method: request.event.requestContext?.http?.method,
      route: request.event.routeKey,
      status: request.response?.statusCode,
      durationMs: Math.round(performance.now() - startedAt),
    });
  };
  const started = new WeakMap<object, number>();
  return {
    before: (request) => {
      started.set(request, performance.now());
      assertBodyWithin(request.event, config().maxBodyBytes);
    },
    after: (request) => done(request, started.get(request) ?? performance.now()),
    onError: (request) => {
      const error = request.error;
      if (!(error instanceof DomainError)) {
        // Unexpected: log the error itself (class, message, stack), never the request body.
        logger.error('unhandled error', error as Error);
      }
      request.response = errorResponse(
        error,
        responseFormat(request.event, format),
        page ? { render: page, event: request.event } : undefined,
      );
      done(request, started.get(request) ?? performance.now());
    },
  };
}

/** A Lambda handler for API Gateway v2 (HTTP API) events over a table of routes. */
export function httpHandler(
  routes: readonly Route[],
  options: {
    format: ResponseFormat;
    /** Run after the body limit and before routing (e.g. the admin API's authentication). */
    middlewares?: MiddlewareObj<APIGatewayProxyEventV2, HttpResponse>[];
    /** The Content-Security-Policy of its pages, when not the forms' (the console loads its own scripts). */
    contentSecurityPolicy?: ContentSecurityPolicy;
    /** Its own HTML error pages, when not the forms' bilingual ones. */
    errorPage?: ErrorPage;
  },
) {
  const handler = middy<APIGatewayProxyEventV2, HttpResponse, Error, Context, Internal>({
    timeoutEarlyInMillis: 0,
  })
    .use(injectLambdaContext(logger))
    .use(
      securityHeaders(options.contentSecurityPolicy) as MiddlewareObj<APIGatewayProxyEventV2, HttpResponse>,
    )
    .use(requestLog(options.format, options.errorPage));
  for (const middleware of options.middlewares ?? []) handler.use(middleware);
  return handler.handler(routeHandler(routes));
}
