// "My month" (我的考核) on DynamoDB Local with the clock fixed on Thursday 12 November 2026, 12:30 in Shanghai:
// the engineer's figures so far (missed report days whose deadline has passed, follow-up weeks begun without a
// visit, requests due and not resolved, the count of survey answers), their last reports with what changed,
// and their appeals with outcomes — and nothing of another engineer or of a respondent.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveAppeal } from '../../../shared/admin/appeals.ts';
import type { Appeal } from '../../../shared/domain/appeal.ts';
import { revisionChanges } from '../../../shared/domain/revision.ts';
import { submitAppealForm } from '../../../shared/forms/appeal.ts';
import { myMonthPage, openMyMonth } from '../../../shared/forms/myMonth.ts';
import { appealLink, dailyReportLink } from '../../../shared/links/links.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { listAppealsOfEngineerMonth } from '../../../shared/storage/appeals.ts';
import { submitDailyReport } from '../../../shared/storage/dailyReports.ts';
import { createEngineer } from '../../../shared/storage/engineers.ts';
import { createSupportRequest } from '../../../shared/storage/facts.ts';
import { recordFirstRun } from '../../../shared/storage/months.ts';
import { putProject } from '../../../shared/storage/projects.ts';
import { putRespondent } from '../../../shared/storage/respondents.ts';
import { storeScoreCardRevision } from '../../../shared/storage/scoreCards.ts';
import { createInvitation, saveSurveyResponse } from '../../../shared/storage/survey.ts';
import { useDynamoDb } from '../../support/dynamo.ts';
import { putTestOrganisation, testEngineer } from '../../support/fixtures.ts';
import { uniqueId } from '../../support/stack.ts';
import { busyMonth, score } from '../../unit/mail/fixtures.ts';

const dynamo = useDynamoDb();
const NOW = new Date('2026-11-12T04:30:00.000Z');
const TZ = 'Asia/Shanghai';
const alice = testEngineer(uniqueId('e'), { name: 'Alice Smith', language: 'en' });
const bob = testEngineer(uniqueId('e'), { name: 'Bob Other', language: 'en' });
let token: string;
let aliceAppeal: Appeal;
let bobAppeal: Appeal;

/** A card of `month` for `engineerId` from a realistic month of evidence (the engine's own output). */
function cardOf(engineerId: string, month: string, exam: number) {
  return { ...score(busyMonth({ exam })), engineerId, month };
}

