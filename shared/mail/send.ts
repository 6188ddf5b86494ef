// Sending any email through SES v2 as simple content: subject, HTML and text, and the attachments (the reports'
// .xlsx and .csv) as SES simple-content attachments, SES building the MIME message. An email sent through the
// outbox carries its claim as an SES message tag (what SES's sending events report back) and as a header (what
// the local stand-in keeps in its store): the evidence that resolves a send left in doubt by a crash.
import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import {
  CLAIM_HEADER,
  CLAIM_TAG,
  deliver,
  type OutgoingEmail,
  type ParsedEmail,
  parseOutgoingEmail,
  type Sender,
  type SendOptions,
  sesClient,
  simpleContent,
  simpleFromAddress,
} from './ses.ts';

export {
  type Attachment,
  createSesClient,
  isRetryableSesError,
  type OutgoingEmail,
  outgoingEmailSchema,
  type SendOptions,
  type SesClientOptions,
  sesClient,
} from './ses.ts';

interface SendEmailOptions extends SendOptions {
  /** The outbox claim this email is sent under: tagged and put in a header, so SES's records name it. */
  claimTag?: string | undefined;
}

/** The SendEmail request of a validated email: simple content, attachments, the claim's tag and header. */
export function sendEmailInput(email: ParsedEmail, sender: Sender, claimTag?: string): SendEmailCommandInput {
  const { Simple } = simpleContent(email);
  return {
    FromEmailAddress: simpleFromAddress(sender.from),
    Destination: { ToAddresses: email.to, CcAddresses: email.cc },
    Content: {
      Simple: {
        ...Simple!,
        ...(claimTag ? { Headers: [{ Name: CLAIM_HEADER, Value: claimTag }] } : {}),
        ...(email.attachments.length > 0
          ? {
              Attachments: email.attachments.map((a) => ({
                FileName: a.filename,
                ContentType: a.contentType,
                ContentDisposition: 'ATTACHMENT' as const,
                RawContent: a.content,
              })),
            }
          : {}),
      },
    },
    ConfigurationSetName: sender.configurationSetName,
    ...(claimTag ? { EmailTags: [{ Name: CLAIM_TAG, Value: claimTag }] } : {}),
  };
}

/**
 * Sends one email.
 * 1. Validates the addressed email (ValidationError naming the field).
 * 2. Sends it with SES v2 SendEmail as simple content (attachments included), from the configured sender, with
 *    the configuration set when one is configured and the outbox claim's tag and header when given.
 * 3. Throttling, SES-side and network failures → RetryableError (cause kept); others are rethrown as they are.
 * Returns SES's message id.
 */
export async function sendEmail(
  email: OutgoingEmail,
  sender: Sender,
  options: SendEmailOptions = {},
): Promise<{ messageId: string }> {
  const parsed = parseOutgoingEmail(email);
  return deliver(options.client ?? sesClient(), sendEmailInput(parsed, sender, options.claimTag));
}
