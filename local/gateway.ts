// The local HTTP gateway: a node:http server that turns each request into an API Gateway v2 (HTTP API) event
// and calls the same handler modules Lambda runs, then writes their result back, so `npm start` and the tests
// exercise exactly the deployed code path.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { jsonResponse } from '../shared/http/responses.ts';
import { withSecurityHeaders } from '../shared/http/securityHeaders.ts';

type HttpLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

interface GatewayRoute {
  /** As API Gateway writes it: `ANY /s/{token}`, `ANY /admin/{proxy+}`. */
  routeKey: string;
  handler: HttpLambda;
  functionName: string;
}

export interface Gateway {
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

interface GatewayOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  routes?: GatewayRoute[];
  /** API Gateway's own payload limit (10 MB); the handlers enforce their smaller one. */
  maxPayloadBytes?: number;
}

/** The routes of the deployed HTTP API, with the handler modules Lambda loads. */
async function defaultRoutes(): Promise<GatewayRoute[]> {
  const [survey, dailyReport, myMonth, admin, console] = await Promise.all([
    import('../functions/survey-form/handler.ts'),
    import('../functions/daily-report/handler.ts'),
    import('../functions/my-month/handler.ts'),
    import('../functions/admin-api/handler.ts'),
    import('../functions/console/handler.ts'),
  ]);
  return [
    { routeKey: 'ANY /s/{token}', handler: survey.handler as HttpLambda, functionName: 'survey-form' },
    { routeKey: 'ANY /a/{token}', handler: survey.handler as HttpLambda, functionName: 'survey-form' },
    { routeKey: 'ANY /r/{token}', handler: dailyReport.handler as HttpLambda, functionName: 'daily-report' },
    { routeKey: 'GET /r/{token}/month', handler: myMonth.handler as HttpLambda, functionName: 'my-month' },
    { routeKey: 'ANY /admin/{proxy+}', handler: admin.handler as HttpLambda, functionName: 'admin-api' },
    { routeKey: 'ANY /console', handler: console.handler as HttpLambda, functionName: 'console' },
    { routeKey: 'ANY /console/{proxy+}', handler: console.handler as HttpLambda, functionName: 'console' },
  ];
}

interface CompiledRoute extends GatewayRoute {
  pattern: RegExp;
  params: string[];
}

function compile(route: GatewayRoute): CompiledRoute {
  const path = route.routeKey.split(' ')[1]!;
  const params: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) {
        params.push(greedy[1]!);
        return '(.+)';
      }
      const single = /^\{(\w+)\}$/.exec(segment);
      if (single) {
        params.push(single[1]!);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    })
    .join('/');
  // A trailing slash names the same resource (`/console/` is `/console`), as API Gateway matches it.
  return { ...route, pattern: new RegExp(`^${source}/?$`), params };
}

const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript)|[^;]*\+json)/i;

class PayloadTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new PayloadTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new PayloadTooLarge());
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A malformed escape (`%E0%A4%A`) stays as sent, as API Gateway does, rather than failing the request. */
function decodePathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function toEvent(
  req: IncomingMessage,
  route: CompiledRoute,
  match: RegExpExecArray,
  url: URL,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    // API Gateway joins repeated query parameters with commas.
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  const pathParameters: Record<string, string> = {};
  route.params.forEach((name, i) => {
    pathParameters[name] = decodePathSegment(match[i + 1]!);
  });
  const cookies = headers.cookie?.split(/;\s*/).filter(Boolean);
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  const method = (req.method ?? 'GET').toUpperCase();
  const rawPath = url.pathname;
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(route.params.length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0]!,
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0
      ? { body: isText ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !isText }
      : { isBase64Encoded: false }),
  };
}

function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

function send(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (
    typeof result === 'string' ||
    result === null ||
    typeof result !== 'object' ||
    !('statusCode' in result)
  ) {
    // API Gateway v2 treats a bare value as a 200 JSON body.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(typeof result === 'string' ? result : JSON.stringify(result));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value !== undefined) headers[name] = String(value);
  }
  if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  const body = result.body
    ? result.isBase64Encoded
      ? Buffer.from(result.body, 'base64')
      : Buffer.from(result.body, 'utf8')
    : Buffer.alloc(0);
  headers['content-length'] = String(body.length);
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}

/**
 * An answer the gateway makes itself, in the shape API Gateway answers with when no route matches, the payload
 * is too large or the function fails — with the security headers every handler's response carries.
 */
async function plain(res: ServerResponse, status: number, message: string): Promise<void> {
  send(res, await withSecurityHeaders(jsonResponse(status, { message })));
}

/**
 * The request target as API Gateway reads it: the path as sent. `//host/s/x` is a path beginning with an empty
 * segment, not a URL on another host (which `new URL(target, base)` would make of it, taking `/s/x` as the path);
 * an absolute-form target keeps its own path; anything unparseable is undefined (400).
 */
function requestUrl(target: string | undefined): URL | undefined {
  try {
    const raw = target ?? '/';
    return raw.startsWith('/') ? new URL(`http://localhost${raw}`) : new URL(raw);
  } catch {
    return undefined;
  }
}

/** Starts the gateway; rejects with a one-line message when the port is in use. */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  const routes = (options.routes ?? (await defaultRoutes())).map(compile);
  const maxPayload = options.maxPayloadBytes ?? 10 * 1024 * 1024;

  const server = createServer(async (req, res) => {
    const url = requestUrl(req.url);
    if (!url) {
      req.resume();
      await plain(res, 400, 'Bad Request');
      return;
    }
    let found: { route: CompiledRoute; match: RegExpExecArray } | undefined;
    for (const route of routes) {
      const match = route.pattern.exec(url.pathname);
      if (match) {
        found = { route, match };
        break;
      }
    }
    if (!found) {
      req.resume();
      await plain(res, 404, 'Not Found');
      return;
    }
    try {
      const body = await readBody(req, maxPayload);
      const event = toEvent(req, found.route, found.match, url, body);
      const result = await found.route.handler(event, lambdaContext(found.route.functionName));
      send(res, result);
    } catch (error) {
      if (error instanceof PayloadTooLarge) {
        res.setHeader('connection', 'close');
        await plain(res, 413, 'Request Entity Too Large');
        return;
      }
      // What API Gateway answers when the function itself fails; the handlers map their own errors.
      console.error(`[gateway] ${found.route.functionName} failed:`, error);
      if (!res.headersSent) await plain(res, 500, 'Internal Server Error');
    }
  });
  server.keepAliveTimeout = 5_000;
  // A request Node cannot parse (headers over its 16 KB limit, a malformed request line) is answered here
  // rather than by Node's bare default, so it too carries the security headers.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, message] =
      error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
    void withSecurityHeaders(jsonResponse(status, { message })).then((response) => {
      const head = Object.entries(response.headers)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      const body = Buffer.from(response.body ?? '');
      socket.end(
        `HTTP/1.1 ${status} ${message}\r\n${head}content-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`HTTP API: port ${options.port} is already in use (choose another with KPI_PORT)`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
