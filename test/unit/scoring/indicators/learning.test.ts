// Indicator 5 · learning: exam bands (">95", ">90", ">80", and exactly 80 in the lowest), the capped story
// bonus, and a missing exam (`no-data`, the bonus still counts).
import { describe, expect, test } from 'vitest';
import { indicator, perfectMonth, pointsWith, scoreJson } from '../month.ts';

const stories = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ date: `2026-10-${String(i + 1).padStart(2, '0')}` }));

describe('learning', () => {
  test.each([
    [0, 5],
    [79.9, 5],
    [80, 5],
    [80.1, 6],
    [90, 6],
    [90.5, 8],
    [95, 8],
    [95.1, 10],
    [100, 10],
  ])('exam %d → base %i', (score, points) => {
    expect(pointsWith('learning', (m) => (m.trainingScore = score))).toBe(points);
  });

  test.each([
    [0, 0],
    [1, 2],
    [2, 4],
    [3, 5],
    [8, 5],
  ])('%i success stories → +%i', (n, bonus) => {
    expect(pointsWith('learning', (m) => (m.successStories = stories(n)))).toBe(10 + bonus);
  });

  test('stories shared in another month do not count', () => {
    expect(
      pointsWith('learning', (m) => {
        m.successStories = [{ date: '2026-09-30' }, { date: '2026-11-01' }, { date: '2026-10-31' }];
      }),
    ).toBe(12);
  });

  test('no exam: base 0, flagged no-data, the story bonus still counts (2 stories → 4)', () => {
    const m = perfectMonth();
    m.trainingScore = null;
    m.successStories = stories(2);
    const learning = indicator(scoreJson(m), 'learning');
    expect(learning.points).toBe(4);
    expect(learning.flags).toEqual(['no-data']);
    expect(learning.measured).toEqual({
      trainingScore: null,
      basePoints: 0,
      successStories: 2,
      bonusPoints: 4,
    });
  });
});
