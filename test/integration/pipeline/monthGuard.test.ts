// Months that cannot be run and engineer-months that are not an engineer's (../shared/spec/lifecycle.md): the
// dispatcher Lambda refuses a month still collecting evidence (scheduled: logs and stops; by hand: the error),
// engineers not employed in a month are not invited about, reminded about, scored, summarised, counted in the
// month's status or previewed, months and dates
// outside 2000–2100 are a 400 at the admin API, a daily report outside the employment is refused, and `invite`
// never emails a respondent who already answered.
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as dispatchHandler } from '../../../functions/monthly-dispatch/handler.ts';
import { MonthStateError } from '../../../shared/errors.ts';
import { sendInvitations, sendReminders } from '../../../shared/pipeline/invitations.ts';
import { runMonth } from '../../../shared/pipeline/runMonth.ts';
import { findDailyReport } from '../../../shared/storage/dailyReports.ts';
import { findRunDispatch } from '../../../shared/storage/runs.ts';
import { findLatestScoreCard } from '../../../shared/storage/scoreCards.ts';
import { createInvitation, markInvitationSent } from '../../../shared/storage/survey.ts';
import { readSentEmails, useSesLocal } from '../../support/ses.ts';
import { readJson, uniqueId, useStack } from '../../support/stack.ts';
import { answerSurvey, scoringContext, testContext, testMonth } from './support.ts';

const sesHarness = useSesLocal();
beforeAll(() => {
  process.env.SES_ENDPOINT = sesHarness.ses.url;
  // Nothing listens there: a dispatch that got as far as queueing would fail loudly.
  process.env.SCORING_QUEUE_URL = 'http://127.0.0.1:9/000000000000/scoring';
});
const stack = useStack();
const sent = () => readSentEmails(sesHarness.ses.url);

const adminGet = (path: string) =>
  fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
const adminSend = (method: string, path: string, body: unknown) =>
  fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the scoring dispatcher on Lambda', () => {
  it('does nothing for a scheduled month still collecting evidence, and refuses one asked for by hand', async () => {
    await stack.engineer();
    const emailsBefore = (await sent()).length;
    // A schedule firing in February 2099 (Shanghai) works on January 2099, which has not begun.
    const scheduled = await dispatchHandler({ job: 'monthlyScoring', scheduledTime: '2099-02-03T01:00:00Z' });
    expect(scheduled).toEqual({
      month: '2099-01',
      dispatched: 0,
      refused:
        '2099-01 has not begun; it can be scored once its evidence closes, 2099-02-02 23:59 (Asia/Shanghai)',
    });
    const current = testMonth();
    const byHand = dispatchHandler({ month: current });
    await expect(byHand).rejects.toBeInstanceOf(MonthStateError);
    await expect(byHand).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(
        new RegExp(`^${current} is still collecting evidence; it can be scored once its evidence closes, `),
      ),
    });
    expect(await findRunDispatch(stack.storage, '2099-01')).toBeUndefined();
    expect(await findRunDispatch(stack.storage, current)).toBeUndefined();
    expect(await sent()).toHaveLength(emailsBefore);
  });
});

describe('engineers not employed in the month', () => {
  it('are not invited or reminded about, scored, summarised, counted in the status or previewed; the others are', async () => {
    const month = '2026-10';
    const region = uniqueId('region');
    const employed = await stack.engineer({ region, name: 'Employed Engineer', language: 'en' });
    // Starts the day after the month ends; the other left the day before it began.
    const joiner = await stack.engineer({ region, name: 'Joiner Engineer', startDate: '2026-11-01' });
    const leaver = await stack.engineer({
      region,
      name: 'Leaver Engineer',
      startDate: '2020-01-01',
      endDate: '2026-09-30',
    });
    const manager = await stack.respondent({ kind: 'regional-sales-manager', region, customer: undefined });
    const inOctober = {
      ...testContext(stack.storage, sesHarness.client, stack.url),
      now: () => new Date('2026-10-25T09:00:00+08:00'),
    };

    expect((await sendInvitations(inOctober, { month })).failed).toEqual([]);
    // The region's sales manager is asked about its one engineer employed in October only.
    const toManager = (await sent()).filter((e) => e.to.includes(manager.email));
    expect(toManager).toHaveLength(1);
    expect(toManager[0]!.text).toContain('Employed Engineer');
    // An invitation made before the joiner's start date was corrected gets no reminder.
    const stale = await createInvitation(stack.storage, {
      month,
      respondentId: manager.id,
      engineerId: joiner.id,
      expiresAt: '2026-11-02T23:59:00+08:00',
      now: new Date('2026-10-25T09:00:00+08:00'),
    });
    await markInvitationSent(stack.storage, stale.invitation.id, new Date('2026-10-25T09:00:00+08:00'));
    const onThe28th = { ...inOctober, now: () => new Date('2026-10-28T09:00:00+08:00') };
    expect(await sendReminders(onThe28th, { month })).toMatchObject({ reminded: 1, failed: [] });
    const reminders = (await sent()).filter((e) => e.to.includes(manager.email)).slice(1);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain('Employed Engineer');

    const run = await runMonth(scoringContext(stack.storage, sesHarness.client, stack.url, month), {
      month,
      retryDelayMs: 50,
    });
    expect(run).toMatchObject({ failed: [], summarySent: true });
    expect(run.engineers).toBe(run.scored);
    expect(await findLatestScoreCard(stack.storage, employed.id, month)).toBeDefined();
    for (const e of [joiner, leaver]) {
      expect(await findLatestScoreCard(stack.storage, e.id, month)).toBeUndefined();
      expect((await sent()).filter((m) => m.to.includes(e.email))).toEqual([]);
    }
    const summary = (await sent()).filter((e) => e.to.includes('manager@example.com')).at(-1)!;
    expect(summary.text).toContain('Employed Engineer');
    expect(summary.text).not.toContain('Joiner Engineer');
    expect(summary.text).not.toContain('Leaver Engineer');

    // Asked for a month that is not theirs, the preview and the input say so instead of a card.
    for (const [engineer, why] of [
      [joiner, 'employed from 2026-11-01'],
      [leaver, 'employed 2020-01-01 to 2026-09-30'],
    ] as const) {
      for (const what of ['preview', 'input']) {
        const res = await adminGet(`/admin/months/${month}/engineers/${engineer.id}/${what}`);
        expect(res.status).toBe(404);
        expect((await readJson(res)).error).toBe(
          `${engineer.id} was not employed in ${month} (${why}): there is no card for that month`,
        );
      }
    }
    expect((await adminGet(`/admin/months/${month}/engineers/${employed.id}/preview`)).status).toBe(200);
    // The month's status counts daily reports of the engineers employed in it only.
    const status = await readJson(await adminGet(`/admin/months/${month}/status`));
    const rows = status.dailyReports.map((r: { engineerId: string }) => r.engineerId);
    expect(rows).toContain(employed.id);
    expect(rows).not.toContain(joiner.id);
    expect(rows).not.toContain(leaver.id);
  });

  it('cannot file a daily report for a day outside the employment', async () => {
    const engineer = await stack.engineer({ startDate: '2025-06-02', endDate: '2025-06-30' });
    const token = new URL(await stack.dailyReportUrl(engineer)).pathname.split('/')[2]!;
    const post = (date: string) =>
      fetch(`${stack.url}/r/me`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ date, workDone: 'on site' }),
      });
    const before = await post('2025-06-01');
    expect(before.status).toBe(400);
    expect((await readJson(before)).problems).toEqual([
      { path: 'date', message: 'a report cannot be for a day before your start date (2025-06-02)' },
    ]);
    const after = await post('2025-07-01');
    expect(after.status).toBe(400);
    expect((await readJson(after)).problems).toEqual([
      { path: 'date', message: 'a report cannot be for a day after your end date (2025-06-30)' },
    ]);
    expect(await findDailyReport(stack.storage, engineer.id, '2025-06-01')).toBeUndefined();
    expect(await findDailyReport(stack.storage, engineer.id, '2025-07-01')).toBeUndefined();
    expect((await post('2025-06-30')).status).toBe(201);
  });
});

