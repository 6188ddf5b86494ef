// The hot-path timestamp reader agrees with Date.parse on every shape the input schema accepts.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isoTimestamp } from '#shared/domain/valueSchemas.ts';
import { instantMs } from '#shared/scoring/instant.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const timestamp = fc
  .record({
    // 2000-01-01 … 2100-12-31: the years the input schema accepts. An offset can take the instant a day beyond.
    epochDay: fc.integer({ min: 10_957, max: 47_846 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.option(fc.integer({ min: 0, max: 59 })),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/)),
    offset: fc.option(
      fc.record({
        sign: fc.constantFrom('+', '-'),
        h: fc.integer({ min: 0, max: 14 }),
        m: fc.constantFrom(0, 30, 45),
      }),
    ),
  })
  .map((t) => {
    const date = new Date(t.epochDay * 86_400_000).toISOString().slice(0, 10);
    const seconds =
      t.second === null ? '' : `:${pad(t.second)}${t.fraction === null ? '' : `.${t.fraction}`}`;
    const zone = t.offset === null ? 'Z' : `${t.offset.sign}${pad(t.offset.h)}:${pad(t.offset.m)}`;
    return `${date}T${pad(t.hour)}:${pad(t.minute)}${seconds}${zone}`;
  });

describe('instantMs', () => {
  test('equals Date.parse for every timestamp the input schema accepts', () => {
    fc.assert(
      fc.property(timestamp, (ts) => {
        expect(isoTimestamp.safeParse(ts).success).toBe(true);
        expect(instantMs(ts)).toBe(Date.parse(ts));
      }),
      { numRuns: 2000 },
    );
  });

  test('known instants', () => {
    expect(instantMs('2026-10-20T18:00:00+08:00')).toBe(Date.UTC(2026, 9, 20, 10));
    expect(instantMs('2026-03-08T02:30Z')).toBe(Date.UTC(2026, 2, 8, 2, 30));
    expect(instantMs('2024-02-29T23:59:59.999-05:00')).toBe(Date.UTC(2024, 2, 1, 4, 59, 59, 999));
  });
});
