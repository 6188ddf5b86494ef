// Revisions that say what changed, through the monthly run on DynamoDB Local and the SES v2 stand-in: after a
// first run, a manager sets an exam score and dismisses a complaint (the repositories record each change in the
// record of changes, in the same transaction); the re-run's revised reports name their revision and list each
// changed indicator old → new with why, in the engineer's language, the revised team summary lists who changed
// old → new total, and a run with nothing changed sends nothing — all read back from the stand-in.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRevisions } from '../../../cli/commands/admin.ts';
import { cardRevisions } from '../../../shared/admin/revisions.ts';
import type { Complaint } from '../../../shared/domain/facts.ts';
import { mailConfig } from '../../../shared/mail/config.ts';
import { type PipelineContext, pipelineContext } from '../../../shared/pipeline/context.ts';
import { runMonth } from '../../../shared/pipeline/runMonth.ts';
import type { AuditRecord } from '../../../shared/storage/audit.ts';
import { createEngineer } from '../../../shared/storage/engineers.ts';
import {
  createComplaint,
  decideComplaint,
  putExamScore,
  putOverride,
} from '../../../shared/storage/facts.ts';
import { writeMonthChange } from '../../../shared/storage/months.ts';
import { findLatestScoreCard } from '../../../shared/storage/scoreCards.ts';
import { useDynamoDb } from '../../support/dynamo.ts';
import { putTestOrganisation, testEngineer } from '../../support/fixtures.ts';
import { readSentEmails, type SentEmail, useSesLocal } from '../../support/ses.ts';
import { uniqueId } from '../../support/stack.ts';

// A provisional report carries its signed appeal link: the run needs the link key, as the scoring worker has it.
process.env.LINK_KEY ??= randomBytes(32).toString('base64url');
const dynamo = useDynamoDb();
const sesHarness = useSesLocal();
const MONTH = '2026-10';
const MANAGER = `${uniqueId('dept')}@example.com`;

/** The pipeline with its clock fixed at `iso`. */
function at(iso: string): PipelineContext {
  return pipelineContext({
    storage: dynamo.storage,
    ses: sesHarness.client,
    mail: mailConfig({ from: 'KPI <kpi@example.com>' }),
    now: () => new Date(iso),
    publicBaseUrl: 'http://127.0.0.1:1',
  });
}
const run = (iso: string) => runMonth(at(iso), { month: MONTH, retryDelayMs: 50 });

const alice = testEngineer(uniqueId('e'), { name: 'Alice Smith', language: 'en' });
const zhang = testEngineer(uniqueId('e'), { name: '张三', language: 'zh-CN' });
const complaint: Complaint = {
  id: uniqueId('c'),
  engineerId: zhang.id,
  date: '2026-10-09',
  text: '响应慢',
  status: 'confirmed',
  decidedBy: '王敏',
  decidedAt: '2026-10-12T02:00:00.000Z',
  createdAt: '2026-10-10T02:00:00.000Z',
};

let emails: SentEmail[] = [];
const mine = (address: string) => emails.filter((e) => e.to.includes(address.toLowerCase()));
async function sentDuring(work: () => Promise<unknown>): Promise<SentEmail[]> {
  const before = (await readSentEmails(sesHarness.ses.url)).length;
  await work();
  emails = (await readSentEmails(sesHarness.ses.url)).slice(before);
  return emails;
}

/** Who made a manager's change, and when. */
const by = (at: string) => ({ actor: '王敏', at });

/** An appeal's entry in the record of changes (the appeal items themselves are another part's). */
async function record(entry: Omit<AuditRecord, 'month' | 'actor'>) {
  await writeMonthChange(dynamo.storage, {
    months: [MONTH],
    items: [],
    audit: [{ month: MONTH, actor: '王敏', ...entry }],
  });
}

