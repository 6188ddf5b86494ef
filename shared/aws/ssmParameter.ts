// Reads one SSM SecureString parameter (the link-signing key, once per cold start) with a single signed
// GetParameter request (shared/aws/signedRequest.ts says why not @aws-sdk/client-ssm: ~76 KB in both forms).
import * as z from 'zod';
import { awsErrorMessage, awsErrorName, type Credentials, signedPost } from './signedRequest.ts';

export interface ParameterOptions {
  region: string;
  /** An endpoint other than `https://ssm.<region>.amazonaws.com` (tests). */
  endpoint?: string | undefined;
  credentials?: Credentials | undefined;
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

const answerSchema = z.object({ Parameter: z.object({ Value: z.string() }) });
const RETRYABLE_CODES = new Set(['ThrottlingException', 'InternalServerError', 'ServiceUnavailable']);

/**
 * The decrypted value of SecureString parameter `name`.
 * 1. Sign `POST /` (X-Amz-Target AmazonSSM.GetParameter, body {Name, WithDecryption: true}) for service `ssm`.
 * 2. 200 → the value (zod-checked). Throttling, 5xx and network failures → try again after a pause.
 * 3. Anything else (not found, access denied) → ParameterReadError naming SSM's code and the parameter.
 */
export async function readSecureParameter(name: string, options: ParameterOptions): Promise<string> {
  const url = new URL(options.endpoint ?? `https://ssm.${options.region}.amazonaws.com/`);
  const body = JSON.stringify({ Name: name, WithDecryption: true });
  const attempts = options.attempts ?? 3;
  let last: ParameterReadError | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt * (0.5 + Math.random())));
    let answer: Awaited<ReturnType<typeof signedPost>>;
    try {
      answer = await signedPost({
        service: 'ssm',
        region: options.region,
        url,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
        body,
        credentials: options.credentials,
        timeoutMs: options.timeoutMs,
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'NetworkError';
      last = new ParameterReadError(code, undefined, `cannot reach SSM to read parameter ${name} (${code})`);
      continue;
    }
    if (answer.status === 200) {
      const parsed = answerSchema.safeParse(answer.json);
      if (!parsed.success) {
        throw new ParameterReadError('InvalidResponse', answer.status, `SSM parameter ${name} has no value`);
      }
      return parsed.data.Parameter.Value;
    }
    const code = awsErrorName(answer);
    const detail = awsErrorMessage(answer);
    last = new ParameterReadError(
      code,
      answer.status,
      `SSM refused to read parameter ${name}: ${code}${detail ? ` (${detail})` : ''}`,
    );
    if (!(answer.status >= 500 || answer.status === 429 || RETRYABLE_CODES.has(code))) throw last;
  }
  throw last ?? new ParameterReadError('Unknown', undefined, `cannot read SSM parameter ${name}`);
}
