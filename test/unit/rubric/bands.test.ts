// The band coverage check against brute force: a list of bands is accepted exactly when every value the measure
// can take (whole numbers for counts, any number 0–100 for scores) falls in exactly one band.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Band, type BandDomain, bandCoverageProblems } from '#shared/rubric/bands.ts';

const COUNTS: BandDomain = { min: 0, max: null, integer: true, measure: 'counts are whole numbers' };
const SCORES: BandDomain = { min: 0, max: 100, integer: false, measure: 'scores are any number' };

/** A band with edges on multiples of ½ between `from` and `to`, never empty. */
function bands(from: number, to: number) {
  const edge = fc.integer({ min: from * 2, max: to * 2 }).map((n) => n / 2);
  const band = fc
    .record({
      lo: fc.option(fc.record({ value: edge, inclusive: fc.boolean() }), { freq: 4 }),
      hi: fc.option(fc.record({ value: edge, inclusive: fc.boolean() }), { freq: 4 }),
    })
    .filter(
      ({ lo, hi }) =>
        lo === null ||
        hi === null ||
        lo.value < hi.value ||
        (lo.value === hi.value && lo.inclusive && hi.inclusive),
    )
    .map(({ lo, hi }): Band => {
      const b: Band = { points: 1 };
      if (lo) b[lo.inclusive ? 'atLeast' : 'above'] = lo.value;
      if (hi) b[hi.inclusive ? 'atMost' : 'below'] = hi.value;
      return b;
    });
  return fc.array(band, { minLength: 1, maxLength: 5 });
}

const holds = (b: Band, v: number) =>
  (b.atLeast === undefined || v >= b.atLeast) &&
  (b.above === undefined || v > b.above) &&
  (b.atMost === undefined || v <= b.atMost) &&
  (b.below === undefined || v < b.below);

const coveredOnce = (list: Band[], values: number[]) =>
  values.every((v) => list.filter((b) => holds(b, v)).length === 1);

describe('band coverage (fast-check against brute force)', () => {
  test('whole-number measures: accepted exactly when each whole number is in one band', () => {
    // Edges lie in 0–8; every whole number from 9 up behaves as 9 does, so 0–9 and a far one decide.
    const values = [...Array.from({ length: 10 }, (_, i) => i), 1000];
    fc.assert(
      fc.property(bands(-1, 8), (list) => {
        expect(bandCoverageProblems(list, COUNTS).length === 0).toBe(coveredOnce(list, values));
      }),
      { numRuns: 3000 },
    );
  });

  test('scores 0–100: accepted exactly when each value is in one band', () => {
    // Edges lie on multiples of ½, so the multiples of ¼ include a value of every piece between them.
    const values = Array.from({ length: 401 }, (_, i) => i / 4);
    fc.assert(
      fc.property(bands(-1, 101), (list) => {
        expect(bandCoverageProblems(list, SCORES).length === 0).toBe(coveredOnce(list, values));
      }),
      { numRuns: 3000 },
    );
  });
});
