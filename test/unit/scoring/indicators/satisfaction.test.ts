// Indicator 2 · satisfaction: the mean is rounded half-up to one decimal (decimal-safe) and that figure is
// banded; no response at all is `no-data`.
import { describe, expect, test } from 'vitest';
import { indicator, perfectMonth, pointsWith, scoreJson } from '../month.ts';

const withScores = (...scores: number[]) =>
  pointsWith('satisfaction', (m) => {
    m.surveyResponses = scores.map((score) => ({ score }));
  });

describe('satisfaction', () => {
  test.each([
    [[0], 0],
    [[79.9], 0],
    [[80], 5],
    [[84.9], 5],
    [[85], 10],
    [[89.9], 10],
    [[90], 12],
    [[94.9], 12],
    [[95], 15],
    [[100], 15],
  ])('mean of %j → %i points', (scores, points) => {
    expect(withScores(...scores)).toBe(points);
  });

  test.each([
    // 79.95 → 80.0: the rounded figure is what is banded.
    [[79.9, 80], 5, 80],
    // 84.95 is 84.9499999… in binary; decimal-safe rounding still gives 85.0.
    [[89.9, 80], 10, 85],
    [[84.95], 10, 85],
    [[94.94], 12, 94.9],
    [[100, 90, 94.9], 15, 95],
    // 94.933… rounds down to 94.9: just below the 95 band.
    [[100, 90, 94.8], 12, 94.9],
  ])('scores %j → %i points, mean shown as %d', (scores, points, mean) => {
    const m = perfectMonth();
    m.surveyResponses = scores.map((score) => ({ score }));
    const satisfaction = indicator(scoreJson(m), 'satisfaction');
    expect(satisfaction.points).toBe(points);
    expect(satisfaction.measured.meanScore).toBeCloseTo(mean, 9);
  });

  test('no survey response: 0 points, flagged no-data', () => {
    const m = perfectMonth();
    m.surveyResponses = [];
    const satisfaction = indicator(scoreJson(m), 'satisfaction');
    expect(satisfaction.points).toBe(0);
    expect(satisfaction.flags).toEqual(['no-data']);
    expect(satisfaction.measured).toEqual({ responses: 0, meanScore: null });
  });

  test('the explanation shows the banded mean with one decimal', () => {
    const m = perfectMonth();
    m.surveyResponses = [{ score: 89.9 }, { score: 80 }];
    expect(indicator(scoreJson(m), 'satisfaction').explanation.en).toBe(
      'Mean of 2 survey responses: 85.0 → 10 of 15',
    );
  });
});