beforeAll(async () => {
  process.env.LINK_KEY ??= randomBytes(32).toString('base64url');
  const storage = dynamo.storage;
  await putTestOrganisation(storage, 'dept@example.com');
  for (const e of [alice, bob]) await createEngineer(storage, e);
  const at = '2026-01-01T00:00:00.000Z';
  const project = (engineerId: string, name: string) => ({
    id: uniqueId('p'),
    name,
    customer: 'Acme',
    engineerId,
    start: '2020-01-01',
    end: null,
    createdAt: at,
    updatedAt: at,
  });
  const alpha = project(alice.id, 'Alpha rollout');
  await putProject(storage, alpha);
  await putProject(storage, project(bob.id, 'Bob secret project'));

  // Reports of 2, 3, 4 November on time (one logs a visit to Alpha in week 45), 5 November's late.
  const file = (date: string, filedAt: string, followUps: unknown[] = []) =>
    submitDailyReport(storage, {
      engineerId: alice.id,
      input: { date, workDone: 'work', followUps },
      now: new Date(filedAt),
      timezone: TZ,
      employment: alice,
    });
  await file('2026-11-02', '2026-11-02T11:00:00Z');
  await file('2026-11-03', '2026-11-03T11:00:00Z', [{ projectId: alpha.id, note: 'on track' }]);
  await file('2026-11-04', '2026-11-04T11:00:00Z');
  await file('2026-11-05', '2026-11-06T05:00:00Z');

  const request = (engineerId: string, customer: string, resolvedAt: string | null) =>
    createSupportRequest(
      storage,
      {
        id: uniqueId('req'),
        engineerId,
        customer,
        summary: '',
        dueAt: '2026-11-20T10:00:00.000Z',
        resolvedAt,
        independent: true,
        createdAt: at,
        updatedAt: at,
      },
      TZ,
      { actor: '王敏', at: '2026-11-02T02:00:00.000Z' },
    );
  await request(alice.id, 'Initech', null);
  await request(alice.id, 'Globex', '2026-11-10T10:00:00.000Z');
  await request(bob.id, 'Bob secret customer', null);

  // A respondent's answer with a comment: the page may count it, never name it or quote it.
  const respondent = {
    id: uniqueId('r'),
    kind: 'customer-contact' as const,
    name: 'Carol Respondent',
    email: 'carol@example.com',
    language: 'en' as const,
    customer: 'Acme',
    createdAt: at,
    updatedAt: at,
  };
  await putRespondent(storage, respondent);
  for (const engineerId of [alice.id, bob.id]) {
    const { invitation } = await createInvitation(storage, {
      month: '2026-11',
      respondentId: respondent.id,
      engineerId,
      expiresAt: '2026-12-31T00:00:00Z',
      now: new Date('2026-11-01T00:00:00Z'),
    });
    await saveSurveyResponse(storage, {
      invitation,
      answer: {
        ratings: Object.fromEntries(defaultRubric.survey.questions.map((q) => [q.key, 2])),
        comment: 'the secret comment',
      },
      now: new Date('2026-11-10T00:00:00Z'),
    });
  }

  // October: revision 1, then revision 2 after the exam score was set; Bob has a card too.
  const first = cardOf(alice.id, '2026-10', 64);
  const second = cardOf(alice.id, '2026-10', 91);
  await storeScoreCardRevision(storage, first, 0, new Date('2026-11-03T01:00:00Z'));
  await storeScoreCardRevision(
    storage,
    second,
    1,
    new Date('2026-11-05T01:00:00Z'),
    revisionChanges({ previous: first, previousRevision: 1, current: second, changes: [], zone: TZ }),
  );
  await storeScoreCardRevision(storage, cardOf(bob.id, '2026-10', 30), 0, new Date('2026-11-03T01:00:00Z'));
  await storeScoreCardRevision(storage, cardOf(alice.id, '2026-09', 80), 0, new Date('2026-10-03T01:00:00Z'));

  // October's first run left it provisional, appeals open until 10 November. Alice files an appeal from her
  // report's link and the manager upholds it; Bob files his own, still open, with his own reason.
  await recordFirstRun(storage, '2026-10', {
    at: new Date('2026-11-03T01:00:00Z'),
    appealDeadline: new Date('2026-11-10T10:00:00Z'),
    timezone: TZ,
  });
  const fileAppeal = async (engineer: typeof alice, reason: string, at: string) => {
    const { token: appealToken } = await appealLink(
      { engineerId: engineer.id, month: '2026-10', cardRevision: 1 },
      engineer,
      new Date('2026-11-10T10:00:00Z'),
      'http://127.0.0.1:1',
    );
    const form = new URLSearchParams({ indicators: 'learning', reason });
    const page = await submitAppealForm(storage, appealToken, form, 'en', new Date(at));
    expect(page.status).toBe(200);
    const [filed] = await listAppealsOfEngineerMonth(storage, engineer.id, '2026-10');
    return filed!;
  };
  aliceAppeal = await fileAppeal(alice, 'exam missing', '2026-11-04T02:00:00.000Z');
  await resolveAppeal(
    { storage, now: () => new Date('2026-11-05T00:30:00.000Z'), actor: '王敏' },
    { id: aliceAppeal.id, upheld: true, reason: 'the exam score was entered late' },
  );
  bobAppeal = await fileAppeal(bob, 'Bob private reason', '2026-11-04T02:00:00.000Z');

  token = (await dailyReportLink(alice, NOW, 'http://127.0.0.1:1')).token;
});