describe('a revised month', () => {
  beforeAll(async () => {
    await putTestOrganisation(dynamo.storage, MANAGER);
    for (const e of [alice, zhang]) await createEngineer(dynamo.storage, e);
    await putExamScore(
      dynamo.storage,
      { engineerId: alice.id, month: MONTH, score: 64, by: '王敏', at: '2026-10-30T02:00:00.000Z' },
      by('2026-10-30T02:00:00.000Z'),
    );
    await createComplaint(dynamo.storage, complaint, by(complaint.createdAt));
    // The first run, on the 3rd: one report each and the summary, none of them revised.
    const first = await sentDuring(() => run('2026-11-03T01:00:00.000Z'));
    expect(first).toHaveLength(3);
    expect(first.every((e) => !e.subject.includes('Revised') && !e.subject.includes('修订'))).toBe(true);
  });

  it('re-sends each changed card naming its revision, each changed indicator old → new and why', async () => {
    const [aliceBefore, zhangBefore] = await Promise.all([
      findLatestScoreCard(dynamo.storage, alice.id, MONTH),
      findLatestScoreCard(dynamo.storage, zhang.id, MONTH),
    ]);
    expect(aliceBefore?.changes).toBeUndefined();

    const exam = {
      engineerId: alice.id,
      month: MONTH,
      score: 91,
      by: '王敏',
      at: '2026-11-05T02:00:00.000Z',
    };
    await putExamScore(dynamo.storage, exam, by(exam.at));
    await decideComplaint(
      dynamo.storage,
      complaint,
      { status: 'dismissed', by: '王敏', at: '2026-11-05T03:00:00.000Z' },
      by('2026-11-05T03:00:00.000Z'),
    );

    await sentDuring(() => run('2026-11-06T01:00:00.000Z'));
    const [aliceAfter, zhangAfter] = await Promise.all([
      findLatestScoreCard(dynamo.storage, alice.id, MONTH),
      findLatestScoreCard(dynamo.storage, zhang.id, MONTH),
    ]);
    const points = (card: typeof aliceAfter, key: string) =>
      card!.card.indicators.find((i) => i.key === key)!.points;

    // Alice (en): the learning indicator's old and new points, the exam score, who set it and when.
    const [report] = mine(alice.email);
    expect(mine(alice.email)).toHaveLength(1);
    expect(report!.subject).toBe(
      `[Revised] Your KPI report for October 2026: ${aliceAfter!.card.total} of 107`,
    );
    const learning = `Learning and knowledge sharing ${points(aliceBefore, 'learning')} → ${points(aliceAfter, 'learning')}`;
    const why = 'exam score 64 → 91 set by 王敏 on 2026-11-05';
    for (const part of [report!.html, report!.text]) {
      expect(part).toContain('revision 2');
      expect(part).toContain('What changed since revision 1');
      expect(part).toContain(`Total ${aliceBefore!.card.total} → ${aliceAfter!.card.total}`);
      expect(part).toContain(learning);
      expect(part).toContain(why);
    }
    // Only the indicator that moved is listed.
    expect([...report!.html.matchAll(/data-changed="(\w+)"/g)].map((m) => m[1])).toEqual(['learning']);
    expect(aliceAfter!.changes).toMatchObject({
      previousRevision: 1,
      indicators: [{ indicator: 'learning' }],
    });

    // 张三 (zh-CN): the complaint dismissed, by whom and when, in Chinese.
    const [zh] = mine(zhang.email);
    expect(mine(zhang.email)).toHaveLength(1);
    expect(zh!.subject).toMatch(/^【修订】2026年10月 绩效考核结果/);
    for (const part of [zh!.html, zh!.text]) {
      expect(part).toContain('第 2 版');
      expect(part).toContain(
        `客户投诉次数 ${points(zhangBefore, 'complaints')} → ${points(zhangAfter, 'complaints')}`,
      );
      expect(part).toContain('2026-10-09 的投诉，由 王敏 于 2026-11-05 驳回');
    }

    // The revised summary: who changed, the total the last summary showed → the total now.
    const [summary] = mine(MANAGER);
    expect(mine(MANAGER)).toHaveLength(1);
    expect(summary!.subject).toBe('【修订】2026年10月 团队绩效汇总');
    for (const part of [summary!.html, summary!.text]) {
      expect(part).toContain('与上次汇总相比的变化');
      expect(part).toContain(
        `Alice Smith：${aliceBefore!.card.total} → ${aliceAfter!.card.total}（第 2 版）`,
      );
      expect(part).toContain(`张三：${zhangBefore!.card.total} → ${zhangAfter!.card.total}（第 2 版）`);
    }
    expect(emails).toHaveLength(3);
  });

  it('`kpi month revisions` lists each revision with the same changes and reasons as the email', async () => {
    const revisions = await cardRevisions(
      { storage: dynamo.storage, now: () => new Date('2026-11-06T02:00:00Z'), actor: 'test' },
      { engineerId: alice.id, month: MONTH },
    );
    expect(revisions.map((r) => r.revision)).toEqual([1, 2]);
    const [first, second] = revisions;
    const shown = renderRevisions(revisions, 'en').split('\n');
    expect(shown[0]).toBe(`r1  ${first!.createdAt}  ${first!.total}`);
    expect(shown.slice(1, 5)).toEqual([
      `r2  ${second!.createdAt}  ${second!.total}`,
      `  What changed since revision 1: Total ${first!.total} → ${second!.total}`,
      `    Learning and knowledge sharing ${first!.points.learning} → ${second!.points.learning}`,
      '      exam score 64 → 91 set by 王敏 on 2026-11-05',
    ]);
  });

  it('sends nothing when the month is run again with nothing changed', async () => {
    const sent = await sentDuring(() => run('2026-11-07T01:00:00.000Z'));
    expect(sent).toEqual([]);
    expect((await findLatestScoreCard(dynamo.storage, alice.id, MONTH))!.revision).toBe(2);
  });

  it('an override answering an appeal: only that engineer is re-sent and listed, with the reason', async () => {
    const before = await findLatestScoreCard(dynamo.storage, alice.id, MONTH);
    await record({
      engineerId: alice.id,
      at: '2026-11-07T02:00:00.000Z',
      action: 'appealed',
      item: { kind: 'appeal', id: 'ap-1' },
      before: null,
      after: { id: 'ap-1', indicators: ['dailyReport'], filedAt: '2026-11-07T02:00:00.000Z' },
    });
    const override = {
      engineerId: alice.id,
      month: MONTH,
      indicator: 'dailyReport' as const,
      points: 8,
      reason: 'appeal ap-1: the report tool was down all month',
      by: '王敏',
      at: '2026-11-08T02:00:00.000Z',
    };
    await putOverride(dynamo.storage, override, by(override.at));
    await record({
      engineerId: alice.id,
      at: '2026-11-08T02:05:00.000Z',
      action: 'appeal-upheld',
      item: { kind: 'appeal', id: 'ap-1' },
      before: { id: 'ap-1', indicators: ['dailyReport'], filedAt: '2026-11-07T02:00:00.000Z' },
      after: {
        id: 'ap-1',
        indicators: ['dailyReport'],
        filedAt: '2026-11-07T02:00:00.000Z',
        status: 'upheld',
      },
      reason: 'the report tool was down all month',
    });

    await sentDuring(() => run('2026-11-09T01:00:00.000Z'));
    const after = await findLatestScoreCard(dynamo.storage, alice.id, MONTH);
    expect(after!.revision).toBe(3);
    expect(mine(zhang.email)).toEqual([]);
    const [report] = mine(alice.email);
    expect(report!.subject).toMatch(/^\[Revised\] /);
    for (const part of [report!.html, report!.text]) {
      expect(part).toContain('revision 3');
      expect(part).toContain('What changed since revision 2');
      expect(part).toContain(
        `Daily report ${before!.card.indicators.find((i) => i.key === 'dailyReport')!.points} → 8`,
      );
      expect(part).toContain(
        'points overridden to 8 set by 王敏 on 2026-11-08: the report tool was down all month (answers appeal ap-1)',
      );
      expect(part).toContain(
        'your appeal of 2026-11-07 upheld by 王敏 on 2026-11-08: the report tool was down all month',
      );
    }
    // The summary lists Alice (revision 2 → 3), not 张三, whose card did not change.
    const [summary] = mine(MANAGER);
    expect(summary!.text).toContain(`Alice Smith：${before!.card.total} → ${after!.card.total}（第 3 版）`);
    expect(summary!.text).not.toMatch(/张三：\d+ → /);
    expect(emails).toHaveLength(2);
  });
});
