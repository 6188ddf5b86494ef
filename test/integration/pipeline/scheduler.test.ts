// The local scheduler: when each job fires (the organisation's times, in its zone, scoring and finalising the
// previous month, the finalise job daily from its day to the month's end),
// that a due run really sends — with the clock moved to just before the invitations' slot — and that a scoring
// slot that comes before the month's evidence closes scores and sends nothing, and says so.
import { describe, expect, it } from 'vitest';
import { nextRuns, startLocalScheduler } from '../../../local/scheduler.ts';
import {
  type OrganisationSettings,
  organisationSettingsSchema,
} from '../../../shared/domain/organisation.ts';
import { monthOf, slotInstant } from '../../../shared/domain/values.ts';
import { FINALIZE_JOB_ACTOR } from '../../../shared/pipeline/finalizeJob.ts';
import { runMonth } from '../../../shared/pipeline/runMonth.ts';
import { findMonthRecord } from '../../../shared/storage/months.ts';
import { getOrganisationSettings, putOrganisationSettings } from '../../../shared/storage/organisation.ts';
import { findRunDispatch } from '../../../shared/storage/runs.ts';
import { findLatestScoreCard } from '../../../shared/storage/scoreCards.ts';
import { readSentEmails, useSesLocal } from '../../support/ses.ts';
import { uniqueId, useStack } from '../../support/stack.ts';
import { testContext } from './support.ts';

const sesHarness = useSesLocal();
const stack = useStack();

const settings = (timezone: string): OrganisationSettings =>
  organisationSettingsSchema.parse({
    timezone,
    holidays: [],
    makeUpWorkdays: [],
    departmentManager: { name: 'M', email: 'm@example.com' },
    defaultLanguage: 'zh-CN',
  });

/** The local scheduler on a clock that runs from 300 ms before `slot`, and the lines it logs. */
function schedulerJustBefore(slot: Date) {
  const offset = slot.getTime() - 300 - Date.now();
  const now = () => new Date(Date.now() + offset);
  const lines: string[] = [];
  const scheduler = startLocalScheduler({
    storage: stack.storage,
    ctx: { ...testContext(stack.storage, sesHarness.client, stack.url), now },
    now,
    log: (line) => lines.push(line),
  });
  return { scheduler, lines };
}

