// The engineer-month page over HTTP, signed in through the real local provider: the card with its evidence,
// revisions and record of changes; each change previewed (new score, nothing written) and then saved through
// the admin use case with the signed-in user as its author; a viewer sees their region only and changes
// nothing; every POST needs the session's CSRF token; a final month takes no change.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser, LocalProvider } from '../../../local/oidcProvider.ts';
import {
  addComplaint,
  addSuccessStory,
  addSupportRequest,
  setExamScore,
  setOverride,
} from '../../../shared/admin/facts.ts';
import { scorePreview } from '../../../shared/admin/months.ts';
import type { MonthRecord } from '../../../shared/domain/monthRecord.ts';
import type { ScoreCard } from '../../../shared/scoring/scoreCard.ts';
import { listAuditOfEngineerMonth } from '../../../shared/storage/audit.ts';
import { submitDailyReport } from '../../../shared/storage/dailyReports.ts';
import {
  listComplaintsOfMonth,
  listExamScoresOfMonth,
  listOverridesOfMonth,
  listSuccessStoriesOfMonth,
  listSupportRequestsOfMonth,
  listVerdictsOfMonth,
} from '../../../shared/storage/facts.ts';
import { storage as handlerStorage } from '../../../shared/storage/fromConfig.ts';
import { ENTITY, keys } from '../../../shared/storage/keys.ts';
import { finalizeMonthRecord } from '../../../shared/storage/months.ts';
import { storeScoreCardRevision } from '../../../shared/storage/scoreCards.ts';
import { CookieJar, request, signIn, storeCard, useConsoleProvider } from '../../support/console.ts';
import { useStack } from '../../support/stack.ts';
import { answerSurvey } from '../pipeline/support.ts';

const stack = useStack();
const MONTH = '2026-10';
const FINAL_MONTH = '2026-08';
let provider: LocalProvider;
let admin: ConsoleUser;
let viewer: ConsoleUser;
let adminJar: CookieJar;
let north: string;
let east: string;
let complaintId: string;

const seed = () => ({ storage: stack.storage, now: () => new Date(), actor: 'seed@example.com' });
const pageUrl = (engineerId: string, month = MONTH) =>
  `${stack.url}/console/engineers/${engineerId}/months/${month}?lang=en`;
const previewUrl = (engineerId: string, month = MONTH) =>
  `${stack.url}/console/engineers/${engineerId}/months/${month}/preview?lang=en`;
const saveUrl = (engineerId: string, month = MONTH) =>
  `${stack.url}/console/engineers/${engineerId}/months/${month}/changes?lang=en`;

/** One form of every kind of change to an engineer-month of `month`, naming these stored items. */
function everyChange(
  month: string,
  ids: { story: string; complaint: string; request: string },
): Record<string, string>[] {
  return [
    { kind: 'exam-score', score: '80' },
    { kind: 'add-story', date: `${month}-05`, title: '新案例' },
    { kind: 'remove-story', id: ids.story },
    { kind: 'verdict', verdict: 'perfunctory' },
    { kind: 'add-complaint', date: `${month}-06`, text: '新投诉' },
    { kind: 'confirm-complaint', id: ids.complaint },
    { kind: 'dismiss-complaint', id: ids.complaint },
    { kind: 'add-request', customer: '某客户', dueAt: `${month}-07T18:00:00+08:00`, independent: 'false' },
    {
      kind: 'resolve-request',
      id: ids.request,
      resolvedAt: `${month}-07T12:00:00+08:00`,
      independent: 'true',
    },
    { kind: 'override', indicator: 'learning', points: '3', reason: '测试' },
    { kind: 'remove-override', indicator: 'followUp' },
  ];
}

/** The session's anti-CSRF token, as every form of the page carries it. */
async function csrfOf(jar: CookieJar, engineerId = north): Promise<string> {
  const page = await request(jar, pageUrl(engineerId));
  expect(page.status).toBe(200);
  return /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
}

