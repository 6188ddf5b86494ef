// A month's state and its transitions on DynamoDB Local with the SES stand-in (../shared/spec/lifecycle.md): the
// status of a month (a legacy month with cards and no record reads provisional), the first run making it
// provisional, a run of a final month refused, finalising (the final run: a revised report only for a changed
// card, ONE "[Final]" summary), completing a finalisation that stopped, open appeals holding it (the finalise
// job's notice, once per set), reopening with a reason, and two managers at once.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../../cli/support/errors.ts';
import { handler as dispatchHandler } from '../../../functions/monthly-dispatch/handler.ts';
import type { AdminContext } from '../../../shared/admin/context.ts';
import * as lifecycle from '../../../shared/admin/lifecycle.ts';
import type { MonthLifecycle } from '../../../shared/domain/monthRecord.ts';
import { MonthFinalError, MonthStateError, ValidationError } from '../../../shared/errors.ts';
import { installMonthRuns } from '../../../shared/http/admin.ts';
import { formatMonth } from '../../../shared/mail/locale.ts';
import type { PipelineContext } from '../../../shared/pipeline/context.ts';
import type { ScoringQueue } from '../../../shared/pipeline/dispatch.ts';
import { FINALIZE_JOB_ACTOR, finalizeJob } from '../../../shared/pipeline/finalizeJob.ts';
import {
  finalizeJobOfEvent,
  isFinalizeEvent,
  parseDispatcherEvent,
} from '../../../shared/pipeline/lambda.ts';
import { inProcessMonthRuns } from '../../../shared/pipeline/localRuns.ts';
import type { MonthRuns } from '../../../shared/pipeline/monthRuns.ts';
import { runMonth } from '../../../shared/pipeline/runMonth.ts';
import { processScoringMessage, type ScoringMessage } from '../../../shared/pipeline/scoring.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { scoreEngineerMonth } from '../../../shared/scoring/engine.ts';
import { assembleScoringInput } from '../../../shared/storage/assemble.ts';
import { listAuditOfMonth } from '../../../shared/storage/audit.ts';
import { createStorage, type Storage } from '../../../shared/storage/client.ts';
import { keys } from '../../../shared/storage/keys.ts';
import { findMonthRecord } from '../../../shared/storage/months.ts';
import { findRunDispatch } from '../../../shared/storage/runs.ts';
import { findLatestScoreCard, storeScoreCardRevision } from '../../../shared/storage/scoreCards.ts';
import { readSentEmails, type SentEmail, useSesLocal } from '../../support/ses.ts';
import { useStack } from '../../support/stack.ts';
import { admin, scoringContext, scoringTime, testContext } from './support.ts';

const sesHarness = useSesLocal();
beforeAll(() => {
  process.env.SES_ENDPOINT = sesHarness.ses.url;
  // The dispatcher Lambda by hand must be refused before it queues: nothing listens here.
  process.env.SCORING_QUEUE_URL = 'http://127.0.0.1:9/000000000000/scoring';
});
const stack = useStack();
const MANAGER = 'manager@example.com';
const DAY = 24 * 60 * 60_000;

const sent = () => readSentEmails(sesHarness.ses.url);
/** The emails sent since `before` (a count read earlier). */
const sentSince = async (before: number) => (await sent()).slice(before);
const finalSummaries = (emails: SentEmail[], month: string) =>
  emails.filter(
    (e) => e.to.includes(MANAGER) && e.subject === `【最终】${formatMonth(month, 'zh-CN')} 团队绩效汇总`,
  );

/** The pipeline with its clock `daysAfter` days after `month`'s scoring time (the 3rd of the next month). */
function pipelineAt(month: string, daysAfter = 0, storage = stack.storage): PipelineContext {
  const ctx = scoringContext(storage, sesHarness.client, stack.url, month);
  const at = new Date(scoringTime(month).getTime() + daysAfter * DAY);
  return { ...ctx, now: () => at };
}

/** A manager's admin context on that clock, running months in-process. */
function managerAt(month: string, daysAfter = 0, actor = '王敏', runs?: MonthRuns): AdminContext {
  const ctx = pipelineAt(month, daysAfter);
  return {
    storage: ctx.storage,
    now: ctx.now,
    actor,
    runs: runs ?? inProcessMonthRuns(ctx, { retryDelayMs: 10 }),
  };
}

