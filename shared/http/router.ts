// Routes of one function, dispatched by @middy/http-router; a path that exists with another method is 405
// with an Allow header, anything else 404.
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { MethodNotAllowedError, NotFoundError } from '../errors.ts';
import type { HttpResponse } from './responses.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type RouteHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

export interface Route {
  method: HttpMethod;
  /** API Gateway style: `/s/{token}`, `/admin/engineers/{id}`. */
  path: string;
  handler: RouteHandler;
}

function pathPattern(path: string): RegExp {
  const escaped = path
    .replace(/\/$/, '')
    .split(/(\{[^/]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${escaped}/?$`);
}

export function routeHandler(routes: readonly Route[]): RouteHandler {
  const patterns = routes.map((r) => ({ method: r.method, pattern: pathPattern(r.path) }));
  const dispatch = httpRouterHandler({
    routes: routes.map((r) => ({ method: r.method, path: r.path, handler: r.handler })),
    notFoundResponse: ({ path }: { method: string; path: string }) => {
      const allowed = [...new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method))];
      if (allowed.length > 0) throw new MethodNotAllowedError(allowed);
      throw new NotFoundError('no such route');
    },
  });
  return (event, context) => {
    // API Gateway's own route (`ANY /admin/{proxy+}`) put its parameters here; our route's match is the truth,
    // and the router would otherwise let a `proxy` parameter leak into the use case's input.
    const { pathParameters: _gateway, ...rest } = event;
    return (dispatch as unknown as RouteHandler)(rest as APIGatewayProxyEventV2, context);
  };
}
