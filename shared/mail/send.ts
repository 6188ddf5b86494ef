// Sending through SES v2: the email is composed as one raw MIME message (HTML + plain-text alternatives and
// attachments, by nodemailer's MailComposer) and sent with SendEmail; failures that may pass are RetryableError.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import * as z from 'zod';
import { config } from '../config.ts';
import { RetryableError, ValidationError } from '../errors.ts';
import { fieldProblems } from '../validation.ts';
import type { MailConfig } from './config.ts';

const address = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'expected an email address' }));

export const outgoingEmailSchema = z.strictObject({
  to: z.array(address).min(1, { error: 'an email needs at least one recipient' }),
  cc: z.array(address).default([]),
  subject: z.string().trim().min(1, { error: 'must not be empty' }),
  html: z.string().min(1, { error: 'must not be empty' }),
  text: z.string().min(1, { error: 'must not be empty' }),
  attachments: z
    .array(
      z.strictObject({
        filename: z.string().trim().min(1, { error: 'must not be empty' }),
        contentType: z.string().trim().min(1, { error: 'must not be empty' }),
        content: z.instanceof(Buffer, { error: 'expected the file content as a Buffer' }),
      }),
    )
    .default([]),
});

/** A rendered email, addressed, ready to send. */
export type OutgoingEmail = z.input<typeof outgoingEmailSchema>;
export type Attachment = NonNullable<OutgoingEmail['attachments']>[number];

export interface SesClientOptions {
  /** An SES endpoint other than AWS's (the local stand-in). */
  endpoint?: string | undefined;
  region?: string | undefined;
}

/** A client for `endpoint` (the stand-in takes any credentials, so none are looked up for it). */
export function createSesClient(options: SesClientOptions = {}): SESv2Client {
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  if (options.endpoint) {
    return new SESv2Client({
      region,
      endpoint: options.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }
  return new SESv2Client({ region });
}

let moduleClient: SESv2Client | undefined;

/**
 * The process's one SES client, made on first use from the configuration (SES_ENDPOINT, AWS_REGION): the
 * local runtime sets SES_ENDPOINT before the first email; on Lambda it is unset and the client talks to AWS.
 */
export function sesClient(): SESv2Client {
  const { sesEndpoint, region } = config();
  moduleClient ??= createSesClient({ endpoint: sesEndpoint, region });
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

/** Builds the raw MIME message: multipart/mixed of (text | html) alternatives and the attachments. */
export async function composeMime(
  email: z.output<typeof outgoingEmailSchema>,
  from: string,
): Promise<Buffer> {
  const composer = new MailComposer({
    from,
    to: email.to,
    cc: email.cc.length > 0 ? email.cc : undefined,
    subject: email.subject,
    text: email.text,
    html: email.html,
    // Base64 for both parts: CJK text would bloat quoted-printable, and choosing per part ("auto") cost more CPU
    // than encoding (bench/mail.ts).
    textEncoding: 'base64',
    attachments: email.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
  });
  return composer.compile().build();
}

export interface SendOptions {
  client?: SESv2Client;
}

/**
 * Sends one email.
 * 1. Validates the addressed email (ValidationError naming the field).
 * 2. Composes the raw MIME message with the configured sender.
 * 3. Sends it with SES v2 SendEmail (Raw), with the configuration set when one is configured.
 * 4. Throttling, SES-side and network failures → RetryableError (cause kept); others are rethrown as they are.
 * Returns SES's message id.
 */
export async function sendEmail(
  email: OutgoingEmail,
  sender: Pick<MailConfig, 'from' | 'configurationSetName'>,
  options: SendOptions = {},
): Promise<{ messageId: string }> {
  const parsed = outgoingEmailSchema.safeParse(email);
  if (!parsed.success) throw new ValidationError(fieldProblems(parsed.error), 'invalid email');
  const raw = await composeMime(parsed.data, sender.from);
  const client = options.client ?? sesClient();
  // The From header carries the display name (MIME-encoded); SES's own field takes only the bare address.
  const fromAddress = addressparser(sender.from, { flatten: true })[0]?.address ?? sender.from;
  try {
    const result = await client.send(
      new SendEmailCommand({
        FromEmailAddress: fromAddress,
        Destination: { ToAddresses: parsed.data.to, CcAddresses: parsed.data.cc },
        Content: { Raw: { Data: raw } },
        ConfigurationSetName: sender.configurationSetName,
      }),
    );
    return { messageId: result.MessageId ?? '' };
  } catch (error) {
    if (isRetryableSesError(error)) {
      const e = error as { name?: string; code?: string };
      throw new RetryableError(
        `SES did not take the email now (${e.code ?? e.name ?? 'error'}); try again later`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
