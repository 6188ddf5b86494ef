// One SES v2 stand-in per test file on a free port, and a reader of what it really stored, so tests assert on
// the emails as sent (addresses, subject, both parts, attachments) rather than on what we meant to send.
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { type SesLocal, startSesLocal } from '#local/ses.ts';
import { createSesClient } from '#shared/mail/send.ts';

export interface SentAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface SentEmail {
  messageId: string;
  /** Bare addresses, lower-cased. */
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  html: string;
  text: string;
  attachments: SentAttachment[];
}

const storeSchema = z.object({
  emails: z.array(
    z.object({
      messageId: z.string(),
      from: z.string(),
      destination: z.object({ to: z.array(z.string()), cc: z.array(z.string()) }),
      subject: z.string(),
      body: z.object({ html: z.string().optional(), text: z.string().optional() }),
      attachments: z.array(
        z.object({ filename: z.string().optional(), contentType: z.string(), content: z.string() }),
      ),
    }),
  ),
});

// A raw message's header is stored as its display text ("A <a@x>, b@x"): reduce it to the addresses.
function addresses(fields: string[]): string[] {
  return fields.flatMap((field) =>
    addressparser(field, { flatten: true }).map((a) => a.address.toLowerCase()),
  );
}

/** Every email the stand-in at `url` holds (all stand-ins of one process share one store). */
export async function readSentEmails(url: string): Promise<SentEmail[]> {
  const response = await fetch(`${url}/store`);
  if (!response.ok) throw new Error(`SES stand-in /store answered ${response.status}`);
  const store = storeSchema.parse(await response.json());
  return store.emails.map((e) => ({
    messageId: e.messageId,
    from: addresses([e.from])[0] ?? '',
    to: addresses(e.destination.to),
    cc: addresses(e.destination.cc),
    subject: e.subject,
    html: e.body.html ?? '',
    text: e.body.text ?? '',
    attachments: e.attachments.map((a) => ({
      filename: a.filename ?? '',
      contentType: a.contentType,
      content: Buffer.from(a.content, 'base64'),
    })),
  }));
}

/** The emails addressed (to or cc) to `address`; tests use unique addresses, so this is "what this test sent". */
export async function emailsTo(url: string, address: string): Promise<SentEmail[]> {
  const wanted = address.toLowerCase();
  return (await readSentEmails(url)).filter((e) => e.to.includes(wanted) || e.cc.includes(wanted));
}

/** Empties the stand-in's store (shared by every stand-in of this process). */
export async function clearSentEmails(url: string): Promise<void> {
  const response = await fetch(`${url}/clear-store`, { method: 'POST' });
  if (!response.ok) throw new Error(`SES stand-in /clear-store answered ${response.status}`);
}

export interface SesHarness {
  readonly ses: SesLocal;
  /** An SESv2Client pointed at this file's stand-in. */
  readonly client: SESv2Client;
}

/** Starts a stand-in for this test file (beforeAll) and stops it afterwards. */
export function useSesLocal(): SesHarness {
  let ses: SesLocal | undefined;
  let client: SESv2Client | undefined;
  beforeAll(async () => {
    ses = await startSesLocal({ port: 0 });
    client = createSesClient({ endpoint: ses.url });
  });
  afterAll(async () => {
    client?.destroy();
    await ses?.stop();
  });
  return {
    get ses() {
      if (!ses) throw new Error('the SES stand-in is started in beforeAll; use it inside a test');
      return ses;
    },
    get client() {
      if (!client) throw new Error('the SES stand-in is started in beforeAll; use it inside a test');
      return client;
    },
  };
}