beforeAll(async () => {
  ({ provider, admin, viewer } = await useConsoleProvider(stack.url, { viewerRegion: '华北' }));
  north = (await stack.engineer({ name: '北方工程师', region: '华北' })).id;
  east = (await stack.engineer({ name: '东方工程师', region: '华东' })).id;
  const ctx = seed();
  await addSupportRequest(ctx, {
    engineerId: north,
    customer: '远景客户',
    dueAt: '2026-10-12T18:00:00+08:00',
    resolvedAt: null,
    summary: '网关升级',
  });
  complaintId = (await addComplaint(ctx, { engineerId: north, date: '2026-10-14', text: '回复太慢' })).id;
  await addSuccessStory(ctx, { engineerId: north, date: '2026-10-20', title: '银行上云' });
  await setExamScore(ctx, { engineerId: north, month: MONTH, score: 60 });
  const respondent = await stack.respondent({ name: '王经理' });
  const invitation = await stack.invitation({ month: MONTH, respondentId: respondent.id, engineerId: north });
  expect(await answerSurvey(await stack.surveyUrl(invitation), [5, 4, 5, 4, 5], '很专业')).toBe(200);
  const project = await stack.project(north, { name: '智慧园区' });
  // A report filed on time (with a follow-up visit) and one filed three days late (the server's clock of each).
  const engineer = { startDate: '2020-01-01', endDate: null };
  for (const [date, at] of [
    ['2026-10-12', '2026-10-12T12:00:00Z'],
    ['2026-10-13', '2026-10-16T12:00:00Z'],
  ] as const) {
    await submitDailyReport(stack.storage, {
      engineerId: north,
      input: { date, workDone: '客户支持', followUps: [{ projectId: project.id, note: '现场回访' }] },
      now: new Date(at),
      timezone: 'Asia/Shanghai',
      employment: engineer,
    });
  }
  // Three runs: the second stored with what changed (issue 10: the exam score, who and when), the third from
  // before changes were recorded (only the points that moved can be told).
  const first = await scorePreview(ctx, { engineerId: north, month: MONTH });
  await storeScoreCardRevision(stack.storage, first, 0, new Date('2026-11-02T01:00:00Z'));
  const withLearning = (card: ScoreCard, points: number) =>
    ({
      ...card,
      total: card.total + points,
      indicators: card.indicators.map((i) =>
        i.key === 'learning' ? { ...i, points: i.points + points } : i,
      ),
    }) as ScoreCard;
  const second = withLearning(first, 2);
  const learningOf = (card: ScoreCard) => card.indicators.find((i) => i.key === 'learning')!.points;
  await storeScoreCardRevision(stack.storage, second, 1, new Date('2026-11-03T01:00:00Z'), {
    previousRevision: 1,
    previousTotal: first.total,
    indicators: [
      {
        indicator: 'learning',
        from: learningOf(first),
        to: learningOf(second),
        reasons: [
          {
            source: 'manager',
            kind: 'exam-score',
            action: 'updated',
            by: 'hr@example.com',
            on: '2026-11-02',
            from: 60,
            to: 70,
          },
        ],
      },
    ],
  });
  await storeScoreCardRevision(stack.storage, withLearning(second, 1), 2, new Date('2026-11-04T01:00:00Z'));
  adminJar = await signIn(stack.url, admin);
});

afterAll(async () => {
  await provider?.stop();
});