describe('local scheduler', () => {
  it('plans each job at its local time; scoring works on the month before', () => {
    const runs = nextRuns(settings('Asia/Shanghai'), new Date('2026-10-24T12:00:00Z'));
    expect(runs.map((r) => [r.job, r.at.toISOString(), r.month])).toEqual([
      ['invitations', '2026-10-25T01:00:00.000Z', '2026-10'],
      // The finalise job fires daily from the 10th to the month's end, for the month before.
      ['finalize', '2026-10-25T01:00:00.000Z', '2026-09'],
      ['reminder', '2026-10-28T01:00:00.000Z', '2026-10'],
      ['scoring', '2026-11-03T01:00:00.000Z', '2026-10'],
    ]);
    // After its last firing of October (the 31st), the next is on 10 November, for October.
    const afterLast = nextRuns(settings('Asia/Shanghai'), new Date('2026-10-31T01:00:00Z'));
    expect(afterLast.find((r) => r.job === 'finalize')).toMatchObject({
      at: new Date('2026-11-10T01:00:00Z'),
      month: '2026-10',
    });
    // Before the 10th it waits for the 10th.
    const early = nextRuns(settings('Asia/Shanghai'), new Date('2026-11-04T00:00:00Z'));
    expect(early.find((r) => r.job === 'finalize')!.at.toISOString()).toBe('2026-11-10T01:00:00.000Z');
    // Just after a slot, that job moves to the next month; in New York the slot follows daylight saving time.
    const ny = nextRuns(settings('America/New_York'), new Date('2026-11-03T14:00:01Z'));
    expect(ny.find((r) => r.job === 'scoring')!.at.toISOString()).toBe('2026-12-03T14:00:00.000Z');
    expect(ny.find((r) => r.job === 'invitations')!.at.toISOString()).toBe('2026-11-25T14:00:00.000Z');
    const summer = nextRuns(settings('America/New_York'), new Date('2026-06-01T00:00:00Z'));
    expect(summer.find((r) => r.job === 'scoring')!.at.toISOString()).toBe('2026-06-03T13:00:00.000Z');
  });

  it('sends the invitations when their time comes, once', async () => {
    const region = uniqueId('region');
    const engineer = await stack.engineer({ region });
    const manager = await stack.respondent({ kind: 'regional-sales-manager', region, customer: undefined });
    const org = await getOrganisationSettings(stack.storage);
    const month = monthOf(new Date(), org.timezone);
    const { scheduler, lines } = schedulerJustBefore(
      slotInstant(month, org.schedule.invitations, org.timezone),
    );
    try {
      const planned = await scheduler.planned();
      expect(planned[0]).toMatchObject({ job: 'invitations', month });
      await expect.poll(() => lines.length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(lines[0]).toMatch(new RegExp(`^scheduler: invitations ${month}: sent 1, failed 0`));
    } finally {
      await scheduler.stop();
    }
    const emails = (await readSentEmails(sesHarness.ses.url)).filter((e) => e.to.includes(manager.email));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.text).toContain(engineer.name);
  });

  it('does not score a month whose evidence is still open when the scoring slot comes, and says until when', async () => {
    // Scoring on the 1st at 09:00: the survey has closed, but Thursday 31 December 2026's daily report is due at
    // noon on 1 January, so December's evidence is still open when the job fires.
    await putOrganisationSettings(stack.storage, {
      ...(await getOrganisationSettings(stack.storage)),
      surveyWindow: { closes: { day: 1, time: '00:00' } },
      schedule: {
        invitations: { day: 25, time: '09:00' },
        reminder: { day: 28, time: '09:00' },
        scoring: { day: 1, time: '09:00' },
        finalize: { day: 10, time: '09:00' },
      },
    });
    const engineer = await stack.engineer();
    const emailsBefore = (await readSentEmails(sesHarness.ses.url)).length;
    const { scheduler, lines } = schedulerJustBefore(new Date('2027-01-01T09:00:00+08:00'));
    try {
      expect((await scheduler.planned())[0]).toMatchObject({ job: 'scoring', month: '2026-12' });
      await expect.poll(() => lines.length, { timeout: 20_000 }).toBeGreaterThan(0);
    } finally {
      await scheduler.stop();
    }
    expect(lines[0]).toBe(
      'scheduler: scoring 2026-12 not run: 2026-12 is still collecting evidence; it can be scored once its evidence closes, 2027-01-01 12:00 (Asia/Shanghai)',
    );
    expect(await findRunDispatch(stack.storage, '2026-12')).toBeUndefined();
    expect(await findLatestScoreCard(stack.storage, engineer.id, '2026-12')).toBeUndefined();
    expect(await readSentEmails(sesHarness.ses.url)).toHaveLength(emailsBefore);
  });

  it('finalises the previous month when the finalise job fires, with the one final summary', async () => {
    const month = '2025-05';
    await stack.engineer();
    const org = await getOrganisationSettings(stack.storage);
    const firstRun = slotInstant('2025-06', org.schedule.scoring, org.timezone);
    await runMonth(
      { ...testContext(stack.storage, sesHarness.client, stack.url), now: () => firstRun },
      { month },
    );
    const emailsBefore = (await readSentEmails(sesHarness.ses.url)).length;
    const { scheduler, lines } = schedulerJustBefore(
      slotInstant('2025-06', org.schedule.finalize, org.timezone),
    );
    try {
      expect((await scheduler.planned())[0]).toMatchObject({ job: 'finalize', month });
      await expect.poll(() => lines.length, { timeout: 20_000 }).toBeGreaterThan(0);
    } finally {
      await scheduler.stop();
    }
    expect(lines[0]).toMatch(
      new RegExp(`^scheduler: finalize ${month}: finalized: scored \\d+, emailed 0, final summary sent$`),
    );
    expect(await findMonthRecord(stack.storage, month)).toMatchObject({
      state: 'final',
      finalizedBy: FINALIZE_JOB_ACTOR,
    });
    const emails = (await readSentEmails(sesHarness.ses.url)).slice(emailsBefore);
    expect(emails.map((e) => e.subject)).toEqual(['【最终】2025年5月 团队绩效汇总']);
  });
});