/** Records open appeals on the month's record as the appeal repository does (w3's part; not built here). */
async function setOpenAppeals(month: string, open: Record<string, string>): Promise<void> {
  await stack.storage.doc.send(
    new UpdateCommand({
      TableName: stack.storage.tableName,
      Key: keys.month(month),
      UpdateExpression: 'SET openAppeals = :open ADD version :one',
      ExpressionAttributeValues: { ':open': open, ':one': 1 },
    }),
  );
}

describe("a month's status", () => {
  it('reads a month scored before the lifecycle (cards, no record) as provisional, others by their dates', async () => {
    const month = '2024-10';
    const engineer = await stack.engineer();
    const card = scoreEngineerMonth(
      await assembleScoringInput(stack.storage, engineer.id, month, defaultRubric),
      defaultRubric,
    );
    await storeScoreCardRevision(stack.storage, card, 0, scoringTime(month));
    const now = new Date('2024-11-20T00:00:00Z');
    const ctx: AdminContext = { storage: stack.storage, now: () => now, actor: 'test' };
    const legacy = await lifecycle.getMonthLifecycle(ctx, { month });
    expect(legacy).toEqual({
      month,
      state: 'provisional',
      timezone: 'Asia/Shanghai',
      evidenceCloses: '2024-11-02T15:59:00.000Z',
      firstRunAt: null,
      appealDeadline: null,
      appealsOpen: false,
      finalizedAt: null,
      finalizedBy: null,
      // The finalise job's next firing from now (daily from the 10th, 09:00): the 20th.
      scheduledFinalisation: '2024-11-20T01:00:00.000Z',
      reopenedAt: null,
      reopenReason: null,
      openAppeals: [],
    } satisfies MonthLifecycle);
    expect((await lifecycle.getMonthLifecycle(ctx, { month: '2024-09' })).state).toBe('closed');
    expect((await lifecycle.getMonthLifecycle(ctx, { month: '2024-11' })).state).toBe('collecting');
    expect((await lifecycle.getMonthLifecycle(ctx, { month: '2024-12' })).state).toBe('not-begun');
    // The admin API answers the same for the month (its clock is the real one; the record decides here).
    const viaApi = await admin<MonthLifecycle>(stack, 'GET', `/admin/months/${month}`);
    expect(viaApi).toMatchObject({ month, state: 'provisional', firstRunAt: null, openAppeals: [] });
    await expect(lifecycle.getMonthLifecycle(ctx, { month: '2024-13' })).rejects.toBeInstanceOf(
      ValidationError,
    );

    // Such a month is finalised like any provisional one: its record is made then.
    const finalized = await lifecycle.finalize(managerAt(month, 7), { month });
    expect(finalized).toMatchObject({ outcome: 'finalized', run: { summary: 'sent' } });
    expect(await findMonthRecord(stack.storage, month)).toMatchObject({
      state: 'final',
      firstRunAt: null,
      appealDeadline: null,
      finalizedBy: '王敏',
    });
    await expect(runMonth(pipelineAt(month, 8), { month })).rejects.toBeInstanceOf(MonthFinalError);
  });
});

