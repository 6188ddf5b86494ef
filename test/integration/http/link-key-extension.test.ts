// The link key's read on AWS as the function makes it: one GET to the Parameters and Secrets Lambda Extension
// on localhost (here a stand-in on a free port), asking for decryption and carrying the session token; the
// extension's refusals named with the parameter; a not-yet-listening or failing extension tried again.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ParameterReadError, readParameterThroughExtension } from '#shared/links/parameterExtension.ts';

const SESSION_TOKEN = 'role-session-token';
const KEY = 'q9v6yq3oJ2c1c8m0gJ0b3n0W0r3Y5o1d9r7x2s4k6h8';

/** Answers for the next requests, in order; after them, the parameter's value. */
let script: Array<(res: ServerResponse) => void> = [];
const requests: Array<{ path: string; query: Record<string, string>; token: string | undefined }> = [];
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const token = req.headers['x-aws-parameters-secrets-token'] as string | undefined;
    requests.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), token });
    // The extension refuses a request without the function's own session token.
    if (token !== SESSION_TOKEN) return res.writeHead(401).end('unauthorized');
    const next = script.shift();
    if (next) return next(res);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        Parameter: { Name: url.searchParams.get('name'), Type: 'SecureString', Value: KEY },
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  requests.length = 0;
  script = [];
});

const read = (name = '/kpi/link-key', sessionToken: string | undefined = SESSION_TOKEN) =>
  readParameterThroughExtension(name, { port, sessionToken });

describe('reading the link key through the parameters extension', () => {
  it('is one GET of the parameter with decryption and the session token, returning the value', async () => {
    expect(await read()).toBe(KEY);
    expect(requests).toEqual([
      {
        path: '/systemsmanager/parameters/get',
        query: { name: '/kpi/link-key', withDecryption: 'true' },
        token: SESSION_TOKEN,
      },
    ]);
  });

  it("names the extension's refusal and the parameter, without trying again", async () => {
    script = [(res) => res.writeHead(400).end('ParameterNotFound: parameter /kpi/missing not found')];
    const error = await read('/kpi/missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterReadError);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toContain('/kpi/missing');
    expect((error as Error).message).toContain('ParameterNotFound');
    expect(requests).toHaveLength(1);
  });

  it('is refused without the session token', async () => {
    const error = await readParameterThroughExtension('/kpi/link-key', {
      port,
      sessionToken: undefined,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401 });
    expect(requests).toHaveLength(1);
  });

  it('tries again after a failure inside the extension', async () => {
    script = [(res) => res.writeHead(500).end('internal error'), (res) => res.writeHead(502).end('')];
    expect(await read()).toBe(KEY);
    expect(requests).toHaveLength(3);
  });

  it('refuses an answer without a value', async () => {
    script = [(res) => res.writeHead(200).end('{"Parameter":{"Value":""}}')];
    await expect(read()).rejects.toThrow('has no value');
  });

  it('reports an extension that is not listening, after its tries', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const error = await readParameterThroughExtension('/kpi/link-key', {
      port: closedPort,
      sessionToken: SESSION_TOKEN,
      attempts: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterReadError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});
