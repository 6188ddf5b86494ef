// Indicator 3 · followUp: weekly visits per project over the ISO weeks that belong to the month, bands at
// every boundary, and which weeks require a visit (activity, workdays, neighbouring-month days).
import { describe, expect, test } from 'vitest';
import { indicator, OCTOBER_WEEKLY_VISITS, perfectMonth, pointsWith, scoreJson } from '../month.ts';

/** `missing` projects visited in every week but the first, plus one project visited every week. */
const projectsMissing = (missing: number) => (m: ReturnType<typeof perfectMonth>) => {
  for (let i = 0; i < missing; i++) {
    m.projects!.push({ id: `q${i}`, start: '2026-01-01', end: null });
    m.followUps!.push(...OCTOBER_WEEKLY_VISITS.slice(1).map((date) => ({ projectId: `q${i}`, date })));
  }
};

describe('followUp', () => {
  test.each([
    [0, 15],
    [1, 12],
    [3, 12],
    [4, 10],
    [5, 10],
    [6, 5],
    [10, 5],
    [11, 0],
    [14, 0],
  ])('%i projects missed a week → %i points', (missing, points) => {
    expect(pointsWith('followUp', projectsMissing(missing))).toBe(points);
  });

  test('a project missing several weeks counts once', () => {
    const m = perfectMonth();
    m.followUps = [{ projectId: 'p1', date: '2026-10-13' }];
    const followUp = indicator(scoreJson(m), 'followUp');
    expect(followUp.points).toBe(12);
    expect(followUp.measured.unvisitedProjects).toBe(1);
    expect(followUp.measured.projects[0]!.missedWeeks).toEqual([
      '2026-W40',
      '2026-W41',
      '2026-W43',
      '2026-W44',
    ]);
  });

  test('a visit in the November days of the last October week covers that week', () => {
    expect(
      pointsWith('followUp', (m) => {
        m.followUps = ['2026-09-29', '2026-10-06', '2026-10-13', '2026-10-20', '2026-11-01'].map((date) => ({
          projectId: 'p1',
          date,
        }));
      }),
    ).toBe(15);
  });

  test('a visit on 2 Nov belongs to a November week and does not cover October’s last week', () => {
    expect(
      pointsWith('followUp', (m) => {
        m.followUps = ['2026-09-29', '2026-10-06', '2026-10-13', '2026-10-20', '2026-11-02'].map((date) => ({
          projectId: 'p1',
          date,
        }));
      }),
    ).toBe(12);
  });

  test('a project that ended before a week requires nothing in it', () => {
    const m = perfectMonth();
    m.projects = [{ id: 'p1', start: '2026-01-01', end: '2026-10-16' }];
    m.followUps = ['2026-09-29', '2026-10-06', '2026-10-13'].map((date) => ({ projectId: 'p1', date }));
    const followUp = indicator(scoreJson(m), 'followUp');
    expect(followUp.points).toBe(15);
    expect(followUp.measured.projects[0]!.cells).toEqual([
      'visited',
      'visited',
      'visited',
      'not-required',
      'not-required',
    ]);
  });

  test('a project active only on a weekend of a week requires nothing that week', () => {
    // Saturday 3 – Sunday 4 Oct: never active on a workday.
    const m = perfectMonth();
    m.projects!.push({ id: 'weekend', start: '2026-10-03', end: '2026-10-04' });
    expect(indicator(scoreJson(m), 'followUp').points).toBe(15);
  });

  test('the engineer’s leave for a whole week means nothing is required that week', () => {
    const m = perfectMonth();
    m.engineer.leave = ['2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16'];
    m.followUps = m.followUps!.filter((f) => f.date !== '2026-10-13');
    const followUp = indicator(scoreJson(m), 'followUp');
    expect(followUp.points).toBe(15);
    expect(followUp.measured.weeks.map((w) => w.workdays)).toEqual([5, 5, 0, 5, 5]);
  });

  test('the grid lists the weeks of the month with their Monday and Sunday', () => {
    const followUp = indicator(scoreJson(perfectMonth()), 'followUp');
    expect(followUp.measured.weeks.map((w) => [w.week, w.start, w.end])).toEqual([
      ['2026-W40', '2026-09-28', '2026-10-04'],
      ['2026-W41', '2026-10-05', '2026-10-11'],
      ['2026-W42', '2026-10-12', '2026-10-18'],
      ['2026-W43', '2026-10-19', '2026-10-25'],
      ['2026-W44', '2026-10-26', '2026-11-01'],
    ]);
  });

  test('the explanation names the projects that missed a week', () => {
    const m = perfectMonth();
    m.projects = [
      { id: 'p1', name: 'Acme core', start: '2026-01-01', end: null },
      { id: 'p2', name: 'Beta 5G', start: '2026-01-01', end: null },
    ];
    m.followUps = OCTOBER_WEEKLY_VISITS.map((date) => ({ projectId: 'p1', date }));
    const followUp = indicator(scoreJson(m), 'followUp');
    expect(followUp.explanation.en).toBe('1 project missed a weekly follow-up: Beta 5G → 12 of 15');
    expect(followUp.explanation['zh-CN']).toBe('1 个项目有周未跟踪回访：Beta 5G → 12/15 分');
  });
});