describe('the first run and a final month', () => {
  it('records the first run and its appeal deadline once; refuses any run of a final month (exit 2), sending nothing', async () => {
    const month = '2025-02';
    await stack.engineer({ language: 'en' });
    await runMonth(pipelineAt(month), { month, retryDelayMs: 10 });
    const first = await findMonthRecord(stack.storage, month);
    expect(first).toMatchObject({
      state: 'provisional',
      firstRunAt: scoringTime(month).toISOString(),
      // appealDays (7) after the first run.
      appealDeadline: new Date(scoringTime(month).getTime() + 7 * DAY).toISOString(),
      openAppeals: {},
    });
    // A later run leaves it as it was.
    await runMonth(pipelineAt(month, 2), { month, retryDelayMs: 10 });
    expect(await findMonthRecord(stack.storage, month)).toEqual(first);
    const status = await lifecycle.getMonthLifecycle(managerAt(month, 2), { month });
    expect(status).toMatchObject({ state: 'provisional', appealsOpen: true });
    expect((await lifecycle.getMonthLifecycle(managerAt(month, 8), { month })).appealsOpen).toBe(false);

    await lifecycle.finalize(managerAt(month, 7), { month });
    const before = (await sent()).length;
    const run = (await findRunDispatch(stack.storage, month))!.runId;
    const refused = runMonth(pipelineAt(month, 8), { month, retryDelayMs: 10 });
    await expect(refused).rejects.toBeInstanceOf(MonthFinalError);
    await expect(refused).rejects.toThrow(`${month} is final since 2025-03-10 09:00 (Asia/Shanghai)`);
    expect(describeError(await refused.catch((e: unknown) => e)).exitCode).toBe(2);
    // The admin API's run and the dispatcher Lambda by hand are refused the same way, before anything is queued.
    await expect(lifecycle.runScoring(managerAt(month, 8), { month })).rejects.toBeInstanceOf(
      MonthFinalError,
    );
    await expect(dispatchHandler({ month })).rejects.toBeInstanceOf(MonthFinalError);
    expect((await findRunDispatch(stack.storage, month))!.runId).toBe(run);
    expect(await sent()).toHaveLength(before);
    // A dry run stores and sends nothing, so it may still compare a final month's cards.
    const dry = await runMonth(pipelineAt(month, 8), { month, dryRun: true });
    expect(dry.changed).toBe(0);
  });
});

