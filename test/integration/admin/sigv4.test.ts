// The admin CLI against the deployed API (`--api URL --aws-profile NAME`): every request SigV4-signed for
// `execute-api` with the profile's credentials and no bearer token. The local gateway cannot check IAM, so a
// local server plays API Gateway: it recomputes the signature over the request it received (method, host, path,
// query, signed headers, exact body) with the same credentials and refuses a mismatch with 403, as AWS does.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAdmin, resolveApiTarget } from '../../../cli/support/api.ts';
import { UsageError } from '../../../cli/support/errors.ts';
import { regionOfApiUrl, requestSigner } from '../../../cli/support/sigv4.ts';
import { readBody, verifySigV4 } from '../../support/sigv4.ts';

const ROOT = join(import.meta.dirname, '../../..');
const REGION = 'eu-west-1';
const CREDENTIALS = {
  accessKeyId: 'AKIDKPITEST',
  secretAccessKey: 'kpi-test-secret',
  sessionToken: 'kpi-session',
};
interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  verified: boolean;
}
const received: Received[] = [];

let server: Server;
let api: string;
const scratch = mkdtempSync(join(tmpdir(), 'kpi-sigv4-'));
beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    const verified = await verifySigV4(req, body, {
      credentials: CREDENTIALS,
      region: REGION,
      service: 'execute-api',
    });
    received.push({ method: req.method!, url: req.url!, headers: req.headers, body, verified });
    if (!verified) {
      res
        .writeHead(403, { 'content-type': 'application/json' })
        .end('{"message":"The request signature we calculated does not match the signature you provided."}');
      return;
    }
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
    res.end(req.method === 'POST' ? body : JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(
    join(scratch, 'credentials'),
    `[hr]\naws_access_key_id = ${CREDENTIALS.accessKeyId}\naws_secret_access_key = ${CREDENTIALS.secretAccessKey}\naws_session_token = ${CREDENTIALS.sessionToken}\n`,
  );
  writeFileSync(join(scratch, 'config'), '[profile hr]\nregion = us-east-1\n');
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function kpi(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/kpi.ts', ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          NODE_NO_WARNINGS: '1',
          DATA_DIR: scratch,
          AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials'),
          AWS_CONFIG_FILE: join(scratch, 'config'),
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('kpi with --aws-profile', () => {
  it("signs a command's request with the profile's credentials, scoped to execute-api in the region, no bearer token", async () => {
    const before = received.length;
    const added = await kpi(
      'engineers',
      'add',
      'e-sig',
      '--name',
      '李 伟',
      '--email',
      'li@example.com',
      '--region',
      'North',
      '--api',
      api,
      '--aws-profile',
      'hr',
      // A local URL names no region; `--region` is the engineer's own option of `engineers add`.
      '--aws-region',
      REGION,
      '--json',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const [request] = received.slice(before);
    expect(request!.verified).toBe(true);
    expect(JSON.parse(request!.body)).toMatchObject({ id: 'e-sig', name: '李 伟', email: 'li@example.com' });
    expect(request!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDKPITEST\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=/,
    );
    expect(request!.headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
    expect(JSON.parse(added.stdout)).toMatchObject({ id: 'e-sig' });
  });

  it('signs the path and a query with spaces, slashes, plus signs and CJK exactly as they are sent', async () => {
    const target = {
      url: api,
      token: undefined,
      signer: requestSigner({ region: REGION, credentials: CREDENTIALS }),
    };
    const before = received.length;
    const answer = await callAdmin(target, 'GET', '/admin/engineers/{id}', {
      id: 'a b/c',
      note: 'x y+z 张',
      empty: '',
    });
    expect(received.slice(before).map((r) => r.verified)).toEqual([true]);
    expect(answer).toEqual({ path: '/admin/engineers/a%20b%2Fc?note=x%20y%2Bz%20%E5%BC%A0&empty=' });
  });

  it('is refused (403, said plainly) when what arrives is not what was signed', async () => {
    const signer = requestSigner({ region: REGION, credentials: CREDENTIALS });
    const url = new URL(`${api}/admin/engineers`);
    const headers = await signer.sign({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      body: '{"id":"a"}',
    });
    const { host: _host, ...sent } = headers;
    const tampered = await fetch(url, { method: 'POST', headers: sent, body: '{"id":"b"}' });
    expect(tampered.status).toBe(403);
    const wrongKey = {
      url: api,
      token: undefined,
      signer: requestSigner({
        region: REGION,
        credentials: { ...CREDENTIALS, secretAccessKey: 'not-the-key' },
      }),
    };
    await expect(callAdmin(wrongKey, 'GET', '/admin/engineers/{id}', { id: 'x' })).rejects.toThrow(
      /signature .* does not match.*check --aws-profile, --aws-region/,
    );
  });
});

describe('choosing the API target', () => {
  it('takes the region from an API Gateway URL, else needs --aws-region', () => {
    expect(regionOfApiUrl('https://abc123.execute-api.ap-east-1.amazonaws.com')).toBe('ap-east-1');
    expect(regionOfApiUrl('https://abc123.execute-api.cn-north-1.amazonaws.com.cn/x')).toBe('cn-north-1');
    expect(regionOfApiUrl('https://kpi.example.com')).toBeUndefined();
    const target = resolveApiTarget({
      api: 'https://abc123.execute-api.ap-east-1.amazonaws.com/',
      awsProfile: 'hr',
    });
    expect(target).toMatchObject({
      url: 'https://abc123.execute-api.ap-east-1.amazonaws.com',
      token: undefined,
    });
    expect(target.signer?.region).toBe('ap-east-1');
    expect(
      resolveApiTarget({ api: 'https://kpi.example.com', awsProfile: 'hr', region: 'eu-west-1' }).signer
        ?.region,
    ).toBe('eu-west-1');
    expect(() => resolveApiTarget({ api: 'https://kpi.example.com', awsProfile: 'hr' })).toThrow(
      /pass --aws-region/,
    );
  });

  it('refuses --aws-profile without --api, and together with --token', () => {
    expect(() => resolveApiTarget({ awsProfile: 'hr' })).toThrow(UsageError);
    expect(() => resolveApiTarget({ awsProfile: 'hr' })).toThrow('--aws-profile needs --api URL');
    expect(() =>
      resolveApiTarget({
        api: 'https://x.execute-api.eu-west-1.amazonaws.com',
        awsProfile: 'hr',
        token: 't',
      }),
    ).toThrow('either --token or --aws-profile');
  });
});
