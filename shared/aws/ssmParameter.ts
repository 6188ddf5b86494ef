// Reads one SSM SecureString parameter (the link-signing key, once per cold start) with a single SigV4-signed
// GetParameter request. Why not @aws-sdk/client-ssm: its error registry keeps every SSM error class and schema
// in the bundle (~76 KB minified, ~5 ms of module compile) in both form handlers for this one call. The signer,
// the credential chain and the SHA-256 are the SDK's own pieces; only the two-field JSON 1.1 body is ours.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import * as z from 'zod';
import { Sha256 } from './sha256.ts';

export interface ParameterOptions {
  region: string;
  /** An endpoint other than `https://ssm.<region>.amazonaws.com` (tests). */
  endpoint?: string | undefined;
  /** Default: the SDK's credential chain (in Lambda bundles, the function role's environment credentials). */
  credentials?: ConstructorParameters<typeof SignatureV4>[0]['credentials'];
  /** Tries in all (default 3), backing off between them, for throttling, SSM-side and network failures. */
  attempts?: number;
  timeoutMs?: number;
}

/** SSM refused the read (or kept failing): `code` is SSM's error name (ParameterNotFound, AccessDeniedException…). */
export class ParameterReadError extends Error {
  constructor(
    readonly code: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ParameterReadError';
  }
}

const answer = z.object({ Parameter: z.object({ Value: z.string() }) });
const failure = z.object({
  __type: z.string().optional(),
  message: z.string().optional(),
  Message: z.string().optional(),
});

const RETRYABLE_CODES = new Set(['ThrottlingException', 'InternalServerError', 'ServiceUnavailable']);

function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('SSM did not answer in time'), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The decrypted value of SecureString parameter `name`.
 * 1. Sign `POST /` (X-Amz-Target AmazonSSM.GetParameter, body {Name, WithDecryption: true}) for service `ssm`.
 * 2. 200 → the value (zod-checked). Throttling, 5xx and network failures → try again after a pause.
 * 3. Anything else (not found, access denied) → ParameterReadError naming SSM's code and the parameter.
 */
export async function readSecureParameter(name: string, options: ParameterOptions): Promise<string> {
  const url = new URL(options.endpoint ?? `https://ssm.${options.region}.amazonaws.com/`);
  const signer = new SignatureV4({
    credentials: options.credentials ?? defaultProvider(),
    region: options.region,
    service: 'ssm',
    sha256: Sha256,
  });
  const body = JSON.stringify({ Name: name, WithDecryption: true });
  const attempts = options.attempts ?? 3;
  let last: ParameterReadError | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt * (0.5 + Math.random())));
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonSSM.GetParameter',
      },
      body,
    });
    let status: number;
    let text: string;
    try {
      ({ status, text } = await post(
        url,
        signed.headers as Record<string, string>,
        body,
        options.timeoutMs ?? 5000,
      ));
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'NetworkError';
      last = new ParameterReadError(code, undefined, `cannot reach SSM to read parameter ${name} (${code})`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (status === 200) {
      const parsed = answer.safeParse(json);
      if (!parsed.success)
        throw new ParameterReadError('InvalidResponse', status, `SSM parameter ${name} has no value`);
      return parsed.data.Parameter.Value;
    }
    const error = failure.safeParse(json);
    const code = (error.success && error.data.__type?.split('#').pop()) || `HTTP${status}`;
    const detail = error.success ? (error.data.message ?? error.data.Message) : undefined;
    last = new ParameterReadError(
      code,
      status,
      `SSM refused to read parameter ${name}: ${code}${detail ? ` (${detail})` : ''}`,
    );
    if (!(status >= 500 || status === 429 || RETRYABLE_CODES.has(code))) throw last;
  }
  throw last ?? new ParameterReadError('Unknown', undefined, `cannot read SSM parameter ${name}`);
}