describe('finalising', () => {
  it('re-scores, sends a revised report only for the card that changed and ONE final summary; then refuses', async () => {
    const month = '2025-03';
    const changed = await stack.engineer({ language: 'en', name: 'Changed Engineer' });
    const same = await stack.engineer({ name: '李四' });
    await runMonth(pipelineAt(month), { month, retryDelayMs: 10 });
    await admin(stack, 'PUT', '/admin/exam-scores', { engineerId: changed.id, month, score: 91 });
    const before = (await sent()).length;

    const outcome = await lifecycle.finalize(managerAt(month, 7), { month });
    expect(outcome).toMatchObject({
      month,
      outcome: 'finalized',
      finalizedAt: new Date(scoringTime(month).getTime() + 7 * DAY).toISOString(),
      finalizedBy: '王敏',
      run: { mode: 'in-process', final: true, emailed: 1, parked: [], summary: 'sent' },
    });
    const emails = await sentSince(before);
    const toChanged = emails.filter((e) => e.to.includes(changed.email));
    expect(toChanged).toHaveLength(1);
    expect(toChanged[0]!.subject).toMatch(/^\[Revised\] /);
    expect(emails.filter((e) => e.to.includes(same.email))).toEqual([]);
    const summaries = finalSummaries(emails, month);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.text).toContain('最终汇总');
    expect(summaries[0]!.html).toContain('data-final="true"');
    expect(summaries[0]!.text).toContain('Changed Engineer');
    // Exactly: the one revised report and the one final summary.
    expect(emails).toHaveLength(2);

    const record = await findMonthRecord(stack.storage, month);
    expect(record).toMatchObject({ state: 'final', finalizedBy: '王敏' });
    const audit = await listAuditOfMonth(stack.storage, month);
    expect(audit.filter((a) => a.action === 'finalized')).toMatchObject([
      { actor: '王敏', item: { kind: 'month', id: month } },
    ]);
    const status = await lifecycle.getMonthLifecycle(managerAt(month, 8), { month });
    expect(status).toMatchObject({
      state: 'final',
      finalizedBy: '王敏',
      scheduledFinalisation: null,
      appealsOpen: false,
    });

    const again = lifecycle.finalize(managerAt(month, 8), { month });
    await expect(again).rejects.toBeInstanceOf(MonthFinalError);
    await expect(again).rejects.toThrow(`${month} is final since 2025-04-10 09:00 (Asia/Shanghai)`);
    expect(await sentSince(before)).toHaveLength(2);
  });

  it('completes a finalisation that stopped after the transition when asked again past its lease, and only then refuses', async () => {
    const month = '2025-04';
    await stack.engineer();
    await runMonth(pipelineAt(month), { month, retryDelayMs: 10 });
    const before = (await sent()).length;
    // The process dies between the transition and the final run.
    const crashing: MonthRuns = {
      run: async () => {
        throw new Error('process killed');
      },
    };
    await expect(lifecycle.finalize(managerAt(month, 7, '王敏', crashing), { month })).rejects.toThrow(
      'process killed',
    );
    expect((await findMonthRecord(stack.storage, month))!.state).toBe('final');
    expect(await sentSince(before)).toEqual([]);

    // Asked again at once, it may still be under way (another process's): refused rather than doubled.
    await expect(
      lifecycle.finalize(managerAt(month, 7 + 1 / 1440, '李娜'), { month }),
    ).rejects.toBeInstanceOf(MonthFinalError);
    expect(await sentSince(before)).toEqual([]);
    // Past the lease (FINALISATION_LEASE_MS) it has stopped: finalising again completes it.
    const completed = await lifecycle.finalize(managerAt(month, 7 + 10 / 1440, '李娜'), { month });
    // The month was finalised by the first call; this one completed its final run.
    expect(completed).toMatchObject({ outcome: 'completed', finalizedBy: '王敏', run: { summary: 'sent' } });
    expect(finalSummaries(await sentSince(before), month)).toHaveLength(1);
    await expect(lifecycle.finalize(managerAt(month, 8), { month })).rejects.toBeInstanceOf(MonthFinalError);
    expect(finalSummaries(await sentSince(before), month)).toHaveLength(1);
    expect(
      (await listAuditOfMonth(stack.storage, month)).filter((a) => a.action === 'finalized'),
    ).toHaveLength(1);
  });

  it('runs no final run for a month reopened between its transition and its final run: it is provisional', async () => {
    const month = '2026-02';
    await stack.engineer();
    await runMonth(pipelineAt(month), { month, retryDelayMs: 10 });
    const before = (await sent()).length;
    const ctx = pipelineAt(month, 7);
    const real = inProcessMonthRuns(ctx, { retryDelayMs: 10 });
    // Another admin reopens the month just as this finalise is about to start its final run.
    const reopenedFirst: MonthRuns = {
      run: async (m, options) => {
        await lifecycle.reopen(managerAt(month, 7, '李娜'), { month: m, reason: 'wrong exam' });
        return real.run(m, options);
      },
    };
    const outcome = await lifecycle.finalize(managerAt(month, 7, '王敏', reopenedFirst), { month });
    expect(outcome).toMatchObject({
      outcome: 'finalized',
      run: null,
      note: `${month} was reopened before its final run; it is provisional`,
    });
    expect((await findMonthRecord(stack.storage, month))!.state).toBe('provisional');
    expect(await sentSince(before)).toEqual([]);
  });

  it('decides again when DynamoDB answers its transition with a transaction conflict, and finalises', async () => {
    const month = '2026-03';
    await stack.engineer();
    await runMonth(pipelineAt(month), { month, retryDelayMs: 10 });
    // The fault DynamoDB gives a transaction that meets another one writing the same item at that moment.
    let injected = 0;
    const doc = stack.storage.doc;
    const conflicting = new Proxy(doc, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return (command: Parameters<typeof doc.send>[0]) => {
          if (command instanceof TransactWriteCommand && injected++ === 0) {
            throw new TransactionCanceledException({
              message: 'Transaction cancelled',
              $metadata: {},
              CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
            });
          }
          return target.send(command);
        };
      },
    });
    const manager = { ...managerAt(month, 7), storage: { ...stack.storage, doc: conflicting } };
    const outcome = await lifecycle.finalize(manager, { month });
    expect(injected).toBeGreaterThan(1);
    expect(outcome).toMatchObject({ outcome: 'finalized', run: { summary: 'sent' } });
    expect((await findMonthRecord(stack.storage, month))!.state).toBe('final');
  });

  it('is done once its final run had nobody to score: a second finalise is refused', async () => {
    // Every engineer of this table started in 2020: a month of 2019 is nobody's.
    const month = '2019-06';
    await runMonth(pipelineAt(month), { month });
    const finalized = await lifecycle.finalize(managerAt(month, 7), { month });
    expect(finalized).toMatchObject({ outcome: 'finalized', run: { engineers: 0 } });
    await expect(lifecycle.finalize(managerAt(month, 8), { month })).rejects.toBeInstanceOf(MonthFinalError);
  });

  it('is refused for a month not scored yet, and for one with open appeals, naming them', async () => {
    const collecting = lifecycle.finalize(managerAt('2025-05', -20), { month: '2025-05' });
    await expect(collecting).rejects.toBeInstanceOf(MonthStateError);
    await expect(collecting).rejects.toThrow('2025-05 has not been scored yet (collecting)');
    // Closed but never run: nothing to finalise either, and no record is made.
    await expect(lifecycle.finalize(managerAt('2025-05'), { month: '2025-05' })).rejects.toThrow(
      '2025-05 has not been scored yet (closed)',
    );
    expect(await findMonthRecord(stack.storage, '2025-05')).toBeUndefined();

    const month = '2025-06';
    const engineer = await stack.engineer();
    await runMonth(pipelineAt(month), { month, retryDelayMs: 10 });
    await setOpenAppeals(month, { [engineer.id]: 'appeal-1' });
    const before = (await sent()).length;
    const held = lifecycle.finalize(managerAt(month, 7), { month });
    await expect(held).rejects.toBeInstanceOf(MonthStateError);
    await expect(held).rejects.toThrow(
      `${month} has open appeals, resolve them first: ${engineer.id} (appeal-1)`,
    );
    expect((await findMonthRecord(stack.storage, month))!.state).toBe('provisional');
    expect(await sentSince(before)).toEqual([]);
    const status = await lifecycle.getMonthLifecycle(managerAt(month, 7), { month });
    expect(status.openAppeals).toEqual([{ engineerId: engineer.id, appealId: 'appeal-1' }]);
  });
});

