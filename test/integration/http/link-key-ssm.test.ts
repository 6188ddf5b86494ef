// The link key's read from SSM as AWS sees it: one GetParameter request, SigV4-signed for `ssm` with the
// function's credentials (checked by recomputing the signature), asking for decryption; SSM's refusals named;
// throttling and SSM-side failures tried again; a forged signature refused.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ParameterReadError, readSecureParameter } from '#shared/aws/ssmParameter.ts';
import { readBody, verifySigV4 } from '../../support/sigv4.ts';

const REGION = 'ap-east-1';
const CREDENTIALS = {
  accessKeyId: 'AKIDSSMTEST',
  secretAccessKey: 'ssm-test-secret',
  sessionToken: 'role-session',
};
const KEY = 'q9v6yq3oJ2c1c8m0gJ0b3n0W0r3Y5o1d9r7x2s4k6h8';

/** Answers for the next requests, in order; after them, the parameter's value. */
let script: Array<(res: ServerResponse) => void> = [];
const requests: Array<{
  target: string | undefined;
  contentType: string | undefined;
  body: unknown;
  verified: boolean;
}> = [];
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    const verified = await verifySigV4(req, body, {
      credentials: CREDENTIALS,
      region: REGION,
      service: 'ssm',
    });
    requests.push({
      target: req.headers['x-amz-target'] as string | undefined,
      contentType: req.headers['content-type'],
      body: JSON.parse(body),
      verified,
    });
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(value));
    if (!verified)
      return json(400, { __type: 'InvalidSignatureException', message: 'Signature does not match' });
    const next = script.shift();
    if (next) return next(res);
    json(200, { Parameter: { Name: '/kpi/link-key', Type: 'SecureString', Value: KEY, Version: 3 } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  requests.length = 0;
  script = [];
});

const read = (name = '/kpi/link-key', credentials = CREDENTIALS) =>
  readSecureParameter(name, { region: REGION, endpoint, credentials });

describe('reading the link key from SSM', () => {
  it('is one signed GetParameter with decryption, returning the value', async () => {
    expect(await read()).toBe(KEY);
    expect(requests).toEqual([
      {
        target: 'AmazonSSM.GetParameter',
        contentType: 'application/x-amz-json-1.1',
        body: { Name: '/kpi/link-key', WithDecryption: true },
        verified: true,
      },
    ]);
  });

  it("names SSM's refusal and the parameter, without trying again", async () => {
    script = [
      (res) =>
        res
          .writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
          .end(JSON.stringify({ __type: 'ParameterNotFound', message: '' })),
    ];
    const error = await read('/kpi/missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterReadError);
    expect(error).toMatchObject({ code: 'ParameterNotFound', status: 400 });
    expect((error as Error).message).toContain('/kpi/missing');
    expect(requests).toHaveLength(1);
  });

  it('tries again after throttling and an SSM-side failure', async () => {
    script = [
      (res) =>
        res.writeHead(400).end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' })),
      (res) => res.writeHead(500).end('{}'),
    ];
    expect(await read()).toBe(KEY);
    expect(requests.map((r) => r.verified)).toEqual([true, true, true]);
  });

  it('is refused when signed with other credentials', async () => {
    const error = await read('/kpi/link-key', { ...CREDENTIALS, secretAccessKey: 'wrong' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'InvalidSignatureException' });
    expect(requests.map((r) => r.verified)).toEqual([false]);
  });

  it('reports an SSM it cannot reach by the network error, after its tries', async () => {
    const error = await readSecureParameter('/kpi/link-key', {
      region: REGION,
      endpoint: 'http://127.0.0.1:1/',
      credentials: CREDENTIALS,
      attempts: 2,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });
});
