// Half-up rounding of a mean, on the decimals as written, not on their binary approximations.
import { describe, expect, test } from 'vitest';
import { meanRoundedHalfUp } from '#shared/scoring/decimal.ts';

describe('meanRoundedHalfUp', () => {
  test.each([
    [[84.95], 1, 85],
    [[89.9, 80], 1, 85],
    [[100, 90, 94.9], 1, 95],
    [[0.05], 1, 0.1],
    [[0.04999], 1, 0],
    [[1.005], 2, 1.01],
    [[2.675], 2, 2.68],
    [[100], 1, 100],
    // Many decimals and exponents take the BigInt path.
    [[73.33333333333333], 1, 73.3],
    [[86.66666666666667, 83.33333333333333], 1, 85],
    [[1.5e-7, 0], 1, 0],
    [[1e21, 1e21], 1, 1e21],
  ])('mean of %j to %i decimals → %d', (values, decimals, expected) => {
    expect(meanRoundedHalfUp(values, decimals)).toBe(expected);
  });

  test('no values is an error, not NaN', () => {
    expect(() => meanRoundedHalfUp([], 1)).toThrow(RangeError);
  });
});