describe('my month', () => {
  it('gives the engineer’s own figures so far, only what has already happened', async () => {
    const view = await openMyMonth(dynamo.storage, token, NOW);
    expect(view.engineer.id).toBe(alice.id);
    // 5 November was filed late: still missed. 12 November's deadline (13 November 12:00) has not passed.
    expect(view.soFar.missedDays).toEqual([
      '2026-11-05',
      '2026-11-06',
      '2026-11-09',
      '2026-11-10',
      '2026-11-11',
    ]);
    const alpha = view.soFar.openFollowUpWeeks.find((p) => p.project === 'Alpha rollout');
    const weeks = alpha?.weeks.map((w) => w.week) ?? [];
    expect(weeks).toContain('2026-W46');
    expect(weeks).not.toContain('2026-W45');
    expect(weeks).not.toContain('2026-W47');
    expect(view.soFar.openRequests).toEqual([{ customer: 'Initech', dueAt: '2026-11-20T10:00:00.000Z' }]);
    expect(view.soFar.surveyResponses).toBe(1);
    expect(view.reports.map((r) => [r.month, r.revision])).toEqual([
      ['2026-10', 2],
      ['2026-09', 1],
    ]);
    expect(view.appeals).toEqual([
      expect.objectContaining({
        id: aliceAppeal.id,
        engineerId: alice.id,
        month: '2026-10',
        indicators: ['learning'],
        status: 'upheld',
        filedAt: '2026-11-04T02:00:00.000Z',
        resolvedAt: '2026-11-05T00:30:00.000Z',
        outcomeReason: 'the exam score was entered late',
      }),
    ]);
  });

  it('shows the other engineer only their own appeal, still open: filed, no outcome, nothing of Alice’s', async () => {
    const bobToken = (await dailyReportLink(bob, NOW, 'http://127.0.0.1:1')).token;
    const view = await openMyMonth(dynamo.storage, bobToken, NOW);
    expect(view.appeals.map((a) => [a.id, a.status, a.resolvedAt, a.outcomeReason])).toEqual([
      [bobAppeal.id, 'open', undefined, undefined],
    ]);
    const en = (await myMonthPage(dynamo.storage, bobToken, 'en', NOW)).html;
    expect(en).toContain(
      `<span data-filed="${bobAppeal.id}">filed 2026-11-04 10:00</span> · <strong data-state="open">open</strong></li>`,
    );
    expect(en).not.toContain('data-resolved');
    for (const secret of [aliceAppeal.id, 'the exam score was entered late', 'exam missing', 'Alice Smith']) {
      expect(en).not.toContain(secret);
    }
  });

  it('renders them in English and Chinese, without another engineer’s or a respondent’s details', async () => {
    const en = (await myMonthPage(dynamo.storage, token, 'en', NOW)).html;
    expect(en).toContain('<h1>My month</h1>');
    expect(en).toContain('<li data-missed="2026-11-11">2026-11-11</li>');
    expect(en).toContain('Initech · due 2026-11-20 18:00');
    expect(en).toContain('<span data-responses="true">1</span>');
    expect(en).toContain(`<span data-total="2026-10">${cardOf(alice.id, '2026-10', 91).total}</span>`);
    expect(en).toContain('Changed since revision 1:');
    expect(en).toContain('exam score 64 → 91 set');
    // Filed and resolved in the organisation's zone (Shanghai, UTC+8).
    expect(en).toMatch(
      /filed 2026-11-04 10:00<\/span> · <strong data-state="upheld">upheld<\/strong>: the exam score was entered late · <span data-resolved="[^"]+">resolved 2026-11-05 08:30</,
    );
    const zh = (await myMonthPage(dynamo.storage, token, 'zh-CN', NOW)).html;
    expect(zh).toContain('<h1>我的考核</h1>');
    expect(zh).toContain('<span data-responses="true">1 份</span>');
    expect(zh).toContain('申诉成立');
    expect(zh).toContain('处理于 2026-11-05 08:30');
    for (const page of [en, zh]) {
      for (const secret of [
        'Bob Other',
        bob.id,
        'Bob secret project',
        'Bob secret customer',
        'Bob private reason',
        bobAppeal.id,
        'Carol Respondent',
        'carol@example.com',
        'the secret comment',
      ]) {
        expect(page).not.toContain(secret);
      }
    }
  });
});