describe('months and dates outside 2000–2100', () => {
  it('are a 400 on every admin route that takes them, naming the field', async () => {
    const engineer = await stack.engineer();
    for (const month of ['9999-12', '1999-12', '2101-01']) {
      for (const path of [
        `/admin/months/${month}/status`,
        `/admin/months/${month}/engineers/${engineer.id}/preview`,
        `/admin/months/${month}/engineers/${engineer.id}/input`,
        `/admin/daily-reports?engineerId=${engineer.id}&month=${month}`,
        `/admin/complaints?month=${month}`,
      ]) {
        const res = await adminGet(path);
        expect(res.status, path).toBe(400);
        expect((await readJson(res)).problems, path).toEqual([
          { path: 'month', message: 'expected a month in the years 2000–2100' },
        ]);
      }
    }
    const complaint = await adminSend('POST', '/admin/complaints', {
      engineerId: engineer.id,
      date: '9999-12-31',
      text: 'far future',
    });
    expect(complaint.status).toBe(400);
    expect((await readJson(complaint)).problems).toEqual([
      { path: 'date', message: 'expected a date in the years 2000–2100' },
    ]);
    const request = await adminSend('POST', '/admin/support-requests', {
      engineerId: engineer.id,
      customer: 'Acme',
      summary: 'x',
      dueAt: '9999-12-31T18:00:00+08:00',
    });
    expect(request.status).toBe(400);
    expect((await readJson(request)).problems).toEqual([
      { path: 'dueAt', message: 'expected a timestamp in the years 2000–2100' },
    ]);
    const exam = await adminSend('PUT', '/admin/exam-scores', {
      engineerId: engineer.id,
      month: '9999-12',
      score: 90,
    });
    expect(exam.status).toBe(400);
  });
});

describe('survey invitations', () => {
  it('never email a respondent who already answered that engineer, and a second run sends nothing', async () => {
    const month = testMonth();
    const region = uniqueId('region');
    const engineer = await stack.engineer({ region });
    const manager = await stack.respondent({ kind: 'regional-sales-manager', region, customer: undefined });
    const contact = await stack.respondent({ customer: uniqueId('cust') });
    await stack.project(engineer.id, { customer: contact.customer! });
    // The manager got a link some other way (as `npm start` prints the demo's) and answered before `invite`.
    const { invitation } = await createInvitation(stack.storage, {
      month,
      respondentId: manager.id,
      engineerId: engineer.id,
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      now: new Date(),
    });
    expect(await answerSurvey(await stack.surveyUrl(invitation), [5, 5, 4, 5, 5])).toBe(200);
    const ctx = testContext(stack.storage, sesHarness.client, stack.url);

    const first = await sendInvitations(ctx, { month });
    expect(first).toMatchObject({ answered: 1, failed: [] });
    const second = await sendInvitations(ctx, { month });
    expect(second).toMatchObject({ created: 0, sent: 0, answered: 1, failed: [] });
    const emails = await sent();
    expect(emails.filter((e) => e.to.includes(manager.email))).toEqual([]);
    expect(emails.filter((e) => e.to.includes(contact.email))).toHaveLength(1);
  });
});
