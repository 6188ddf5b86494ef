// kpi-sheet.md, Precision: timestamps are compared at the precision they are written in (up to nine fraction
// digits, none dropped), and a date or time that does not exist is refused naming the field, never rolled over.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isoTimestamp } from '#shared/domain/valueSchemas.ts';
import { submittedOnTime } from '#shared/forms/dailyReport.ts';
import { scoringInputSchema } from '#shared/scoring/input.ts';
import { compareInstants, instantOf } from '#shared/scoring/instant.ts';
import { indicator, onTimeReports, perfectMonth, pointsWith, scoreJson } from './month.ts';

const resolvedAt = (resolved: string) =>
  pointsWith('resolution', (m) => {
    m.supportRequests = [
      { customer: 'Acme', dueAt: '2026-10-20T18:00:00+08:00', resolvedAt: resolved, independent: true },
    ];
  });

describe('instants are compared at the precision they are written in', () => {
  test('a request resolved at 18:00:00.0001 against a due time of 18:00:00 is late', () => {
    expect(resolvedAt('2026-10-20T18:00:00.0001+08:00')).toBe(30);
    expect(resolvedAt('2026-10-20T18:00:00.000000001+08:00')).toBe(30);
    expect(resolvedAt('2026-10-20T18:00:00.000000000+08:00')).toBe(35);
  });

  test('a due time with more digits than the resolution is compared digit by digit', () => {
    const card = scoreJson({
      ...perfectMonth(),
      supportRequests: [
        {
          customer: 'Acme',
          dueAt: '2026-10-20T18:00:00.123456788+08:00',
          resolvedAt: '2026-10-20T18:00:00.123456789+08:00',
          independent: true,
        },
        {
          customer: 'Beta',
          dueAt: '2026-10-20T18:00:00.1234568+08:00',
          resolvedAt: '2026-10-20T10:00:00.123456799Z',
          independent: true,
        },
      ],
    });
    expect(indicator(card, 'resolution').measured.failedCustomerNames).toEqual(['Acme']);
  });

  test('a daily report submitted at 12:00:00.0001 the next day misses the 12:00 deadline', () => {
    const late = perfectMonth();
    late.dailyReports = onTimeReports().map((r) =>
      r.date === '2026-10-14' ? { ...r, submittedAt: '2026-10-15T12:00:00.0001+08:00' } : r,
    );
    const measured = indicator(scoreJson(late), 'dailyReport').measured;
    expect(measured.missedDays).toEqual(['2026-10-14']);
    expect(measured.lateDays).toEqual(['2026-10-14']);

    const onTime = perfectMonth();
    onTime.dailyReports = onTimeReports().map((r) =>
      r.date === '2026-10-14' ? { ...r, submittedAt: '2026-10-15T12:00:00.000000+08:00' } : r,
    );
    expect(indicator(scoreJson(onTime), 'dailyReport').measured.missed).toBe(0);
  });

  test('the daily-report form calls the same report late as the score does', () => {
    expect(submittedOnTime('2026-10-14', '2026-10-15T12:00:00.0001+08:00', 'Asia/Shanghai')).toBe(false);
    expect(submittedOnTime('2026-10-14', '2026-10-15T12:00:00.000000000+08:00', 'Asia/Shanghai')).toBe(true);
  });

  test('the order of two timestamps is the order of their exact values (fast-check)', () => {
    // Two timestamps in the same second and offset: their order is the order of their nine-digit fractions.
    const fraction = fc.stringMatching(/^\d{1,9}$/);
    fc.assert(
      fc.property(fraction, fraction, (a, b) => {
        const ts = (f: string) => `2026-10-20T18:00:00.${f}+08:00`;
        const exact = (f: string) => BigInt(f.padEnd(9, '0'));
        const expected = exact(a) === exact(b) ? 0 : exact(a) < exact(b) ? -1 : 1;
        expect(compareInstants(instantOf(ts(a)), instantOf(ts(b)))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  test('a whole millisecond from the calendar compares with a timestamp exactly', () => {
    const noon = Date.parse('2026-10-15T12:00:00+08:00');
    expect(compareInstants(instantOf('2026-10-15T12:00:00+08:00'), noon)).toBe(0);
    expect(compareInstants(instantOf('2026-10-15T04:00:00.000001Z'), noon)).toBe(1);
    expect(compareInstants(instantOf('2026-10-15T11:59:59.999999999+08:00'), noon)).toBe(-1);
  });
});

const problemsOf = (value: unknown) => {
  const parsed = scoringInputSchema.safeParse(value);
  return parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('a timestamp that does not exist is refused, naming the field', () => {
  test.each([
    ['2026-02-30T10:00:00+08:00', /February 2026 has 28 days/],
    ['2026-04-31T10:00:00Z', /April 2026 has 30 days/],
    ['2024-02-30T10:00:00Z', /February 2024 has 29 days/],
    ['2026-13-01T10:00:00Z', /month 13/],
    ['2026-10-00T10:00:00Z', /day 00/],
    ['2026-10-20T24:00:00+08:00', /hour 24/],
    ['2026-10-20T18:60:00+08:00', /minute 60/],
    ['2026-10-20T23:59:60+08:00', /second 60/],
    ['2026-10-20T18:00:00+08:60', /offset/],
  ])('%s', (dueAt, reason) => {
    const input = perfectMonth();
    input.supportRequests![0]!.dueAt = dueAt;
    const problems = problemsOf(input);
    expect(problems).toEqual([{ path: 'supportRequests.0.dueAt', message: expect.stringMatching(reason) }]);
  });

  test('real timestamps at the edges stay valid', () => {
    for (const ts of [
      '2024-02-29T23:59:59.999999999+08:00',
      '2026-12-31T00:00Z',
      '2026-10-20T23:59:59-14:00',
    ]) {
      expect(isoTimestamp.safeParse(ts).success).toBe(true);
    }
  });

  test('a submittedAt of a daily report and a resolvedAt are checked the same way', () => {
    const input = perfectMonth();
    input.supportRequests![0]!.resolvedAt = '2026-02-29T10:00:00+08:00';
    input.dailyReports![3]!.submittedAt = '2026-10-06T24:00:00+08:00';
    expect(problemsOf(input).map((p) => p.path)).toEqual([
      'supportRequests.0.resolvedAt',
      'dailyReports.3.submittedAt',
    ]);
  });
});

describe('a date the organisation’s time zone skipped is refused, naming the field', () => {
  // Samoa moved across the date line: 29 Dec 2011 was followed by 31 Dec 2011.
  const apia = () => ({
    month: '2011-12',
    timezone: 'Pacific/Apia',
    engineer: { id: 'e-1', startDate: '2011-01-01', leave: ['2011-12-30'] },
    calendar: { holidays: ['2011-12-30'], workdays: ['2011-12-30'] },
    projects: [{ id: 'p1', start: '2011-12-30', end: '2011-12-30' }],
    followUps: [{ projectId: 'p1', date: '2011-12-30' }],
    complaints: [{ date: '2011-12-30', status: 'confirmed' }],
    successStories: [{ date: '2011-12-30' }],
    dailyReports: [{ date: '2011-12-30', submittedAt: '2011-12-31T10:00:00+14:00' }],
  });

  test('as a holiday, workday, leave, project date, follow-up, complaint, story or report date', () => {
    const problems = problemsOf(apia());
    expect(problems.map((p) => p.path)).toEqual([
      'calendar.holidays.0',
      'calendar.workdays.0',
      'engineer.leave.0',
      'projects.0.start',
      'projects.0.end',
      'followUps.0.date',
      'complaints.0.date',
      'successStories.0.date',
      'dailyReports.0.date',
    ]);
    expect(problems[0]!.message).toBe(
      '2011-12-30 does not exist in Pacific/Apia: its clocks skipped that day',
    );
  });

  test('as an employment date', () => {
    const input = { ...apia(), engineer: { id: 'e-1', startDate: '2011-12-30', endDate: '2011-12-30' } };
    expect(problemsOf(input).map((p) => p.path)).toContain('engineer.startDate');
    expect(problemsOf(input).map((p) => p.path)).toContain('engineer.endDate');
  });

  test('the same dates are valid in a zone that had them, and the days around the skip in Apia', () => {
    expect(problemsOf({ ...apia(), timezone: 'Pacific/Honolulu' })).toEqual([]);
    const around = JSON.parse(JSON.stringify(apia()).replaceAll('2011-12-30', '2011-12-29'));
    expect(problemsOf(around)).toEqual([]);
  });

  test('with an unknown zone or a malformed date, the other problems are reported and nothing throws', () => {
    expect(problemsOf({ ...apia(), timezone: 'Nowhere/Zone' })).toEqual([
      { path: 'timezone', message: 'unknown IANA time zone' },
    ]);
    const malformed = apia();
    malformed.calendar.holidays = ['30/12/2011', '2011-12-30'];
    expect(problemsOf(malformed)).toEqual([
      { path: 'calendar.holidays.0', message: 'expected a date YYYY-MM-DD' },
    ]);
  });

  test('a date that does not exist in any zone is refused as before', () => {
    const input = perfectMonth();
    input.followUps![0]!.date = '2026-02-30';
    expect(problemsOf(input)).toEqual([
      { path: 'followUps.0.date', message: expect.stringMatching(/February 2026 has 28 days/) },
    ]);
  });
});
