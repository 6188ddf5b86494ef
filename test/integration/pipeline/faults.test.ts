// Faults in the month's run: SES refusing part of the sends (injected into the SES client with
// aws-sdk-client-mock; the rest goes to the real stand-in), SES down for a whole run, and a worker dying
// around the score card's write. Every report must end up delivered exactly once, nothing half-written.
import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { sendInvitations, sendReminders } from '../../../shared/pipeline/invitations.ts';
import { runMonth } from '../../../shared/pipeline/runMonth.ts';
import type { Storage } from '../../../shared/storage/client.ts';
import { findLatestScoreCard, listScoreCardRevisions } from '../../../shared/storage/scoreCards.ts';
import { readSentEmails, type SentEmail, useSesLocal } from '../../support/ses.ts';
import { type TestStack, uniqueId, useStack } from '../../support/stack.ts';
import { scoringContext, testContext, testMonth } from './support.ts';

const sesHarness = useSesLocal();
const stack = useStack();
const MANAGER = 'manager@example.com';

/** An SES client that throws a throttling error for the sends `fails` picks, and delivers the others. */
function faultySes(fails: (n: number) => boolean): { client: SESv2Client; attempts: () => number } {
  const client = new SESv2Client({
    region: 'us-east-1',
    endpoint: sesHarness.ses.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let n = 0;
  mockClient(client)
    .on(SendEmailCommand)
    .callsFake(async (input: SendEmailCommandInput) => {
      n++;
      if (fails(n)) {
        throw Object.assign(new Error('Maximum sending rate exceeded.'), {
          name: 'TooManyRequestsException',
          $metadata: { httpStatusCode: 429 },
        });
      }
      return sesHarness.client.send(new SendEmailCommand(input));
    });
  return { client, attempts: () => n };
}

/** A fresh table with `count` engineers, so each test reads only its own run. */
async function team(
  count: number,
): Promise<{ s: TestStack; storage: Storage; emails: string[]; month: string }> {
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const e = await stack.engineer({ language: i % 2 ? 'en' : 'zh-CN' });
    emails.push(e.email);
  }
  return { s: stack, storage: stack.storage, emails, month: testMonth() };
}

const countTo = (emails: SentEmail[], address: string) => emails.filter((e) => e.to.includes(address)).length;

describe('faults in the month run', () => {
  let month: string;
  let engineerEmails: string[];
  beforeAll(async () => {
    const t = await team(6);
    month = t.month;
    engineerEmails = t.emails;
  });

  it('delivers every report exactly once when SES throttles part of the run, after the retries', async () => {
    // Every third send is refused: reports and the summary alike.
    const ses = faultySes((n) => n % 3 === 0);
    const report = await runMonth(scoringContext(stack.storage, ses.client, stack.url, month), {
      month,
      retryDelayMs: 20,
      concurrency: 3,
      maxAttempts: 4,
    });
    expect(report.failed).toEqual([]);
    expect(report).toMatchObject({ scored: 6, emailed: 6, summarySent: true });
    expect(ses.attempts()).toBeGreaterThan(7);
    const emails = await readSentEmails(sesHarness.ses.url);
    for (const address of engineerEmails) expect(countTo(emails, address), address).toBe(1);
    expect(countTo(emails, MANAGER)).toBe(1);
  });

  it('parks everyone while SES is down, names them, and delivers each report once on the next run', async () => {
    // New engineers: their cards are new, so the month has a new set of revisions to report.
    const extra = await team(3);
    const down = faultySes(() => true);
    const before = await readSentEmails(sesHarness.ses.url);
    const first = await runMonth(scoringContext(stack.storage, down.client, stack.url, month), {
      month,
      retryDelayMs: 10,
      maxAttempts: 2,
    });
    // The six already emailed have nothing to send: they are done; the three new ones are parked.
    expect(first.failed.map((f) => f.engineerId)).toHaveLength(3);
    expect(first.failed[0]!.reason).toMatch(/SES did not take the email/);
    expect(first.summarySent).toBe(false);
    expect(await readSentEmails(sesHarness.ses.url)).toHaveLength(before.length);
    // The cards were stored before the send failed: nothing is lost, and nothing is stored twice.
    for (const f of first.failed) {
      expect(
        (await listScoreCardRevisions(stack.storage, f.engineerId, month)).map((r) => r.revision),
      ).toEqual([1]);
    }

    const up = faultySes(() => false);
    const second = await runMonth(scoringContext(stack.storage, up.client, stack.url, month), {
      month,
      retryDelayMs: 10,
    });
    expect(second).toMatchObject({ emailed: 3, changed: 0, failed: [], summarySent: true });
    const emails = await readSentEmails(sesHarness.ses.url);
    for (const address of [...engineerEmails, ...extra.emails])
      expect(countTo(emails, address), address).toBe(1);
    // One summary for the first set, one for the set with the three new engineers.
    expect(countTo(emails, MANAGER)).toBe(2);
  });

  it('sends an invitation whose email failed on the next run, once, and a reminder only after it', async () => {
    const region = uniqueId('region');
    const engineer = await stack.engineer({ region });
    const manager = await stack.respondent({ kind: 'regional-sales-manager', region, customer: undefined });
    const down = faultySes(() => true);
    const first = await sendInvitations(testContext(stack.storage, down.client, stack.url), { month });
    expect(first).toMatchObject({ created: 1, sent: 0 });
    expect(first.failed).toHaveLength(1);
    // Not sent, so nobody is reminded of it yet.
    expect(await sendReminders(testContext(stack.storage, down.client, stack.url), { month })).toMatchObject({
      reminded: 0,
    });
    const up = faultySes(() => false);
    const second = await sendInvitations(testContext(stack.storage, up.client, stack.url), { month });
    expect(second).toMatchObject({ created: 0, sent: 1, failed: [] });
    expect(await sendInvitations(testContext(stack.storage, up.client, stack.url), { month })).toMatchObject({
      sent: 0,
    });
    const emails = (await readSentEmails(sesHarness.ses.url)).filter((e) => e.to.includes(manager.email));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.text).toContain(engineer.name);
  });

  it('leaves no half-written card when a worker dies around the card’s write, and recovers on the next run', async () => {
    const t = await team(2);
    const [victim] = await Promise.all([stack.engineer({ id: uniqueId('victim') })]);
    // The worker storing the victim's card dies: once just before its transaction, once just after it.
    let crashes = 0;
    const crashing = withCrash(stack.storage, (input) => {
      const items = (input as { TransactItems?: Array<{ Put?: { Item?: Record<string, unknown> } }> })
        .TransactItems;
      const card = items?.[0]?.Put?.Item;
      if (card?.type !== 'ScoreCard' || card.engineerId !== victim.id) return 'pass';
      crashes++;
      return crashes === 1 ? 'before' : crashes === 2 ? 'after' : 'pass';
    });
    const ses = faultySes(() => false);
    const report = await runMonth(scoringContext(crashing, ses.client, stack.url, month), {
      month,
      retryDelayMs: 10,
      maxAttempts: 2,
    });
    expect(report.failed.map((f) => f.engineerId)).toEqual([victim.id]);
    expect(crashes).toBe(2);
    // The card exists exactly as one revision with its pointer: the transaction wrote both or nothing.
    const revisions = await listScoreCardRevisions(stack.storage, victim.id, month);
    const latest = await findLatestScoreCard(stack.storage, victim.id, month);
    expect(revisions.map((r) => r.revision)).toEqual([1]);
    expect(latest?.revision).toBe(1);
    expect(countTo(await readSentEmails(sesHarness.ses.url), victim.email)).toBe(0);
    // The summary names the parked engineer.
    const summaries = (await readSentEmails(sesHarness.ses.url)).filter((e) => e.to.includes(MANAGER));
    expect(summaries.at(-1)!.text).toContain(victim.name);

    const again = await runMonth(scoringContext(stack.storage, ses.client, stack.url, month), {
      month,
      retryDelayMs: 10,
    });
    expect(again.failed).toEqual([]);
    const emails = await readSentEmails(sesHarness.ses.url);
    expect(countTo(emails, victim.email)).toBe(1);
    for (const address of t.emails) expect(countTo(emails, address)).toBe(1);
    expect((await listScoreCardRevisions(stack.storage, victim.id, month)).map((r) => r.revision)).toEqual([
      1,
    ]);
  });
});

/** The same table through a document client whose send "dies" before or after the writes `decide` picks. */
function withCrash(storage: Storage, decide: (input: unknown) => 'before' | 'after' | 'pass'): Storage {
  const real = storage.doc;
  const doc = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: { input: unknown }) => {
        const when = decide(command.input);
        if (when === 'before') throw new Error('worker died before the write');
        const out = await target.send(command as never);
        if (when === 'after') throw new Error('worker died after the write');
        return out;
      };
    },
  }) as DynamoDBDocumentClient;
  return { doc, tableName: storage.tableName };
}