describe('the engineer-month page', () => {
  it('shows the card with every piece of evidence, its revisions and the record of changes', async () => {
    const page = await request(adminJar, pageUrl(north));
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain(`北方工程师 · ${MONTH}`);
    expect(body).toContain('revision 3');
    expect(body).toContain('远景客户'); // support request
    expect(body).toContain('网关升级');
    expect(body).toContain('王经理'); // respondent and ratings
    expect(body).toContain('很专业');
    expect(body).toContain('回复太慢'); // complaint, pending
    expect(body).toContain('pending');
    expect(body).toContain('银行上云'); // story
    expect(body).toMatch(/data-exam>60/);
    // The calendar: a workday without a report is missed once its deadline passed; a Saturday is no workday.
    expect(body).toContain('data-date="2026-10-09"><span>09</span> <span>missed</span>');
    expect(body).toContain('data-date="2026-10-10"><span>10</span> <span>not a workday</span>');
    expect(body).toContain('data-date="2026-10-12"><span>12</span> <span>filed</span>');
    expect(body).toContain('data-date="2026-10-13"><span>13</span> <span>late</span>');
    // The follow-up grid: the project's weeks, the one with the visit and those without.
    expect(body).toMatch(/<th scope="row">智慧园区<\/th>.*<td class="cell visited">visited<\/td>/s);
    expect(body).toContain('<td class="cell missed">missed</td>');
    // Revision 2 says what changed and why, as stored with it; revision 3 (stored without) what moved.
    const revisions = body.slice(body.indexOf('id="revisions-title"'), body.indexOf('id="audit-title"'));
    expect(revisions).toMatch(
      /Learning and knowledge sharing \d+ → \d+<br><span class="muted">exam score 60 → 70 [^<]*by hr@example.com on 2026-11-02/,
    );
    expect(revisions).toMatch(/<th scope="row">3<\/th>.*Learning and knowledge sharing \d+ → \d+<\/li>/s);
    expect(revisions).toContain('first run');
    expect(body).toContain('seed@example.com'); // the record of changes names who
  });

  it("reads the engineer-month only: its DynamoDB requests do not grow with the month's other engineers", async () => {
    let requests = 0;
    handlerStorage().doc.middlewareStack.add(
      (next) => async (args) => {
        requests++;
        return next(args);
      },
      { step: 'initialize', name: 'engineerMonthRequestCounter' },
    );
    const count = async () => {
      requests = 0;
      expect((await request(adminJar, pageUrl(north))).status).toBe(200);
      return requests;
    };
    const before = await count();
    for (let i = 0; i < 25; i++) {
      const other = await stack.engineer({ region: '华北' });
      await storeCard(stack.storage, other.id, MONTH, [30, 20, 10, 10, 5, 5]);
    }
    expect(await count()).toBe(before);
    // The engineer, settings, projects, dated and monthly facts, revisions, record of changes, month record, and
    // the one respondent who answered: never a query of the whole month.
    expect(before).toBeLessThanOrEqual(9);
    handlerStorage().doc.middlewareStack.remove('engineerMonthRequestCounter');
  });

  it('is linked from its row of the overview', async () => {
    const overview = await (await request(adminJar, `${stack.url}/console?month=${MONTH}&lang=en`)).text();
    expect(overview).toContain(`/console/engineers/${north}/months/${MONTH}?lang=en`);
  });

  it("a viewer sees their region's engineer without any form, and is refused another region's (403)", async () => {
    const jar = await signIn(stack.url, viewer);
    const own = await request(jar, pageUrl(north));
    expect(own.status).toBe(200);
    const body = await own.text();
    expect(body).toContain('回复太慢');
    expect(body).not.toContain('/preview');
    expect(body).not.toContain('/changes');
    const other = await request(jar, pageUrl(east));
    expect(other.status).toBe(403);
  });

  it('flags an open appeal of the engineer-month', async () => {
    const month = '2026-07';
    // As the appeal's use case leaves the month's record (lifecycle.md: one item holds the open appeals).
    const record: MonthRecord = {
      month,
      state: 'provisional',
      timezone: 'Asia/Shanghai',
      firstRunAt: '2026-08-02T01:00:00.000Z',
      appealDeadline: '2026-08-09T01:00:00.000Z',
      openAppeals: { [north]: 'appeal-1' },
      version: 2,
    };
    await stack.storage.doc.send(
      new PutCommand({
        TableName: stack.storage.tableName,
        Item: { ...keys.month(month), type: ENTITY.month, ...record },
      }),
    );
    expect(await (await request(adminJar, pageUrl(north, month))).text()).toContain('an appeal is open');
    expect(await (await request(adminJar, pageUrl(east, month))).text()).not.toContain('an appeal is open');
  });

  it('without a session the page sends the visitor to sign in', async () => {
    const page = await request(new CookieJar(), pageUrl(north));
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/console\/signin\?return=/);
  });
});