describe('the finalise job', () => {
  it('leaves a month with open appeals provisional and names them to the manager once per set; finalises later', async () => {
    const month = '2025-07';
    const engineer = await stack.engineer({ name: '赵六' });
    await runMonth(pipelineAt(month), { month, retryDelayMs: 10 });
    await setOpenAppeals(month, { [engineer.id]: 'appeal-7' });
    const before = (await sent()).length;
    const job = (days: number) => {
      const ctx = pipelineAt(month, days);
      return finalizeJob(ctx, month, inProcessMonthRuns(ctx, { retryDelayMs: 10 }));
    };

    expect(await job(7)).toEqual({
      job: 'held',
      month,
      openAppeals: [{ engineerId: engineer.id, appealId: 'appeal-7' }],
      notice: 'sent',
    });
    const notices = (await sentSince(before)).filter((e) => e.to.includes(MANAGER));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe(`${formatMonth(month, 'zh-CN')} 尚有未处理的申诉，暂未定稿`);
    expect(notices[0]!.text).toContain(`赵六（${engineer.id}）：申诉 appeal-7`);
    // The next day, the same set: no second notice.
    expect(await job(8)).toMatchObject({ job: 'held', notice: 'already' });
    expect(await sentSince(before)).toHaveLength(1);

    await setOpenAppeals(month, {});
    expect(await job(9)).toMatchObject({
      job: 'finalized',
      outcome: 'finalized',
      finalizedBy: FINALIZE_JOB_ACTOR,
    });
    expect(finalSummaries(await sentSince(before), month)).toHaveLength(1);
    expect(await job(10)).toEqual({ job: 'already final', month });
    expect(await sentSince(before)).toHaveLength(2);
    // Not scored at all: nothing to do.
    const unscored = pipelineAt('2025-08');
    expect(await finalizeJob(unscored, '2025-08', inProcessMonthRuns(unscored))).toEqual({
      job: 'not scored',
      month: '2025-08',
      state: 'closed',
    });
  });
});

