// A month's run in its own process that kills itself (SIGKILL: no catch, no finally, no release) at one step of
// one email's send, so DynamoDB Local and the SES stand-in are left exactly as a real crash leaves them.
//   node --import tsx test/support/crashingRun.ts '<CrashPlan as JSON>'
// Exits 3 when the run finished without reaching the step (the test then fails: nothing was killed).
import '../../local/quiet-sdk.ts';
import { pathToFileURL } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { mailConfig } from '../../shared/mail/config.ts';
import { createSesClient } from '../../shared/mail/send.ts';
import { CLAIM_HEADER } from '../../shared/mail/ses.ts';
import { parseClaimTag } from '../../shared/outbox/outbox.ts';
import { pipelineContext } from '../../shared/pipeline/context.ts';
import { sendInvitations, sendReminders } from '../../shared/pipeline/invitations.ts';
import { runMonth } from '../../shared/pipeline/runMonth.ts';
import { createStorage, type Storage } from '../../shared/storage/client.ts';
import type { Key } from '../../shared/storage/keys.ts';

export const CRASH_STEPS = [
  /** The claim is written; rendering has not finished, the SES call not started. */
  'claimed',
  /** Marked sending; the SES call not made. */
  'before-call',
  /** SES has taken the email; its answer never reaches the sender. */
  'during-call',
  /** SES answered; the confirm not written. */
  'after-call',
  /** The confirm is written; nothing after it (the outcome, the summary) is. */
  'confirmed',
] as const;
export type CrashStep = (typeof CRASH_STEPS)[number];

export const crashPlanSchema = z.object({
  dynamoEndpoint: z.string(),
  tableName: z.string(),
  sesUrl: z.string(),
  month: z.string(),
  /** With `victim`: the step of the victim's send at which to die. */
  step: z.enum(CRASH_STEPS).optional(),
  /** The job run: the month's scoring, the survey invitations or their reminders. */
  job: z.enum(['run-month', 'invite', 'remind']).default('run-month'),
  /** The email whose send is cut: the first claim whose key starts with these. */
  victim: z.object({ pkPrefix: z.string(), skPrefix: z.string() }).optional(),
  /** Instead of a victim: die at the n-th step reached by any send (1-based), whichever it is. */
  killAt: z.number().int().min(1).optional(),
  concurrency: z.number().int().min(1).default(4),
});
export type CrashPlan = z.input<typeof crashPlanSchema>;

const die = async (): Promise<never> => {
  process.kill(process.pid, 'SIGKILL');
  return new Promise<never>(() => {});
};

async function main(plan: z.output<typeof crashPlanSchema>): Promise<void> {
  const isVictim = (key: Partial<Key> | undefined) =>
    plan.victim !== undefined &&
    typeof key?.pk === 'string' &&
    key.pk.startsWith(plan.victim.pkPrefix) &&
    typeof key.sk === 'string' &&
    key.sk.startsWith(plan.victim.skPrefix);
  let reached = 0;
  /** Whether the send of the claim at `key`, now at `step`, is where this process dies. */
  const diesAt = (step: CrashStep, key: Partial<Key> | undefined): boolean => {
    if (plan.killAt !== undefined) return ++reached === plan.killAt;
    return step === plan.step && isVictim(key);
  };
  const real = createStorage({ tableName: plan.tableName, endpoint: plan.dynamoEndpoint });
  const doc = new Proxy(real.doc, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: { input: Record<string, unknown> }) => {
        const input = command.input as {
          Item?: Record<string, unknown> & Key;
          Key?: Key;
          ExpressionAttributeValues?: Record<string, unknown>;
        };
        const out = await target.send(command as never);
        if (input.Item?.state === 'claimed' && diesAt('claimed', input.Item)) await die();
        if (input.ExpressionAttributeValues?.[':sent'] === 'sent' && diesAt('confirmed', input.Key))
          await die();
        return out;
      };
    },
  }) as DynamoDBDocumentClient;
  const storage: Storage = { doc, tableName: real.tableName };
  const ses = createSesClient({ endpoint: plan.sesUrl });
  const base = pipelineContext({
    storage,
    ses,
    mail: mailConfig({ from: 'KPI <kpi@example.com>' }),
    publicBaseUrl: 'http://127.0.0.1:1',
  });
  const ctx = {
    ...base,
    send: async (email: Parameters<typeof base.send>[0], options?: { claimTag?: string }) => {
      const key = options?.claimTag ? parseClaimTag(options.claimTag)?.key : undefined;
      if (diesAt('before-call', key)) await die();
      if (diesAt('during-call', key)) {
        // The request goes out; the process dies once SES holds the email, before its answer is used.
        void base.send(email, options).catch(() => {});
        for (;;) {
          const store = (await (await fetch(`${plan.sesUrl}/store`)).json()) as {
            emails: Array<{ headers?: Array<{ name: string; value: string }> }>;
          };
          const held = store.emails.some((e) =>
            e.headers?.some((h) => h.name === CLAIM_HEADER && h.value === options?.claimTag),
          );
          if (held) await die();
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      const answer = await base.send(email, options);
      if (diesAt('after-call', key)) await die();
      return answer;
    },
  };
  if (plan.job === 'invite') await sendInvitations(ctx, { month: plan.month });
  else if (plan.job === 'remind') await sendReminders(ctx, { month: plan.month });
  else await runMonth(ctx, { month: plan.month, concurrency: plan.concurrency, retryDelayMs: 10 });
  process.exit(3);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(crashPlanSchema.parse(JSON.parse(process.argv[2] ?? '{}')));
}
