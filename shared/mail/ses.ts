// Sending through SES v2 without building MIME: the addressed-email schema, the client, which failures may pass
// later, and SES's Content.Simple (subject, HTML and text); shared/mail/send.ts sends every email this way, its
// attachments included, tagged with its outbox claim.
import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { config } from '../config.ts';
import { RetryableError, ValidationError } from '../errors.ts';
import * as z from '../schema.ts';
import { parseWith } from '../validation.ts';
import type { MailConfig } from './config.ts';

const address = z.pipe(
  z.string().check(z.trim(), z.toLowerCase()),
  z.email({ error: 'expected an email address' }),
);
const nonEmpty = z.string().check(z.minLength(1, { error: 'must not be empty' }));
const nonEmptyTrimmed = z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty' }));

export const outgoingEmailSchema = z.strictObject({
  to: z.array(address).check(z.minLength(1, { error: 'an email needs at least one recipient' })),
  cc: z._default(z.array(address), []),
  subject: nonEmptyTrimmed,
  html: nonEmpty,
  text: nonEmpty,
  attachments: z._default(
    z.array(
      z.strictObject({
        filename: nonEmptyTrimmed,
        contentType: nonEmptyTrimmed,
        content: z.instanceof(Buffer, { error: 'expected the file content as a Buffer' }),
      }),
    ),
    [],
  ),
});

/** A rendered email, addressed, ready to send. */
export type OutgoingEmail = z.input<typeof outgoingEmailSchema>;
export type Attachment = NonNullable<OutgoingEmail['attachments']>[number];

export interface SesClientOptions {
  /** An SES endpoint other than AWS's (the local stand-in). */
  endpoint?: string | undefined;
  region?: string | undefined;
}

/**
 * A client for `endpoint` (the stand-in takes any credentials, so none are looked up for it). One attempt per
 * call: the SDK's own retry would send again after a lost answer (a reset connection, a timeout, a 5xx) though
 * SES may have taken the email — the outbox leaves such a send in doubt instead, and retries only what SES
 * provably refused (throttling comes back as a RetryableError for the queue's retry).
 */
export function createSesClient(options: SesClientOptions = {}): SESv2Client {
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  if (options.endpoint) {
    return new SESv2Client({
      region,
      endpoint: options.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  }
  return new SESv2Client({ region, maxAttempts: 1 });
}

let moduleClient: SESv2Client | undefined;

/**
 * The process's one SES client, made on first use from the configuration (SES_ENDPOINT; SES_REGION, else AWS_REGION): the
 * local runtime sets SES_ENDPOINT before the first email; on Lambda it is unset and the client talks to AWS.
 */
export function sesClient(): SESv2Client {
  const { sesEndpoint, sesRegion } = config();
  moduleClient ??= createSesClient({ endpoint: sesEndpoint, region: sesRegion });
  return moduleClient;
}

// Error names SES v2 and the SDK use for "slow down" and for failures on their side.
const RETRYABLE_NAMES = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServiceError',
]);
// Network failures: the endpoint is down or the connection broke.
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Whether a failed SES call may succeed when tried again later. */
export function isRetryableSesError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as {
    name?: string;
    code?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    cause?: unknown;
    errors?: unknown[];
  };
  if (e.$retryable) return true;
  if (e.name && RETRYABLE_NAMES.has(e.name)) return true;
  if (e.code && RETRYABLE_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  // Node reports a refused dual-stack connect as an AggregateError of the attempts.
  if (Array.isArray(e.errors) && e.errors.some(isRetryableSesError)) return true;
  return e.cause !== undefined && e.cause !== error && isRetryableSesError(e.cause);
}

/** The SES message tag naming an email's outbox claim (SES's sending events report it back). */
export const CLAIM_TAG = 'kpi-claim';
/** The same claim as a header: the local stand-in keeps headers (not tags) in its store. */
export const CLAIM_HEADER = 'X-Kpi-Claim';

// Never connected: the request cannot have reached SES.
const UNCONNECTED_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']);

/**
 * Whether a failed send provably left nothing at SES: the email was refused before the call (ValidationError),
 * SES answered with a refusal (4xx, throttling included), or no connection was ever made. A broken connection,
 * a timeout or an SES-side 5xx is not proof: SES may have taken the email before the answer was lost.
 */
export function sesTookNothing(error: unknown): boolean {
  if (error instanceof ValidationError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const e = error as {
    code?: string;
    $metadata?: { httpStatusCode?: number };
    cause?: unknown;
    errors?: unknown[];
  };
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && status < 500) return true;
  if (e.code && UNCONNECTED_CODES.has(e.code)) return true;
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(sesTookNothing)) return true;
  return e.cause !== undefined && e.cause !== error && sesTookNothing(e.cause);
}

export interface SendOptions {
  client?: SESv2Client;
}

export type Sender = Pick<MailConfig, 'from' | 'configurationSetName'>;
export type ParsedEmail = z.output<typeof outgoingEmailSchema>;

/** Validates an addressed email; ValidationError names each bad field. */
export function parseOutgoingEmail(email: OutgoingEmail): ParsedEmail {
  return parseWith(outgoingEmailSchema, email, 'invalid email');
}

/** The sender's bare address (SES's own field for a raw message takes no display name). */
export function senderAddress(from: string): string {
  return addressparser(from, { flatten: true })[0]?.address ?? from;
}

/**
 * The sender as SES's FromEmailAddress for a simple message: the display name kept, as an RFC 2047 encoded-word
 * when it is not plain ASCII (SES requires that), so "KPI 考核 <kpi@example.com>" shows its name as with MIME.
 */
export function simpleFromAddress(from: string): string {
  const [parsed] = addressparser(from, { flatten: true });
  if (!parsed?.name) return parsed?.address ?? from;
  const name = /^[\x20-\x7e]*$/.test(parsed.name)
    ? `"${parsed.name.replace(/["\\]/g, '\\$&')}"`
    : `=?UTF-8?B?${Buffer.from(parsed.name, 'utf8').toString('base64')}?=`;
  return `${name} <${parsed.address}>`;
}

/** Sends one SendEmail request; throttling, SES-side and network failures → RetryableError (cause kept). */
export async function deliver(
  client: SESv2Client,
  input: SendEmailCommandInput,
): Promise<{ messageId: string }> {
  try {
    const result = await client.send(new SendEmailCommand(input));
    return { messageId: result.MessageId ?? '' };
  } catch (error) {
    if (isRetryableSesError(error)) {
      const e = error as { name?: string; code?: string };
      throw new RetryableError(
        `SES did not take the email now (${e.code ?? e.name ?? 'error'}); try again later`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** SES's simple content of an email without attachments (SES builds the MIME message). */
export function simpleContent(email: ParsedEmail): NonNullable<SendEmailCommandInput['Content']> {
  return {
    Simple: {
      Subject: { Data: email.subject, Charset: 'UTF-8' },
      Body: {
        Html: { Data: email.html, Charset: 'UTF-8' },
        Text: { Data: email.text, Charset: 'UTF-8' },
      },
    },
  };
}
