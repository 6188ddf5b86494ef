// Indicator 6 · dailyReport: missed workdays, the deadline (12:00 local the next calendar day), the
// over-limit rule and the verdict.
import { describe, expect, test } from 'vitest';
import { indicator, OCTOBER_WORKDAYS, onTimeReports, perfectMonth, pointsWith, scoreJson } from '../month.ts';

const missing = (n: number) => (m: ReturnType<typeof perfectMonth>) => {
  m.dailyReports = onTimeReports(OCTOBER_WORKDAYS.slice(n));
};

describe('dailyReport', () => {
  test.each([
    [0, 'standard', 10],
    [0, 'insightful', 12],
    [0, 'perfunctory', 9],
    [0, null, 10],
    [1, 'standard', 9],
    [5, 'standard', 5],
    [5, 'insightful', 7],
    [5, 'perfunctory', 4],
    [6, 'standard', 0],
    [6, 'insightful', 0],
    [22, 'insightful', 0],
  ] as const)('%i missed, verdict %s → %i points', (n, verdict, points) => {
    expect(
      pointsWith('dailyReport', (m) => {
        missing(n)(m);
        m.dailyReportVerdict = verdict;
      }),
    ).toBe(points);
  });

  const withReportFor14 = (submittedAt: string) =>
    pointsWith('dailyReport', (m) => {
      m.dailyReports = [
        ...onTimeReports(OCTOBER_WORKDAYS.filter((d) => d !== '2026-10-14')),
        { date: '2026-10-14', submittedAt },
      ];
    });

  test('submitted at 12:00 local the next day is on time', () => {
    expect(withReportFor14('2026-10-15T12:00:00+08:00')).toBe(10);
  });
  test('one second after the deadline is late: the day is missed', () => {
    expect(withReportFor14('2026-10-15T12:00:01+08:00')).toBe(9);
  });
  test('the deadline is local time: 04:00Z is noon in Shanghai', () => {
    expect(withReportFor14('2026-10-15T04:00:00Z')).toBe(10);
    expect(withReportFor14('2026-10-15T04:30:00Z')).toBe(9);
  });

  test('a late report is kept and shown; an on-time one for the same day still counts', () => {
    const m = perfectMonth();
    m.dailyReports = [
      ...onTimeReports(OCTOBER_WORKDAYS.filter((d) => d !== '2026-10-14' && d !== '2026-10-15')),
      { date: '2026-10-14', submittedAt: '2026-10-16T09:00:00+08:00' },
      { date: '2026-10-15', submittedAt: '2026-10-17T09:00:00+08:00' },
      { date: '2026-10-15', submittedAt: '2026-10-15T18:00:00+08:00' },
    ];
    const daily = indicator(scoreJson(m), 'dailyReport');
    expect(daily.measured.missedDays).toEqual(['2026-10-14']);
    expect(daily.measured.lateDays).toEqual(['2026-10-14']);
    expect(daily.points).toBe(9);
  });

  test('weekends, holidays and leave require no report; a make-up Saturday does', () => {
    const m = perfectMonth();
    m.calendar = { holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-10-10'] };
    m.engineer.leave = ['2026-10-05'];
    m.dailyReports = onTimeReports(
      OCTOBER_WORKDAYS.filter((d) => !['2026-10-01', '2026-10-02', '2026-10-05'].includes(d)),
    );
    const daily = indicator(scoreJson(m), 'dailyReport');
    expect(daily.measured.workdays).toBe(22 - 3 + 1);
    expect(daily.measured.missedDays).toEqual(['2026-10-10']);
  });

  test('over the limit: zero and the verdict is not applied', () => {
    const m = perfectMonth();
    missing(6)(m);
    m.dailyReportVerdict = 'insightful';
    const daily = indicator(scoreJson(m), 'dailyReport');
    expect(daily.measured).toMatchObject({
      missed: 6,
      verdict: 'insightful',
      verdictApplied: false,
      verdictPoints: 0,
    });
    expect(daily.explanation.en).toContain('verdict not applied');
  });
});
