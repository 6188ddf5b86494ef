// The local gateway's contract: the API Gateway v2 event a handler receives for a request, and how the handler's
// result becomes the HTTP response — what Lambda behind an HTTP API would see and send.
import { connect } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../../local/gateway.ts';

let gateway: Gateway;
let seen: APIGatewayProxyEventV2 | undefined;

beforeAll(async () => {
  gateway = await startGateway({
    port: 0,
    maxPayloadBytes: 1024,
    routes: [
      {
        routeKey: 'ANY /echo/{id}',
        functionName: 'echo',
        handler: async (event) => {
          seen = event;
          return {
            statusCode: 201,
            headers: { 'content-type': 'application/octet-stream', 'x-route': event.routeKey },
            cookies: ['a=1; Path=/', 'b=2; Path=/'],
            body: Buffer.from([0, 1, 2, 255]).toString('base64'),
            isBase64Encoded: true,
          };
        },
      },
      {
        routeKey: 'ANY /fail',
        functionName: 'fail',
        handler: async () => {
          throw new Error('boom');
        },
      },
    ],
  });
});

afterAll(async () => {
  await gateway.stop();
});

/** What the gateway writes back to raw bytes on a socket. */
function rawRequest(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(gateway.port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('local API Gateway v2', () => {
  it('builds the event from the request', async () => {
    const res = await fetch(`${gateway.url}/echo/a%20b?x=1&y=2&x=3`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Custom': 'Yes', Cookie: 'c1=v1; c2=v2' },
      body: '{"hello":"世界"}',
    });
    expect(res.status).toBe(201);
    expect(seen).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /echo/{id}',
      rawPath: '/echo/a%20b',
      rawQueryString: 'x=1&y=2&x=3',
      queryStringParameters: { x: '1,3', y: '2' },
      pathParameters: { id: 'a b' },
      cookies: ['c1=v1', 'c2=v2'],
      body: '{"hello":"世界"}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/echo/a%20b' },
        routeKey: 'ANY /echo/{id}',
        stage: '$default',
      },
    });
    expect(seen?.headers['x-custom']).toBe('Yes');
    expect(seen?.headers['content-type']).toBe('application/json');
  });

  it('passes a binary body base64-encoded, and decodes a base64 result with its headers and cookies', async () => {
    const bytes = Buffer.from([1, 2, 3, 250, 251]);
    const res = await fetch(`${gateway.url}/echo/bin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(seen?.isBase64Encoded).toBe(true);
    expect(Buffer.from(seen!.body!, 'base64')).toEqual(bytes);
    expect(res.headers.get('x-route')).toBe('ANY /echo/{id}');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('answers like API Gateway itself: 404 without a route, 413 over its payload limit, 500 when the function fails', async () => {
    const malformed = await fetch(`${gateway.url}/echo/%E0%A4%A`);
    expect(malformed.status).toBe(201);
    expect(seen?.pathParameters?.id).toBe('%E0%A4%A');
    // A path that begins `//` names no other host: it is a path no route takes, not `/echo/x` on evil.example.
    const doubled = await fetch(`${gateway.url}//evil.example/echo/x`);
    expect(doubled.status).toBe(404);
    expect((await fetch(`${gateway.url}//a%5E/echo/x`)).status).toBe(404);
    const none = await fetch(`${gateway.url}/nothing`);
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ message: 'Not Found' });
    const big = await fetch(`${gateway.url}/echo/x`, { method: 'POST', body: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    const failed = await fetch(`${gateway.url}/fail`);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ message: 'Internal Server Error' });
    // Node's own refusals: headers over its limit, a request line it cannot parse.
    const hugeHeader = await fetch(`${gateway.url}/echo/x`, { headers: { 'x-big': 'y'.repeat(20_000) } });
    expect(hugeHeader.status).toBe(431);
    const garbled = await rawRequest('NOT A REQUEST\r\n\r\n');
    expect(garbled).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbled).toMatch(/\r\nx-content-type-options: nosniff\r\n/i);
    // Its own answers carry the security headers a handler's response does (shared/http/securityHeaders.ts).
    for (const res of [none, big, failed, hugeHeader]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});
