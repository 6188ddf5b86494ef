// Indicator 4 · complaints: −5 per confirmed complaint of the month, never below 0.
import { describe, expect, test } from 'vitest';
import { indicator, perfectMonth, pointsWith, scoreJson } from '../month.ts';

const confirmed = (n: number) =>
  Array.from({ length: n }, () => ({ date: '2026-10-09', status: 'confirmed' as const }));

describe('complaints', () => {
  test.each([
    [0, 15],
    [1, 10],
    [2, 5],
    [3, 0],
    [4, 0],
    [9, 0],
  ])('%i confirmed complaints → %i points', (n, points) => {
    expect(pointsWith('complaints', (m) => m.complaints!.push(...confirmed(n)))).toBe(points);
  });

  test('pending and dismissed complaints, and those of other months, do not count', () => {
    const m = perfectMonth();
    m.complaints = [
      { date: '2026-10-02', status: 'pending' },
      { date: '2026-10-03', status: 'dismissed' },
      { date: '2026-09-30', status: 'confirmed' },
      { date: '2026-11-01', status: 'confirmed' },
      { date: '2026-10-31', status: 'confirmed' },
    ];
    const complaints = indicator(scoreJson(m), 'complaints');
    expect(complaints.points).toBe(10);
    expect(complaints.measured).toEqual({ confirmed: 1, pending: 1, dismissed: 1 });
  });
});