describe('the finalise job after a late first run', () => {
  it('keeps the appeals open to their deadline: no finalisation, no email until a firing past it', async () => {
    const month = '2024-08';
    await stack.engineer({ name: '钱七' });
    // The first run on the 12th (nine days after the scheduled one): appeals open until the 19th.
    await runMonth(pipelineAt(month, 9), { month, retryDelayMs: 10 });
    const job = (days: number) => {
      const ctx = pipelineAt(month, days);
      return finalizeJob(ctx, month, inProcessMonthRuns(ctx, { retryDelayMs: 10 }));
    };
    const record = await findMonthRecord(stack.storage, month);
    const before = (await sent()).length;
    for (const day of [10, 15]) {
      expect(await job(day)).toEqual({ job: 'appeals open', month, until: record!.appealDeadline });
    }
    expect(await sentSince(before)).toHaveLength(0);
    const open = await lifecycle.getMonthLifecycle(managerAt(month, 10), { month });
    expect(open).toMatchObject({ state: 'provisional', appealsOpen: true });
    // The job's first firing past the deadline: the 19th (09:00, the deadline's own time).
    expect(open.scheduledFinalisation).toBe(new Date(Date.parse(record!.appealDeadline!)).toISOString());
    expect(await job(16)).toMatchObject({ job: 'finalized', outcome: 'finalized' });
    expect(finalSummaries(await sentSince(before), month)).toHaveLength(1);
  });
});

describe('reopening', () => {
  it('needs a reason and a final month; goes back to provisional, recorded; the next run sends revised reports', async () => {
    const month = '2025-09';
    const engineer = await stack.engineer({ language: 'en' });
    await runMonth(pipelineAt(month), { month, retryDelayMs: 10 });
    const notFinal = lifecycle.reopen(managerAt(month, 1), { month, reason: 'x' });
    await expect(notFinal).rejects.toBeInstanceOf(MonthStateError);
    await expect(notFinal).rejects.toThrow(`${month} is not final (provisional); there is nothing to reopen`);
    await lifecycle.finalize(managerAt(month, 7), { month });
    const noReason = lifecycle.reopen(managerAt(month, 8), { month, reason: '  ' });
    await expect(noReason).rejects.toBeInstanceOf(ValidationError);
    await expect(noReason).rejects.toMatchObject({ problems: [{ path: 'reason' }] });

    const reopened = await lifecycle.reopen(managerAt(month, 8, '李娜'), { month, reason: 'exam re-marked' });
    expect(reopened).toMatchObject({
      state: 'provisional',
      reopenedBy: '李娜',
      reopenReason: 'exam re-marked',
    });
    const audit = await listAuditOfMonth(stack.storage, month);
    expect(audit.map((a) => a.action)).toEqual(['finalized', 'reopened']);
    expect(audit[1]).toMatchObject({ actor: '李娜', reason: 'exam re-marked' });
    expect(await lifecycle.getMonthLifecycle(managerAt(month, 8), { month })).toMatchObject({
      state: 'provisional',
      reopenedAt: new Date(scoringTime(month).getTime() + 8 * DAY).toISOString(),
      reopenReason: 'exam re-marked',
    });

    await admin(stack, 'PUT', '/admin/exam-scores', { engineerId: engineer.id, month, score: 55 });
    const before = (await sent()).length;
    const run = await lifecycle.runScoring(managerAt(month, 9), { month });
    expect(run).toMatchObject({ mode: 'in-process', final: false, emailed: 1 });
    const revised = (await sentSince(before)).filter((e) => e.to.includes(engineer.email));
    expect(revised).toHaveLength(1);
    expect(revised[0]!.subject).toMatch(/^\[Revised\] /);
    expect((await findLatestScoreCard(stack.storage, engineer.id, month))!.revision).toBe(2);
  });
});

