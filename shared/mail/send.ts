// Sending any email through SES v2: without attachments as SES simple content (shared/mail/ses.ts); with
// attachments as one raw MIME message (HTML + plain-text alternatives and the files, by nodemailer's
// MailComposer). This module is the only one that imports the MIME composer: the HTTP handlers do not reach it.
import {
  deliver,
  type OutgoingEmail,
  type ParsedEmail,
  parseOutgoingEmail,
  type Sender,
  type SendOptions,
  senderAddress,
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

/** Builds the raw MIME message: multipart/mixed of (text | html) alternatives and the attachments. */
export async function composeMime(email: ParsedEmail, from: string): Promise<Buffer> {
  // Imported where it is used: a bundle that reaches this module without composing MIME (the survey form, through
  // the pipeline's low-score alert) then leaves nodemailer's ~125 KB out, which a top-level import would keep.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
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

/**
 * Sends one email.
 * 1. Validates the addressed email (ValidationError naming the field).
 * 2. Without attachments: SES simple content. With attachments: the raw MIME message, composed with the
 *    configured sender.
 * 3. Sends it with SES v2 SendEmail, with the configuration set when one is configured.
 * 4. Throttling, SES-side and network failures → RetryableError (cause kept); others are rethrown as they are.
 * Returns SES's message id.
 */
export async function sendEmail(
  email: OutgoingEmail,
  sender: Sender,
  options: SendOptions = {},
): Promise<{ messageId: string }> {
  const parsed = parseOutgoingEmail(email);
  const client = options.client ?? sesClient();
  const destination = { ToAddresses: parsed.to, CcAddresses: parsed.cc };
  if (parsed.attachments.length === 0) {
    return deliver(client, {
      FromEmailAddress: simpleFromAddress(sender.from),
      Destination: destination,
      Content: simpleContent(parsed),
      ConfigurationSetName: sender.configurationSetName,
    });
  }
  const raw = await composeMime(parsed, sender.from);
  return deliver(client, {
    // The From header carries the display name (MIME-encoded); SES's own field takes only the bare address.
    FromEmailAddress: senderAddress(sender.from),
    Destination: destination,
    Content: { Raw: { Data: raw } },
    ConfigurationSetName: sender.configurationSetName,
  });
}
