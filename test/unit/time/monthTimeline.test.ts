// A month's timeline (../shared/spec/lifecycle.md): when its evidence closes — the later of the survey window's
// close and the last workday's report deadline, in the organisation's zone — its state at a given instant, the
// one-line refusal, the demo's "latest closed month", the employment rule, and the 2000–2100 range of the
// shared date primitives.
import { describe, expect, it } from 'vitest';
import {
  employedInMonth,
  employedOn,
  latestClosedMonth,
  monthState,
  monthTimeline,
  scoringRefusal,
  type TimelineSettings,
} from '#shared/domain/monthTimeline.ts';
import { isoDate, isoTimestamp, monthId } from '#shared/domain/valueSchemas.ts';
import { defaultRubric } from '#shared/rubric/default.ts';

const shanghai: TimelineSettings = {
  timezone: 'Asia/Shanghai',
  holidays: [],
  makeUpWorkdays: [],
  surveyWindow: { closes: { day: 2, time: '23:59' } },
};
const deadline = defaultRubric.dailyReportDeadline;
const at = (iso: string) => new Date(iso);

describe('monthTimeline', () => {
  it('closes the evidence at the survey window’s close when it comes after the last report deadline', () => {
    const t = monthTimeline('2026-10', shanghai, deadline);
    expect(t.begins).toEqual(at('2026-10-01T00:00:00+08:00'));
    // Friday 30 October is the last workday: its report is due at noon the next day.
    expect(t.lastReportDeadline).toEqual(at('2026-10-31T12:00:00+08:00'));
    expect(t.surveyCloses).toEqual(at('2026-11-02T23:59:00+08:00'));
    expect(t.evidenceCloses).toEqual(t.surveyCloses);
  });

  it('closes it at the last workday’s report deadline when that comes later', () => {
    // Thursday 31 December is a workday; a survey closing on the 1st at 08:00 closes before its report is due.
    const early = { ...shanghai, surveyWindow: { closes: { day: 1, time: '08:00' } } };
    const t = monthTimeline('2026-12', early, deadline);
    expect(t.evidenceCloses).toEqual(at('2027-01-01T12:00:00+08:00'));
    // A holiday on the 31st moves the last workday to the 30th: the survey's close is later again.
    const holiday = monthTimeline('2026-12', { ...early, holidays: ['2026-12-31'] }, deadline);
    expect(holiday.evidenceCloses).toEqual(at('2027-01-01T08:00:00+08:00'));
  });

  it('is in the organisation’s zone', () => {
    const ny = monthTimeline('2026-10', { ...shanghai, timezone: 'America/New_York' }, deadline);
    expect(ny.begins).toEqual(at('2026-10-01T00:00:00-04:00'));
    // New York has left daylight saving time by 2 November.
    expect(ny.evidenceCloses).toEqual(at('2026-11-02T23:59:00-05:00'));
  });
});

describe('monthState and scoringRefusal', () => {
  const t = monthTimeline('2026-10', shanghai, deadline);

  it('goes from not begun to collecting to closed; the closing instant itself is still collecting', () => {
    expect(monthState(t, at('2026-09-30T23:59:59.999+08:00'))).toBe('not-begun');
    expect(monthState(t, at('2026-10-01T00:00:00+08:00'))).toBe('collecting');
    expect(monthState(t, at('2026-11-02T23:59:00+08:00'))).toBe('collecting');
    expect(monthState(t, at('2026-11-02T23:59:00.001+08:00'))).toBe('closed');
  });

  it('refuses in one line that says when the evidence closes, in local time with the zone', () => {
    expect(scoringRefusal(t, at('2026-09-15T10:00:00+08:00'))).toMatchObject({
      status: 409,
      month: '2026-10',
      state: 'not-begun',
      message:
        '2026-10 has not begun; it can be scored once its evidence closes, 2026-11-02 23:59 (Asia/Shanghai)',
    });
    expect(scoringRefusal(t, at('2026-11-01T10:00:00+08:00'))?.message).toBe(
      '2026-10 is still collecting evidence; it can be scored once its evidence closes, 2026-11-02 23:59 (Asia/Shanghai)',
    );
    expect(scoringRefusal(t, at('2026-11-03T09:00:00+08:00'))).toBeUndefined();
  });

  it('gives the demo a month that can be run on every day, the first days of a month included', () => {
    expect(latestClosedMonth(at('2026-12-01T09:00:00+08:00'), shanghai, deadline)).toBe('2026-10');
    expect(latestClosedMonth(at('2026-12-02T23:59:00+08:00'), shanghai, deadline)).toBe('2026-10');
    expect(latestClosedMonth(at('2026-12-03T00:00:00+08:00'), shanghai, deadline)).toBe('2026-11');
    expect(latestClosedMonth(at('2026-12-31T23:00:00+08:00'), shanghai, deadline)).toBe('2026-11');
    // 1 January 2027 in Shanghai is still 31 December in UTC: the zone decides.
    expect(latestClosedMonth(at('2026-12-31T16:30:00Z'), shanghai, deadline)).toBe('2026-11');
  });
});

describe('employment', () => {
  it('makes a month an engineer’s when they are employed on at least one of its days', () => {
    expect(employedInMonth({ startDate: '2026-10-10' }, '2026-09')).toBe(false);
    expect(employedInMonth({ startDate: '2026-10-31' }, '2026-10')).toBe(true);
    expect(employedInMonth({ startDate: '2020-01-01', endDate: '2026-10-01' }, '2026-10')).toBe(true);
    expect(employedInMonth({ startDate: '2020-01-01', endDate: '2026-09-30' }, '2026-10')).toBe(false);
    expect(employedInMonth({ startDate: '2026-03-01' }, '2026-02')).toBe(false);
    expect(employedInMonth({}, '2026-02')).toBe(true);
    expect(employedOn({ startDate: '2026-10-10', endDate: '2026-10-20' }, '2026-10-09')).toBe(false);
    expect(employedOn({ startDate: '2026-10-10', endDate: '2026-10-20' }, '2026-10-20')).toBe(true);
    expect(employedOn({ startDate: '2026-10-10', endDate: '2026-10-20' }, '2026-10-21')).toBe(false);
  });
});

describe('the shared date primitives', () => {
  const problems = (schema: typeof monthId, value: string) =>
    schema.safeParse(value).error?.issues.map((i) => i.message) ?? [];

  it('accept the years 2000–2100 only, saying so', () => {
    for (const m of ['2000-01', '2100-12']) expect(problems(monthId, m)).toEqual([]);
    for (const m of ['9999-12', '1999-12', '2101-01', '0000-01'])
      expect(problems(monthId, m)).toEqual(['expected a month in the years 2000–2100']);
    expect(problems(monthId, '2026-13')).toEqual(['expected a month YYYY-MM']);
    for (const d of ['2000-01-01', '2100-12-31']) expect(problems(isoDate, d)).toEqual([]);
    for (const d of ['9999-12-31', '1999-12-31', '2101-01-01'])
      expect(problems(isoDate, d)).toEqual(['expected a date in the years 2000–2100']);
    expect(problems(isoTimestamp, '2100-12-31T23:59:59+08:00')).toEqual([]);
    for (const t of ['9999-12-31T18:00:00+08:00', '1999-12-31T23:59:59Z'])
      expect(problems(isoTimestamp, t)).toEqual(['expected a timestamp in the years 2000–2100']);
  });
});
