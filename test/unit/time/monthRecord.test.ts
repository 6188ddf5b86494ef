// A month's life after its evidence closes (../shared/spec/lifecycle.md "States of a month"): the stored record
// decides once there is one; without one, a scored month is provisional (a table from before the lifecycle was
// recorded) and an unscored one is read from its dates; appeals are open while provisional and before the
// deadline; the finalise job's slot is the organisation's `schedule.finalize` of the following month, and it
// finalises at its first daily firing past the appeal deadline.
import { describe, expect, it } from 'vitest';
import {
  appealDeadlineAfter,
  appealsHoldFinalisationAt,
  finalisationFirings,
  type LifecycleSettings,
  type MonthRecord,
  monthLifecycle,
} from '#shared/domain/monthRecord.ts';
import { monthTimeline, type TimelineSettings } from '#shared/domain/monthTimeline.ts';
import { organisationSettingsInput } from '#shared/domain/organisation.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import * as z from '#shared/schema.ts';

const settings: TimelineSettings & LifecycleSettings = {
  timezone: 'Asia/Shanghai',
  holidays: [],
  makeUpWorkdays: [],
  surveyWindow: { closes: { day: 2, time: '23:59' } },
  schedule: {
    invitations: { day: 25, time: '09:00' },
    reminder: { day: 28, time: '09:00' },
    scoring: { day: 3, time: '09:00' },
    finalize: { day: 10, time: '09:00' },
  },
  appealDays: 7,
};
const october = monthTimeline('2026-10', settings, defaultRubric.dailyReportDeadline);
const at = (iso: string) => new Date(iso);

const provisional: MonthRecord = {
  month: '2026-10',
  state: 'provisional',
  timezone: 'Asia/Shanghai',
  firstRunAt: '2026-11-03T01:00:00.000Z',
  appealDeadline: '2026-11-10T01:00:00.000Z',
  openAppeals: { 'e-2': 'a-1', 'e-1': 'a-9' },
  version: 1,
};

describe('monthLifecycle', () => {
  it('reads an unscored month without a record from its dates', () => {
    expect(monthLifecycle(october, undefined, false, settings, at('2026-09-30T12:00:00Z')).state).toBe(
      'not-begun',
    );
    expect(monthLifecycle(october, undefined, false, settings, at('2026-11-02T12:00:00Z')).state).toBe(
      'collecting',
    );
    expect(monthLifecycle(october, undefined, false, settings, at('2026-11-03T00:00:00Z')).state).toBe(
      'closed',
    );
  });

  it('reads a month scored before the lifecycle was recorded as provisional, with no appeal deadline', () => {
    const life = monthLifecycle(october, undefined, true, settings, at('2026-11-05T00:00:00Z'));
    expect(life).toMatchObject({
      state: 'provisional',
      firstRunAt: null,
      appealDeadline: null,
      appealsOpen: false,
      scheduledFinalisation: '2026-11-10T01:00:00.000Z',
      openAppeals: [],
    });
  });

  it('keeps appeals open while provisional and until the deadline (inclusive), and lists open appeals by engineer', () => {
    const before = monthLifecycle(october, provisional, true, settings, at('2026-11-10T01:00:00Z'));
    expect(before.appealsOpen).toBe(true);
    expect(before.openAppeals).toEqual([
      { engineerId: 'e-1', appealId: 'a-9' },
      { engineerId: 'e-2', appealId: 'a-1' },
    ]);
    expect(
      monthLifecycle(october, provisional, true, settings, at('2026-11-10T01:00:00.001Z')).appealsOpen,
    ).toBe(false);
  });

  it('says since when a final month is final and schedules nothing more', () => {
    const final: MonthRecord = {
      ...provisional,
      state: 'final',
      openAppeals: {},
      finalizedAt: '2026-11-10T01:00:00.000Z',
      finalizedBy: 'scheduler',
      version: 2,
    };
    const life = monthLifecycle(october, final, true, settings, at('2026-11-12T00:00:00Z'));
    expect(life).toMatchObject({
      state: 'final',
      finalizedAt: '2026-11-10T01:00:00.000Z',
      finalizedBy: 'scheduler',
      scheduledFinalisation: null,
      appealsOpen: false,
    });
  });
});

describe('when the finalise job may finalise', () => {
  const scored = (firstRunAt: string): MonthRecord => ({
    ...provisional,
    openAppeals: {},
    firstRunAt,
    appealDeadline: appealDeadlineAfter(at(firstRunAt), { appealDays: 7 }).toISOString(),
  });

  it('at the scheduled firing when the first run was the scheduled one (its deadline a few seconds after it)', () => {
    const life = monthLifecycle(
      october,
      scored('2026-11-03T01:00:07Z'),
      true,
      settings,
      at('2026-11-05T00:00:00Z'),
    );
    expect(life.scheduledFinalisation).toBe('2026-11-10T01:00:00.000Z');
    expect(appealsHoldFinalisationAt(life.appealDeadline, at('2026-11-10T01:00:00Z'))).toBe(false);
  });

  it('at the first firing past the deadline after a late first run, and the next one from now', () => {
    // First run on the 12th at 15:00: appeals until the 19th at 15:00; the job finalises on the 20th at 09:00.
    const late = scored('2026-11-12T07:00:00Z');
    expect(
      monthLifecycle(october, late, true, settings, at('2026-11-13T00:00:00Z')).scheduledFinalisation,
    ).toBe('2026-11-20T01:00:00.000Z');
    expect(appealsHoldFinalisationAt(late.appealDeadline, at('2026-11-19T01:00:00Z'))).toBe(true);
    // A provisional month without a deadline, looked at on the 21st: the next firing is the 22nd.
    expect(
      monthLifecycle(october, undefined, true, settings, at('2026-11-21T02:00:00Z')).scheduledFinalisation,
    ).toBe('2026-11-22T01:00:00.000Z');
  });

  it("by nobody when the deadline is past the last firing (the following month's end): an admin finalises", () => {
    const life = monthLifecycle(
      october,
      scored('2026-11-28T01:00:00Z'),
      true,
      settings,
      at('2026-11-28T02:00:00Z'),
    );
    expect(life.scheduledFinalisation).toBeNull();
    expect(finalisationFirings('2026-10', settings).at(-1)).toEqual(at('2026-11-30T09:00:00+08:00'));
  });
});

describe('lifecycle settings', () => {
  it('puts the appeal deadline appealDays after the first run and the finalise job on the following month', () => {
    expect(appealDeadlineAfter(at('2026-11-03T01:00:00Z'), { appealDays: 7 })).toEqual(
      at('2026-11-10T01:00:00Z'),
    );
    expect(finalisationFirings('2026-12', settings)[0]).toEqual(at('2027-01-10T09:00:00+08:00'));
  });

  it('defaults the finalise job to the 10th 09:00 and appeals to 7 days, and refuses a finalisation before scoring', () => {
    const manager = { name: 'M', email: 'm@example.com' };
    const parsed = z.parse(organisationSettingsInput, { departmentManager: manager });
    expect(parsed.schedule.finalize).toEqual({ day: 10, time: '09:00' });
    expect(parsed.appealDays).toBe(7);
    const bad = z.safeParse(organisationSettingsInput, {
      departmentManager: manager,
      schedule: { finalize: { day: 3, time: '08:00' } },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['schedule', 'finalize']);
  });
});
