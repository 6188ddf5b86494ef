// The monthly pipeline end to end on the real DynamoDB engine and the SES v2 stand-in: invitations, answers
// over HTTP (a low rating alerts the manager, by the notifier), the one reminder, the month's run, and re-runs — read back from
// what the stand-in really stored.
import { beforeAll, describe, expect, it } from 'vitest';
import { KPI_SHEET_LAYOUT } from '../../../shared/mail/sheets.ts';
import { sendInvitations, sendReminders } from '../../../shared/pipeline/invitations.ts';
import { runMonth } from '../../../shared/pipeline/runMonth.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { listSummaryTotals } from '../../../shared/storage/runs.ts';
import { listInvitationsOfMonth } from '../../../shared/storage/survey.ts';
import { readSentEmails, type SentEmail, useSesLocal } from '../../support/ses.ts';
import { useStack } from '../../support/stack.ts';
import {
  admin,
  answerSurvey,
  expectedCard,
  numberIn,
  openXlsx,
  type SeededTeam,
  scoringContext,
  seedTeam,
  surveyLinkIn,
  testContext,
  testMonth,
} from './support.ts';

const sesHarness = useSesLocal();
beforeAll(() => {
  // Before the stack's handlers read their configuration: the notifier's low-score alert sends here.
  process.env.SES_ENDPOINT = sesHarness.ses.url;
});
const stack = useStack();
const MANAGER = 'manager@example.com';

let team: SeededTeam;
const ctx = () => testContext(stack.storage, sesHarness.client, stack.url);
// The month is run once its evidence has closed: the clock at its scoring time.
const scoring = () => scoringContext(stack.storage, sesHarness.client, stack.url, team.month);
const sent = () => readSentEmails(sesHarness.ses.url);
const to = (emails: SentEmail[], address: string) => emails.filter((e) => e.to.includes(address));

