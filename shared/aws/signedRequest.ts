// One SigV4-signed JSON request to an AWS service, for the two calls the form handlers make outside DynamoDB
// (the link key's SSM read, the low-score alert's SES send): their SDK clients build every error class and
// schema of the service at load, which the form bundles would carry for one operation each (bench:coldstart).
// The signer, the credential chain and the SHA-256 are the SDK's own pieces.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from './sha256.ts';

export type Credentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

export interface SignedRequest {
  /** The signing name: `ssm`, `ses`. */
  service: string;
  region: string;
  /** The service's URL (`https://ssm.<region>.amazonaws.com/...`), or another endpoint (a local stand-in). */
  url: URL;
  headers: Record<string, string>;
  body: string;
  /** Default: the SDK's credential chain (in Lambda bundles, the function role's environment credentials). */
  credentials?: Credentials | undefined;
  timeoutMs?: number | undefined;
}

export interface SignedAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as JSON; undefined when it is not JSON. */
  json: unknown;
}

const signers = new Map<string, SignatureV4>();

function signerFor(service: string, region: string, credentials: Credentials | undefined): SignatureV4 {
  const make = () =>
    new SignatureV4({ credentials: credentials ?? defaultProvider(), region, service, sha256: Sha256 });
  // One signer (and credential chain) per service and region for the process; explicit credentials get their own.
  if (credentials) return make();
  const key = `${service}|${region}`;
  let signer = signers.get(key);
  if (!signer) {
    signer = make();
    signers.set(key, signer);
  }
  return signer;
}

/** Signs and sends `POST` with the exact body; network failures reject with the socket's error (its `code`). */
export async function signedPost(request: SignedRequest): Promise<SignedAnswer> {
  const { url } = request;
  const signed = await signerFor(request.service, request.region, request.credentials).sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: {},
    headers: { ...request.headers, host: url.host },
    body: request.body,
  });
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: 'POST', headers: signed.headers, timeout: request.timeoutMs ?? 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('the AWS service did not answer in time'), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** The error name of a failed answer: `x-amzn-ErrorType` (REST JSON) or `__type` (JSON 1.1), without namespace. */
export function awsErrorName(answer: SignedAnswer): string {
  const header = answer.headers['x-amzn-errortype'];
  const fromHeader = (Array.isArray(header) ? header[0] : header)?.split(':')[0];
  const body = answer.json as { __type?: unknown; code?: unknown } | undefined;
  const fromBody =
    typeof body?.__type === 'string' ? body.__type : typeof body?.code === 'string' ? body.code : undefined;
  return (fromHeader || fromBody || `HTTP${answer.status}`).split('#').pop()!;
}

/** The message of a failed answer, if it has one. */
export function awsErrorMessage(answer: SignedAnswer): string | undefined {
  const body = answer.json as { message?: unknown; Message?: unknown } | undefined;
  const message = body?.message ?? body?.Message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}