describe('two managers at once (separate clients)', () => {
  /** Two clients with their connections open, so neither racer starts a request later than the other. */
  const clients = async (month: string) => {
    const made = [1, 2].map(() =>
      createStorage({ tableName: stack.storage.tableName, endpoint: stack.dynamoEndpoint }),
    );
    await Promise.all(made.map((s) => findMonthRecord(s, month)));
    return made;
  };

  it('two finalises: exactly one makes the month final, the other is refused; one final summary', async () => {
    const month = '2025-10';
    await stack.engineer();
    await runMonth(pipelineAt(month), { month, retryDelayMs: 10 });
    const before = (await sent()).length;
    const [a, b] = await clients(month);
    try {
      const manager = (storage: Storage, actor: string): AdminContext => {
        const ctx = pipelineAt(month, 7, storage);
        return { storage, now: ctx.now, actor, runs: inProcessMonthRuns(ctx, { retryDelayMs: 10 }) };
      };
      const results = await Promise.allSettled([
        lifecycle.finalize(manager(a!, '王敏'), { month }),
        lifecycle.finalize(manager(b!, '李娜'), { month }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(MonthFinalError);
      const winner = (won[0] as PromiseFulfilledResult<{ finalizedBy: string }>).value.finalizedBy;
      expect((await findMonthRecord(stack.storage, month))!.finalizedBy).toBe(winner);
      const audit = await listAuditOfMonth(stack.storage, month);
      expect(audit.map((e) => [e.action, e.actor])).toEqual([['finalized', winner]]);
      expect(finalSummaries(await sentSince(before), month)).toHaveLength(1);
    } finally {
      for (const s of [a, b]) s!.doc.destroy();
    }
  });

  it('finalise racing reopen: the record and its record of changes agree, and a final month has its one summary', async () => {
    const month = '2025-11';
    await stack.engineer();
    await runMonth(pipelineAt(month), { month, retryDelayMs: 10 });
    await lifecycle.finalize(managerAt(month, 7), { month });
    // The record of changes is ordered by time: each change a minute after the one before.
    const MINUTE = 1 / (24 * 60);
    await lifecycle.reopen(managerAt(month, 7 + MINUTE), { month, reason: 'correction' });
    const before = (await sent()).length;
    const [a, b] = await clients(month);
    try {
      const at = pipelineAt(month, 8, a);
      const later = pipelineAt(month, 8 + MINUTE, b);
      const results = await Promise.allSettled([
        lifecycle.finalize(
          { storage: a!, now: at.now, actor: '王敏', runs: inProcessMonthRuns(at, { retryDelayMs: 10 }) },
          { month },
        ),
        lifecycle.reopen(
          { storage: b!, now: later.now, actor: '李娜' },
          { month, reason: 'late correction' },
        ),
      ]);
      expect(results[0].status).toBe('fulfilled');
      const record = (await findMonthRecord(stack.storage, month))!;
      const audit = await listAuditOfMonth(stack.storage, month);
      // The last entry of the record of changes is the state the record is in, version for version.
      expect(audit.at(-1)!.after).toMatchObject({ state: record.state, version: record.version });
      const expected =
        results[1].status === 'fulfilled'
          ? ['finalized', 'reopened', 'finalized', 'reopened']
          : ['finalized', 'reopened', 'finalized'];
      expect(audit.map((e) => e.action)).toEqual(expected);
      // One entry per version, none lost or doubled.
      const versions = audit.map((e) => (e.after as { version: number }).version);
      expect(versions).toEqual(expected.map((_, k) => versions[0]! + k));
      expect(record.state).toBe(results[1].status === 'fulfilled' ? 'provisional' : 'final');
      // At most one final summary for this finalisation, exactly one when the month stayed final.
      const summaries = finalSummaries(await sentSince(before), month);
      if (record.state === 'final') expect(summaries).toHaveLength(1);
      else expect(summaries.length).toBeLessThanOrEqual(1);
    } finally {
      for (const s of [a, b]) s!.doc.destroy();
    }
  });
});

describe('through the admin API and `kpi month`', () => {
  const ROOT = join(import.meta.dirname, '../../..');
  const scratch = mkdtempSync(join(tmpdir(), 'kpi-month-'));
  const kpi = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'cli/kpi.ts', ...args, '--api', stack.url, '--token', stack.adminToken],
        { cwd: ROOT, env: { ...process.env, DATA_DIR: scratch, NODE_NO_WARNINGS: '1' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  beforeAll(() => {
    // What `npm start` wires: the admin API runs months in this process.
    installMonthRuns(
      inProcessMonthRuns(testContext(stack.storage, sesHarness.client, stack.url), { retryDelayMs: 10 }),
    );
  });
  afterAll(() => installMonthRuns(undefined));

  it('runs, shows, finalises and reopens a month; refuses a second finalise, a run of a final month and a reopen without a reason', async () => {
    // A month long past on the real clock the admin API uses: closed whenever this runs.
    const month = '2025-12';
    await stack.engineer();
    const run = await admin(stack, 'POST', `/admin/months/${month}/run`, {});
    expect(run).toMatchObject({ mode: 'in-process', month, final: false, parked: [], summary: 'sent' });

    const status = await kpi('month', 'status', month);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^month ${month}: provisional\\n`));
    expect(status.stdout).toMatch(/evidence closed\s+2026-01-02 23:59 \(Asia\/Shanghai\)/);
    const json = await kpi('month', 'status', month, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ month, state: 'provisional', openAppeals: [] });

    const finalized = await kpi('month', 'finalize', month);
    expect(finalized.code).toBe(0);
    expect(JSON.parse(finalized.stdout)).toMatchObject({
      month,
      outcome: 'finalized',
      run: { mode: 'in-process', final: true, summary: 'sent' },
    });
    const again = await kpi('month', 'finalize', month);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      new RegExp(
        `^error: ${month} is final since .+ \\(Asia/Shanghai\\); an admin must reopen it to change it\\n$`,
      ),
    );

    const runFinal = await fetch(`${stack.url}/admin/months/${month}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(runFinal.status).toBe(409);
    expect(((await runFinal.json()) as { error: string }).error).toMatch(
      new RegExp(`^${month} is final since `),
    );

    const noReason = await kpi('month', 'reopen', month);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason');
    const reopened = await kpi('month', 'reopen', month, '--reason', 'late exam result');
    expect(reopened.code).toBe(0);
    expect(JSON.parse(reopened.stdout)).toMatchObject({
      state: 'provisional',
      reopenReason: 'late exam result',
    });
    expect((await findMonthRecord(stack.storage, month))!.state).toBe('provisional');
  });
});

describe('the finalise job on AWS (the dispatcher Lambda and the scoring workers)', () => {
  it('takes {"action":"finalize"} for the month before the scheduled time, queues the final run, and the worker that completes it sends the final summary once', async () => {
    expect(() => parseDispatcherEvent({ action: 'finalize', month: '2025-13' })).toThrow(ValidationError);
    // The deployed handler takes the event by hand; a month never scored has nothing to finalise.
    expect(await dispatchHandler({ action: 'finalize', month: '2024-05' })).toEqual({
      job: 'not scored',
      month: '2024-05',
      state: 'closed',
    });
    const month = '2026-01';
    await stack.engineer();
    await runMonth(pipelineAt(month), { month, retryDelayMs: 10 });
    const before = (await sent()).length;
    const queued: ScoringMessage[] = [];
    const queue: ScoringQueue = { send: async (messages) => void queued.push(...messages) };
    // The schedule fires on 10 February, 09:00 Shanghai: the job works on January.
    const event = parseDispatcherEvent({ action: 'finalize', scheduledTime: '2026-02-10T01:00:00Z' });
    if (!isFinalizeEvent(event)) throw new Error('not read as the finalise job');
    const ctx = pipelineAt(month, 7);
    const result = await finalizeJobOfEvent(ctx, event, queue);
    expect(result).toMatchObject({
      job: 'finalized',
      month,
      outcome: 'finalized',
      run: { mode: 'dispatched', final: true },
    });
    const record = (await findMonthRecord(stack.storage, month))!;
    expect(record.state).toBe('final');
    expect((await findRunDispatch(stack.storage, month))!.final).toBe(record.version);
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.length).toBe((result as { run: { dispatched: number } }).run.dispatched);
    // Nothing is sent until the workers have scored every engineer of the final run.
    expect(await sentSince(before)).toEqual([]);
    for (const message of queued) await processScoringMessage(ctx, message, { final: false });
    expect(finalSummaries(await sentSince(before), month)).toHaveLength(1);
    // A redelivered message sends nothing more.
    await processScoringMessage(ctx, queued[0]!, { final: false });
    expect(await sentSince(before)).toHaveLength(1);
  });
});
