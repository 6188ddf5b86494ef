// Plays AWS's side of SigV4 for tests: recomputes the signature over a request as it arrived (method, host,
// path, query, the signed headers, the exact body) with the same credentials, as API Gateway or SSM would.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../../cli/support/sha256.ts';

export interface TestCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Whether `req` (with its `body`) carries a valid signature for `service` in `region` by `credentials`. */
export async function verifySigV4(
  req: IncomingMessage,
  body: string,
  expected: { credentials: TestCredentials; region: string; service: string },
): Promise<boolean> {
  const auth = req.headers.authorization ?? '';
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(
      auth,
    );
  if (
    !m ||
    m[1] !== expected.credentials.accessKeyId ||
    m[3] !== expected.region ||
    m[4] !== expected.service
  )
    return false;
  const signedHeaders = m[5]!.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) return false;
  const headers = Object.fromEntries(signedHeaders.map((h) => [h, String(req.headers[h] ?? '')]));
  // The signer takes a payload hash header as given: the body itself must hash to it.
  const payloadHash = headers['x-amz-content-sha256'];
  if (payloadHash !== undefined && payloadHash !== createHash('sha256').update(body).digest('hex'))
    return false;
  const [path, rawQuery = ''] = (req.url ?? '/').split('?');
  const query: Record<string, string | string[]> = {};
  for (const pair of rawQuery.split('&').filter(Boolean)) {
    const [k, v = ''] = pair.split('=').map((s) => decodeURIComponent(s));
    const seen = query[k!];
    query[k!] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
  }
  const amzDate = headers['x-amz-date']!;
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`,
  );
  const [hostname, port] = headers.host!.split(':');
  const verifier = new SignatureV4({
    credentials: expected.credentials,
    region: expected.region,
    service: expected.service,
    sha256: Sha256,
  });
  const recomputed = await verifier.sign(
    {
      method: req.method!,
      protocol: 'http:',
      hostname: hostname!,
      port: port ? Number(port) : undefined,
      path: path!,
      query,
      headers,
      body: body === '' ? undefined : body,
    },
    { signingDate },
  );
  return recomputed.headers.authorization === auth;
}

/** The request's body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