describe('changes: preview, then save', () => {
  it('the preview shows the new total and writes nothing; saving records it with the signed-in user', async () => {
    const csrf = await csrfOf(adminJar);
    const auditBefore = await listAuditOfEngineerMonth(stack.storage, north, MONTH);
    const preview = await request(adminJar, previewUrl(north), {
      form: { csrf, kind: 'exam-score', score: '95' },
    });
    expect(preview.status).toBe(200);
    const body = await preview.text();
    expect(body).toContain('The change: score 95');
    const current = await scorePreview(seed(), { engineerId: north, month: MONTH });
    expect(body).toMatch(/Total: (\d+(\.\d+)?) → (\d+(\.\d+)?)/);
    const [, from, to] = /Total: (\d+(?:\.\d+)?) → (\d+(?:\.\d+)?)/.exec(body)!;
    expect(Number(from)).toBe(current.total);
    expect(Number(to)).toBeGreaterThan(current.total);
    // Nothing was written by the preview.
    expect(
      (await listExamScoresOfMonth(stack.storage, MONTH)).find((e) => e.engineerId === north)?.score,
    ).toBe(60);
    expect(await listAuditOfEngineerMonth(stack.storage, north, MONTH)).toHaveLength(auditBefore.length);

    const saved = await request(adminJar, saveUrl(north), {
      form: { csrf, kind: 'exam-score', score: '95' },
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toContain(`/console/engineers/${north}/months/${MONTH}`);
    const exam = (await listExamScoresOfMonth(stack.storage, MONTH)).find((e) => e.engineerId === north)!;
    expect(exam.score).toBe(95);
    const audit = await listAuditOfEngineerMonth(stack.storage, north, MONTH);
    expect(audit.at(-1)).toMatchObject({ actor: admin.email, action: 'updated' });
    // The page's record of changes says who and what changed.
    const page = await (await request(adminJar, pageUrl(north))).text();
    expect(page).toContain(admin.email);
    expect(page).toContain('score: 60 → 95');
    // The page now shows it, and the card computed from the evidence moved.
    expect(page).toMatch(/data-exam>95/);
    expect((await scorePreview(seed(), { engineerId: north, month: MONTH })).total).toBe(Number(to));
  });

  it('every kind of change saves through its use case, recorded with the signed-in user', async () => {
    const csrf = await csrfOf(adminJar);
    const actorOf = async () => (await listAuditOfEngineerMonth(stack.storage, north, MONTH)).at(-1)!;
    const change = async (fields: Record<string, string>) => {
      const preview = await request(adminJar, previewUrl(north), { form: { csrf, ...fields } });
      expect(preview.status, `${fields.kind} preview`).toBe(200);
      const previewed = Number(/data-preview-total="([^"]+)"/.exec(await preview.text())![1]);
      const saved = await request(adminJar, saveUrl(north), { form: { csrf, ...fields } });
      expect(saved.status, `${fields.kind} save`).toBe(303);
      // The preview is the score the saved change gives.
      expect((await scorePreview(seed(), { engineerId: north, month: MONTH })).total, fields.kind).toBe(
        previewed,
      );
      const entry = await actorOf();
      expect(entry.actor).toBe(admin.email);
      return entry;
    };

    expect((await change({ kind: 'add-story', date: '2026-10-21', title: '政务项目' })).action).toBe(
      'created',
    );
    const story = (await listSuccessStoriesOfMonth(stack.storage, MONTH)).find(
      (s) => s.title === '政务项目',
    )!;
    expect((await change({ kind: 'remove-story', id: story.id })).action).toBe('removed');
    expect((await listSuccessStoriesOfMonth(stack.storage, MONTH)).some((s) => s.id === story.id)).toBe(
      false,
    );

    await change({ kind: 'verdict', verdict: 'insightful' });
    expect(
      (await listVerdictsOfMonth(stack.storage, MONTH)).find((v) => v.engineerId === north)?.verdict,
    ).toBe('insightful');

    await change({ kind: 'add-complaint', date: '2026-10-22', text: '方案有误' });
    const added = (await listComplaintsOfMonth(stack.storage, MONTH)).find((c) => c.text === '方案有误')!;
    expect(added.status).toBe('pending');
    expect((await change({ kind: 'dismiss-complaint', id: added.id })).action).toBe('dismissed');
    expect((await change({ kind: 'confirm-complaint', id: complaintId })).action).toBe('confirmed');
    const confirmed = (await listComplaintsOfMonth(stack.storage, MONTH)).find((c) => c.id === complaintId)!;
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.decidedBy).toBe(admin.email);

    await change({
      kind: 'add-request',
      customer: '新客户',
      dueAt: '2026-10-15T18:00:00+08:00',
      independent: 'false',
      summary: '性能调优',
    });
    const request2 = (await listSupportRequestsOfMonth(stack.storage, MONTH)).find(
      (r) => r.customer === '新客户',
    )!;
    expect(
      (
        await change({
          kind: 'resolve-request',
          id: request2.id,
          resolvedAt: '2026-10-15T10:00:00+08:00',
          independent: 'true',
        })
      ).action,
    ).toBe('resolved');

    const override = await change({
      kind: 'override',
      indicator: 'followUp',
      points: '10',
      reason: '客户停工',
    });
    expect(override.reason).toBe('客户停工');
    expect(
      (await listOverridesOfMonth(stack.storage, MONTH)).find((o) => o.engineerId === north)?.points,
    ).toBe(10);
    expect((await change({ kind: 'remove-override', indicator: 'followUp' })).action).toBe('removed');
    expect((await listOverridesOfMonth(stack.storage, MONTH)).some((o) => o.engineerId === north)).toBe(
      false,
    );
  });

  it('a bad field is refused with its name and reason, in preview and save, and nothing is written', async () => {
    const csrf = await csrfOf(adminJar);
    const before = await listAuditOfEngineerMonth(stack.storage, north, MONTH);
    for (const url of [previewUrl(north), saveUrl(north)]) {
      const refused = await request(adminJar, url, { form: { csrf, kind: 'exam-score', score: '150' } });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(/score/);
    }
    const noReason = await request(adminJar, previewUrl(north), {
      form: { csrf, kind: 'override', indicator: 'followUp', points: '5' },
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('reason');
    const otherMonth = await request(adminJar, saveUrl(north), {
      form: { csrf, kind: 'add-story', date: '2026-11-02', title: '下月的案例' },
    });
    expect(otherMonth.status).toBe(400);
    expect(await otherMonth.text()).toContain(`2026-11-02 is not in ${MONTH}`);
    const unknown = await request(adminJar, previewUrl(north), { form: { csrf, kind: 'raise-salary' } });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('kind');
    expect(await listAuditOfEngineerMonth(stack.storage, north, MONTH)).toHaveLength(before.length);
  });

  it("a complaint of another engineer is neither previewed nor saved from this engineer's page (404)", async () => {
    const csrf = await csrfOf(adminJar);
    const theirs = await addComplaint(seed(), { engineerId: east, date: '2026-10-14', text: '别人的投诉' });
    for (const url of [previewUrl(north), saveUrl(north)]) {
      const refused = await request(adminJar, url, {
        form: { csrf, kind: 'confirm-complaint', id: theirs.id },
      });
      expect(refused.status).toBe(404);
    }
    expect((await listComplaintsOfMonth(stack.storage, MONTH)).find((c) => c.id === theirs.id)!.status).toBe(
      'pending',
    );
  });

  it('a viewer is refused every change (403), even with their own valid CSRF token; nothing is written', async () => {
    const jar = await signIn(stack.url, viewer);
    const csrf = await csrfOf(jar);
    const before = await listAuditOfEngineerMonth(stack.storage, north, MONTH);
    const ids = { story: 'any-story', complaint: complaintId, request: 'any-request' };
    for (const url of [previewUrl(north), saveUrl(north)]) {
      for (const form of everyChange(MONTH, ids)) {
        expect((await request(jar, url, { form: { csrf, ...form } })).status, form.kind).toBe(403);
      }
    }
    expect(await listAuditOfEngineerMonth(stack.storage, north, MONTH)).toHaveLength(before.length);
  });

  it('a POST without or with a wrong CSRF token is refused (403), nothing written', async () => {
    const before = await listAuditOfEngineerMonth(stack.storage, north, MONTH);
    const ids = { story: 'any-story', complaint: complaintId, request: 'any-request' };
    for (const url of [previewUrl(north), saveUrl(north)]) {
      for (const form of everyChange(MONTH, ids)) {
        expect((await request(adminJar, url, { form })).status, form.kind).toBe(403);
        expect((await request(adminJar, url, { form: { csrf: 'forged', ...form } })).status, form.kind).toBe(
          403,
        );
      }
    }
    expect(await listAuditOfEngineerMonth(stack.storage, north, MONTH)).toHaveLength(before.length);
  });
});

describe('a final month', () => {
  it('shows "final since" instead of the forms, and refuses a change with the month and since when (409)', async () => {
    await addComplaint(seed(), { engineerId: north, date: '2026-08-10', text: '八月的投诉' });
    const story = await addSuccessStory(seed(), {
      engineerId: north,
      date: '2026-08-11',
      title: '八月的案例',
    });
    const supportRequest = await addSupportRequest(seed(), {
      engineerId: north,
      customer: '八月客户',
      dueAt: '2026-08-12T18:00:00+08:00',
      resolvedAt: null,
    });
    await setOverride(seed(), {
      engineerId: north,
      month: FINAL_MONTH,
      indicator: 'followUp',
      points: 5,
      reason: '八月调整',
    });
    const finalisedAt = new Date('2026-09-05T02:00:00Z');
    await finalizeMonthRecord(
      stack.storage,
      FINAL_MONTH,
      { actor: 'hr@example.com', at: finalisedAt, timezone: 'Asia/Shanghai' },
      undefined,
    );
    const page = await (await request(adminJar, pageUrl(north, FINAL_MONTH))).text();
    expect(page).toContain('This month is final since 2026-09-05 10:00');
    expect(page).toContain('hr@example.com');
    expect(page).toContain('八月的投诉');
    expect(page).not.toContain('/preview');

    const csrf = await csrfOf(adminJar);
    const before = await listAuditOfEngineerMonth(stack.storage, north, FINAL_MONTH);
    const complaint = (await listComplaintsOfMonth(stack.storage, FINAL_MONTH)).find(
      (c) => c.engineerId === north,
    )!;
    for (const url of [previewUrl(north, FINAL_MONTH), saveUrl(north, FINAL_MONTH)]) {
      const ids = { story: story.id, complaint: complaint.id, request: supportRequest.id };
      for (const form of everyChange(FINAL_MONTH, ids)) {
        const refused = await request(adminJar, url, { form: { csrf, ...form } });
        expect(refused.status, form.kind).toBe(409);
        const text = await refused.text();
        expect(text).toContain(`${FINAL_MONTH} is final since 2026-09-05 10:00`);
        // The way on is back to the page, which says the same.
        expect(text).toContain(`href="/console/engineers/${north}/months/${FINAL_MONTH}?lang=en"`);
      }
    }
    expect(await listAuditOfEngineerMonth(stack.storage, north, FINAL_MONTH)).toHaveLength(before.length);
    expect(
      (await listExamScoresOfMonth(stack.storage, FINAL_MONTH)).some((e) => e.engineerId === north),
    ).toBe(false);
    expect(
      (await listComplaintsOfMonth(stack.storage, FINAL_MONTH)).find((c) => c.id === complaint.id)!.status,
    ).toBe('pending');
    expect((await listSuccessStoriesOfMonth(stack.storage, FINAL_MONTH)).map((s) => s.id)).toEqual([
      story.id,
    ]);
    expect(
      (await listSupportRequestsOfMonth(stack.storage, FINAL_MONTH)).find((r) => r.id === supportRequest.id)!
        .resolvedAt,
    ).toBeNull();
    expect(
      (await listOverridesOfMonth(stack.storage, FINAL_MONTH)).filter((o) => o.engineerId === north),
    ).toMatchObject([{ indicator: 'followUp', points: 5 }]);
    expect((await listVerdictsOfMonth(stack.storage, FINAL_MONTH)).some((v) => v.engineerId === north)).toBe(
      false,
    );
  });
});
