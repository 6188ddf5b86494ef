// The overview's score distribution: bands of ten points, the top score in the last band.
import { describe, expect, it } from 'vitest';
import { distributionOf } from '../../../shared/console/overview.ts';

describe('distributionOf', () => {
  it('counts totals in bands of ten, 90–100 holding a perfect score', () => {
    const bands = distributionOf([0, 9.5, 10, 59, 60, 99.5, 100], 100);
    expect(bands).toHaveLength(10);
    expect(bands[0]).toEqual({ from: 0, to: 9, count: 2 });
    expect(bands[1]).toEqual({ from: 10, to: 19, count: 1 });
    expect(bands[5]).toEqual({ from: 50, to: 59, count: 1 });
    expect(bands[6]).toEqual({ from: 60, to: 69, count: 1 });
    expect(bands[9]).toEqual({ from: 90, to: 100, count: 2 });
    expect(bands.reduce((n, b) => n + b.count, 0)).toBe(7);
  });

  it('reaches above 100 when bonuses allow it', () => {
    const bands = distributionOf([104], 105);
    expect(bands.at(-1)).toEqual({ from: 100, to: 105, count: 1 });
  });
});
