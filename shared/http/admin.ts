// The admin API's HTTP side: who may call it (IAM already checked by API Gateway on AWS, or a bearer admin token
// compared in constant time on one machine), and how a route of shared/admin/routes.ts becomes an HTTP route:
// its input is the JSON body plus the path and query parameters, its result the JSON response.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import type { AdminContext } from '../admin/context.ts';
import type { AdminRoute } from '../admin/routes.ts';
import { type Config, config } from '../config.ts';
import { UnauthorizedError, ValidationError } from '../errors.ts';
import { installedMonthRuns, type MonthRuns } from '../pipeline/monthRuns.ts';
import * as z from '../schema.ts';
import { storage } from '../storage/fromConfig.ts';
import { bodyText, parseJsonBody } from './body.ts';
import { bearerToken } from './request.ts';
import { type HttpResponse, jsonResponse } from './responses.ts';
import type { Route } from './router.ts';

// The local stack installs its in-process runs here (the slot the console shares).
export { installMonthRuns } from '../pipeline/monthRuns.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

let expectedToken: Buffer | undefined;
function adminTokenDigest(auth: Extract<Config['adminAuth'], { mode: 'token' }>): Buffer {
  if (!expectedToken) {
    const token = auth.token ?? (auth.file ? readFileSync(auth.file, 'utf8').trim() : undefined);
    if (!token) throw new Error('ADMIN_AUTH=token but neither ADMIN_TOKEN nor ADMIN_TOKEN_FILE is set');
    expectedToken = digest(token);
  }
  return expectedToken;
}

/**
 * Who is calling (the actor of the record of changes), or UnauthorizedError. With IAM, API Gateway has verified
 * the SigV4 signature before the request reaches us; the handler still refuses an event without an IAM identity
 * (a misconfigured route). With the token, its configured name (ADMIN_TOKEN_NAME).
 */
function adminActor(event: APIGatewayProxyEventV2): string {
  const auth = config().adminAuth;
  if (auth.mode === 'iam') {
    const iam = (event as APIGatewayProxyEventV2WithIAMAuthorizer).requestContext.authorizer?.iam;
    if (!iam) throw new UnauthorizedError('this route requires IAM authorization');
    return iam.userArn ?? iam.userId ?? 'iam';
  }
  const given = bearerToken(event);
  // Hashing both sides gives equal lengths, so the comparison time says nothing about the token.
  if (!given || !timingSafeEqual(digest(given), adminTokenDigest(auth))) {
    throw new UnauthorizedError('send the admin token as Authorization: Bearer <token>');
  }
  return auth.name;
}

/** Middleware: refuses unauthenticated admin requests before any route (or 404/405) is decided. */
export function adminAuth(): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    before: (request) => {
      adminActor(request.event);
    },
  };
}

const anyJson = z.unknown();

/**
 * The use case's input, as shared/admin/routes.ts defines it: ONE object from the query string, then the JSON
 * body, then the path parameters (later ones win). A body that is not a JSON object is a 400.
 */
function routeInput(event: APIGatewayProxyEventV2, method: AdminRoute['method']): Record<string, unknown> {
  let body: Record<string, unknown> = {};
  if (method !== 'GET' && method !== 'DELETE' && bodyText(event).trim() !== '') {
    const parsed = parseJsonBody(event, anyJson);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ValidationError([{ path: '', message: 'expected a JSON object' }]);
    }
    body = parsed as Record<string, unknown>;
  }
  return { ...(event.queryStringParameters ?? {}), ...body, ...(event.pathParameters ?? {}) };
}

/**
 * The admin routes as HTTP routes: authenticate, build the input, call the use case, answer its result.
 * `runs` is how this function starts a month's run (on AWS: the scoring queue); an installed one wins.
 */
export function adminHttpRoutes(table: readonly AdminRoute[], options: { runs?: MonthRuns } = {}): Route[] {
  return table.map((spec) => ({
    method: spec.method,
    path: spec.path,
    handler: async (event) => {
      const ctx: AdminContext = {
        storage: storage(),
        now: () => new Date(),
        actor: adminActor(event),
        runs: installedMonthRuns() ?? options.runs,
      };
      const result = await spec.useCase(ctx, routeInput(event, spec.method));
      return jsonResponse(spec.status, result ?? null);
    },
  }));
}
