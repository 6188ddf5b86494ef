// What every monthly-pipeline use case receives: the table, the clock, the rubric, how an email is sent and
// where form links point. Lambda handlers build it from the configuration; the CLI, the local scheduler, the
// tests and the benchmark build it from the local stack.
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailConfig } from '../mail/config.ts';
import { type OutgoingEmail, sendEmail } from '../mail/send.ts';
import type { SendEvidence } from '../outbox/outbox.ts';
import { defaultRubric } from '../rubric/default.ts';
import type { Rubric } from '../rubric/schema.ts';
import type { Storage } from '../storage/client.ts';

export interface PipelineContext {
  storage: Storage;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  rubric: Rubric;
  mail: MailConfig;
  /** Sends one rendered email (RetryableError when it may pass later), tagged with its outbox claim. */
  send: (email: OutgoingEmail, options?: { claimTag?: string }) => Promise<{ messageId: string }>;
  /** Where a send left in doubt is checked (the local stand-in's store); none on AWS, where events confirm. */
  evidence?: SendEvidence | undefined;
  /** Where the form links in emails point; undefined = PUBLIC_BASE_URL. */
  publicBaseUrl?: string | undefined;
}

/** What a use case that sends no email needs (the dispatcher): its function then carries no SES client. */
export type PipelineReadContext = Pick<PipelineContext, 'storage' | 'now' | 'rubric'>;

interface PipelineContextOptions {
  storage: Storage;
  mail: MailConfig;
  /** The SES client to send with; omitted = the process's one client (shared/mail/send.ts). */
  ses?: SESv2Client;
  now?: () => Date;
  rubric?: Rubric;
  publicBaseUrl?: string | undefined;
  evidence?: SendEvidence | undefined;
}

export function pipelineContext(options: PipelineContextOptions): PipelineContext {
  const { ses, mail } = options;
  return {
    storage: options.storage,
    now: options.now ?? (() => new Date()),
    rubric: options.rubric ?? defaultRubric,
    mail,
    send: (email, sendOptions) =>
      sendEmail(email, mail, { ...(ses ? { client: ses } : {}), claimTag: sendOptions?.claimTag }),
    publicBaseUrl: options.publicBaseUrl,
    evidence: options.evidence,
  };
}

/** Runs `work` over `items` with at most `limit` in flight; resolves when all have settled. */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
}