describe('the monthly pipeline', () => {
  beforeAll(async () => {
    team = await seedTeam(stack, testMonth());
  });

  it('invites each respondent about each engineer they work with, once even when two runs race, with a working link', async () => {
    // Two runs at once (the schedule and someone at the command line): each pair invited and emailed once.
    const [one, two] = await Promise.all([
      sendInvitations(ctx(), { month: team.month }),
      sendInvitations(ctx(), { month: team.month }),
    ]);
    expect(one.created + two.created).toBe(4);
    expect(one.sent + two.sent).toBe(4);
    expect(one.failed.concat(two.failed)).toEqual([]);
    const emails = await sent();
    // The sales manager of the region is asked about both of its engineers; each contact about theirs only.
    expect(to(emails, team.salesManager.email)).toHaveLength(2);
    expect(to(emails, team.contactA.email)).toHaveLength(1);
    expect(to(emails, team.contactB.email)).toHaveLength(1);
    // A customer whose project ended before the month is not asked.
    expect(to(emails, team.contactOld.email)).toHaveLength(0);
    const [forA] = to(emails, team.contactA.email);
    expect(forA!.subject).toBe(`How was the support from 张三 in ${monthName(team.month)}?`);
    expect((await fetch(surveyLinkIn(forA!.text))).status).toBe(200);

    const again = await sendInvitations(ctx(), { month: team.month });
    expect(again).toMatchObject({ pairs: 4, created: 0, sent: 0, skipped: 4 });
    expect(await sent()).toHaveLength(emails.length);
  });

  it('alerts the department manager through the notifier, once, when an answer holds a low rating', async () => {
    const emails = await sent();
    const [forA] = to(emails, team.contactA.email);
    expect(await answerSurvey(surveyLinkIn(forA!.text), [5, 5, 5, 5, 4], 'great')).toBe(200);
    await stack.sendWaitingAlerts();
    expect(to(await sent(), MANAGER)).toHaveLength(0);

    const aboutAlice = to(emails, team.salesManager.email).find((e) => e.text.includes('Alice Smith'))!;
    expect(await answerSurvey(surveyLinkIn(aboutAlice.text), [4, 2, 4, 4, 4], '<b>slow</b> on site')).toBe(
      200,
    );
    // The respondent's answer does not wait on SES: the alert goes when the notifier runs, and only once.
    expect(to(await sent(), MANAGER)).toHaveLength(0);
    await stack.sendWaitingAlerts();
    await stack.sendWaitingAlerts();
    const alerts = to(await sent(), MANAGER);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toBe('低分提醒：李经理 对 Alice Smith 的评价');
    expect(alerts[0]!.html).toContain('&lt;b&gt;slow&lt;/b&gt; on site');
  });

  it('reminds only the unanswered, once, even when two runs race', async () => {
    const before = (await sent()).length;
    // Two runs at once (the schedule and someone at the command line): still one reminder each.
    const [one, two] = await Promise.all([
      sendReminders(ctx(), { month: team.month }),
      sendReminders(ctx(), { month: team.month }),
    ]);
    expect(one.reminded + two.reminded).toBe(2);
    expect(one.failed.concat(two.failed)).toEqual([]);
    const reminders = (await sent()).slice(before);
    expect(reminders.map((e) => e.to[0]).sort()).toEqual(
      [team.salesManager.email, team.contactB.email].sort(),
    );
    expect(reminders.find((e) => e.to[0] === team.salesManager.email)!.text).toContain('张三');
    // Same link as the invitation: the form still shows no answer, and answering works.
    const invitations = await listInvitationsOfMonth(stack.storage, team.month);
    expect(invitations.filter((i) => i.remindedAt !== undefined)).toHaveLength(2);

    expect(await sendReminders(ctx(), { month: team.month })).toMatchObject({ reminded: 0, skipped: 4 });
    expect((await sent()).length).toBe(before + 2);
  });

  it('scores the month: one report per engineer in their language with the engine’s numbers, one summary', async () => {
    const before = (await sent()).length;
    const report = await runMonth(scoring(), { month: team.month, retryDelayMs: 50 });
    const engineers = [team.zhang, team.alice, team.wang];
    expect(report.failed).toEqual([]);
    expect(report).toMatchObject({ scored: report.engineers, emailed: report.engineers, summarySent: true });
    const emails = (await sent()).slice(before);

    for (const engineer of engineers) {
      const card = await expectedCard(stack.storage, engineer.id, team.month);
      const mine = to(emails, engineer.email);
      expect(mine, engineer.name).toHaveLength(1);
      const mail = mine[0]!;
      expect(mail.cc).toEqual(engineer.managerEmail ? [engineer.managerEmail] : []);
      expect(mail.subject).toBe(
        engineer.language === 'en'
          ? `Your KPI report for ${monthName(team.month)}: ${card.total} of 107`
          : `${zhMonth(team.month)} 绩效考核结果：${card.total} / 107 分`,
      );
      expect(mail.html).toContain(`<span data-total="true">${card.total}</span>`);
      for (const r of card.indicators) expect(mail.html).toMatch(pointsCell(r.key, r.points));
      const sheet = (await openXlsx(mail.attachments[0]!.content)).worksheets[0]!;
      card.indicators.forEach((r, i) => {
        expect(
          sheet.getRow(KPI_SHEET_LAYOUT.firstIndicatorRow + i).getCell(KPI_SHEET_LAYOUT.pointsColumn).value,
        ).toBe(r.points);
      });
    }
    // The answered survey counted for 张三 (one response, mean 96 → 15); Alice's confirmed complaint cost 5.
    const zhang = await expectedCard(stack.storage, team.zhang.id, team.month);
    expect(zhang.indicators.find((r) => r.key === 'satisfaction')).toMatchObject({ points: 15 });
    const alice = await expectedCard(stack.storage, team.alice.id, team.month);
    expect(alice.indicators.find((r) => r.key === 'complaints')).toMatchObject({ points: 10 });

    const summaries = to(emails, MANAGER);
    expect(summaries).toHaveLength(1);
    const summary = summaries[0]!;
    expect(summary.subject).toBe(`${zhMonth(team.month)} 团队绩效汇总`);
    // Unanswered invitations are named (the sales manager about 张三, contact B about Alice).
    expect(summary.text).toContain('李经理');
    const xlsx = summary.attachments.find((a) => a.filename.endsWith('.xlsx'))!;
    const table = (await openXlsx(xlsx.content)).worksheets[0]!;
    for (const engineer of engineers) {
      const card = await expectedCard(stack.storage, engineer.id, team.month);
      let found = false;
      table.eachRow((row, n) => {
        if (n < 3 || row.getCell(2).value !== engineer.name) return;
        found = true;
        defaultRubric.indicators.forEach((ind, i) => {
          expect(numberIn(row.getCell(3 + i).value)).toBe(
            card.indicators.find((r) => r.key === ind.key)!.points,
          );
        });
        expect(numberIn(row.getCell(3 + defaultRubric.indicators.length).value)).toBe(card.total);
      });
      expect(found, engineer.name).toBe(true);
    }
    // The console's trend point of the month: the totals the summary showed, summed by region.
    const wang = await expectedCard(stack.storage, team.wang.id, team.month);
    expect(await listSummaryTotals(stack.storage, [team.month])).toEqual([
      {
        month: team.month,
        regions: {
          [team.zhang.region]: { sum: zhang.total + alice.total, count: 2 },
          [team.wang.region]: { sum: wang.total, count: 1 },
        },
      },
    ]);
  });

  it('sends nothing when the month is run again unchanged', async () => {
    const before = (await sent()).length;
    const report = await runMonth(scoring(), { month: team.month, retryDelayMs: 50 });
    expect(report).toMatchObject({ emailed: 0, changed: 0, summarySent: false, failed: [] });
    expect(report.unchanged).toBe(report.engineers);
    expect((await sent()).length).toBe(before);
  });

  it('sends exactly one revised report, and a new summary, after a complaint is dismissed', async () => {
    await admin(stack, 'POST', `/admin/complaints/${team.complaintId}/dismiss`, {});
    const before = (await sent()).length;
    const report = await runMonth(scoring(), { month: team.month, retryDelayMs: 50 });
    expect(report).toMatchObject({ changed: 1, emailed: 1, summarySent: true });
    const emails = (await sent()).slice(before);
    const revised = to(emails, team.alice.email);
    expect(revised).toHaveLength(1);
    expect(revised[0]!.subject).toMatch(/^\[Revised\] Your KPI report/);
    expect(revised[0]!.html).toMatch(pointsCell('complaints', 15));
    expect(to(emails, team.zhang.email)).toHaveLength(0);
    expect(to(emails, MANAGER)).toHaveLength(1);
    expect(emails).toHaveLength(2);
    // The new summary moved the month's trend point: Alice's 5 points back in her region's sum.
    const [point] = await listSummaryTotals(stack.storage, [team.month]);
    const cards = await Promise.all(
      [team.zhang, team.alice].map((e) => expectedCard(stack.storage, e.id, team.month)),
    );
    expect(point).toMatchObject({
      regions: { [team.alice.region]: { sum: cards[0]!.total + cards[1]!.total, count: 2 } },
    });

    const after = (await sent()).length;
    await runMonth(scoring(), { month: team.month, retryDelayMs: 50 });
    expect((await sent()).length).toBe(after);
  });
});

function pointsCell(key: string, points: number): RegExp {
  return new RegExp(`data-points="${key}"[^>]*>${points}<`);
}

function monthName(month: string): string {
  return new Date(`${month}-15T00:00:00Z`).toLocaleString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function zhMonth(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5))}月`;
}
