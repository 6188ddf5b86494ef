// Sends an email without attachments as SES v2 simple content with one signed request and no SES client: the
// survey form's low-score alert. The SES client builds every SES error class and schema at load (~60 KB and
// ~15 ms of each survey-form cold start) for this one, rare call; the pipeline keeps the client (mail/send.ts).
import { awsErrorMessage, awsErrorName, type Credentials, signedPost } from '../aws/signedRequest.ts';
import { config } from '../config.ts';
import { RetryableError } from '../errors.ts';
import {
  isRetryableSesError,
  type OutgoingEmail,
  parseSimpleEmail,
  type Sender,
  simpleContent,
  simpleFromAddress,
} from './ses.ts';

export interface SignedSendOptions {
  /** Default: SES_REGION, else AWS_REGION. */
  region?: string | undefined;
  /** Default: SES_ENDPOINT (the local stand-in), else `https://email.<region>.amazonaws.com`. */
  endpoint?: string | undefined;
  credentials?: Credentials | undefined;
  /** Tries in all (default 3) for throttling, SES-side and network failures, as the SDK client would. */
  attempts?: number;
}

/** SES's failure as the SDK would raise it (name = SES's error name, `$metadata.httpStatusCode`). */
function sesFailure(name: string, status: number, message: string | undefined): Error {
  const error = new Error(message ?? `SES answered ${status} (${name})`);
  error.name = name;
  return Object.assign(error, { $metadata: { httpStatusCode: status } });
}

/**
 * Sends one email that has no attachments.
 * 1. Validates the addressed email (ValidationError naming the field); attachments are refused here.
 * 2. Signs `POST /v2/email/outbound-emails` (SES v2 SendEmail, simple content) for service `ses` and sends it.
 * 3. Throttling, SES-side and network failures are tried again; still failing → RetryableError (cause kept).
 *    Other refusals (a rejected message, an unverified sender) are thrown as SES named them.
 * Returns SES's message id.
 */
export async function sendSimpleEmailSigned(
  email: OutgoingEmail,
  sender: Sender,
  options: SignedSendOptions = {},
): Promise<{ messageId: string }> {
  const parsed = parseSimpleEmail(email);
  const configuration = config();
  const region = options.region ?? configuration.sesRegion;
  const endpoint = options.endpoint ?? configuration.sesEndpoint;
  const url = new URL('/v2/email/outbound-emails', endpoint ?? `https://email.${region}.amazonaws.com`);
  // The stand-in takes any credentials, so none are looked up for it (as createSesClient does).
  const credentials =
    options.credentials ?? (endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined);
  const body = JSON.stringify({
    FromEmailAddress: simpleFromAddress(sender.from),
    Destination: { ToAddresses: parsed.to, CcAddresses: parsed.cc },
    Content: simpleContent(parsed),
    ConfigurationSetName: sender.configurationSetName,
  });
  const attempts = options.attempts ?? 3;
  let failure: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt * (0.5 + Math.random())));
    try {
      const answer = await signedPost({
        service: 'ses',
        region,
        url,
        headers: { 'content-type': 'application/json' },
        body,
        credentials,
      });
      if (answer.status >= 200 && answer.status < 300) {
        const messageId = (answer.json as { MessageId?: unknown } | undefined)?.MessageId;
        return { messageId: typeof messageId === 'string' ? messageId : '' };
      }
      failure = sesFailure(awsErrorName(answer), answer.status, awsErrorMessage(answer));
    } catch (error) {
      failure = error;
    }
    if (!isRetryableSesError(failure)) throw failure;
  }
  const e = failure as { name?: string; code?: string };
  throw new RetryableError(
    `SES did not take the email now (${e.code ?? e.name ?? 'error'}); try again later`,
    {
      cause: failure,
    },
  );
}
