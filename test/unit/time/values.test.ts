// The month and week arithmetic of shared/domain/values.ts (Intl + Date.UTC, the product's one date implementation)
// agrees with luxon, the reference it replaced in the calendar, the month timeline and the scheduler.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  firstDayOf,
  isMonth,
  isoWeekday,
  isoWeekOf,
  lastDayOf,
  monthOf,
  monthOfWeek,
  monthsEndingWith,
  nextMonth,
  previousMonth,
  slotInstant,
} from '#shared/domain/values.ts';

const ZONES = [
  'Asia/Shanghai',
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/Havana',
  'America/Sao_Paulo',
] as const;
const zone = fc.constantFrom(...ZONES);
const month = fc
  .record({ year: fc.integer({ min: 1990, max: 2040 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}`);
const date = fc
  .integer({ min: 7305, max: 25567 }) // 1990-01-01 … 2039-12-31, as days since the epoch
  .map((days) => new Date(days * 86_400_000).toISOString().slice(0, 10));
const instant = fc.integer({ min: 631_152_000, max: 2_208_988_800 }).map((s) => s * 1000);
const luxonMonth = (m: string) => DateTime.fromISO(`${m}-01`, { zone: 'UTC' });

describe('months', () => {
  it('adding months agrees with luxon, across years and both ways', () => {
    fc.assert(
      fc.property(month, fc.integer({ min: -30, max: 30 }), (m, n) => {
        expect(addMonths(m, n)).toBe(luxonMonth(m).plus({ months: n }).toFormat('yyyy-MM'));
      }),
    );
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(monthsEndingWith('2027-02', 6)).toEqual([
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
  });

  it('a month’s first and last day agree with luxon, leap years included', () => {
    fc.assert(
      fc.property(month, (m) => {
        expect(firstDayOf(m)).toBe(`${m}-01`);
        expect(lastDayOf(m)).toBe(luxonMonth(m).endOf('month').toISODate());
      }),
    );
    expect(lastDayOf('2028-02')).toBe('2028-02-29');
    expect(lastDayOf('2100-02')).toBe('2100-02-28');
  });

  it('refuses what is not a month, naming it', () => {
    for (const bad of ['2026-13', '2026-00', '2026-1', '202610', '']) {
      expect(isMonth(bad)).toBe(false);
      expect(() => addMonths(bad, 1)).toThrow(`invalid month ${bad}`);
    }
  });

  it('the month of an instant is the month of its local date, as luxon reads it', () => {
    fc.assert(
      fc.property(instant, zone, (ms, z) => {
        expect(monthOf(ms, z)).toBe(DateTime.fromMillis(ms, { zone: z }).toFormat('yyyy-MM'));
      }),
    );
    // 16:30 UTC on 31 October is already November in Shanghai.
    expect(monthOf(Date.parse('2026-10-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11');
    expect(monthOf(Date.parse('2026-10-31T16:30:00Z'), 'America/New_York')).toBe('2026-10');
  });

  it('a schedule slot is the local time luxon gives wherever the clocks read it once', () => {
    fc.assert(
      fc.property(
        month,
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        zone,
        (m, day, hour, minute, z) => {
          const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const reference = luxonMonth(m).setZone(z, { keepLocalTime: true }).set({ day, hour, minute });
          const wall = reference.toFormat('yyyy-MM-dd HH:mm');
          // Skipped or repeated local times: values.ts documents its own rule for those (instantOfLocalTime).
          const readOnce =
            reference.hour === hour &&
            reference.minus({ hours: 1 }).toFormat('yyyy-MM-dd HH:mm') !== wall &&
            reference.plus({ hours: 1 }).toFormat('yyyy-MM-dd HH:mm') !== wall;
          if (readOnce) expect(slotInstant(m, { day, time }, z).getTime()).toBe(reference.toMillis());
        },
      ),
    );
    // The survey of October 2026 closes on 2 November, 23:59 in Shanghai.
    expect(slotInstant('2026-11', { day: 2, time: '23:59' }, 'Asia/Shanghai').toISOString()).toBe(
      '2026-11-02T15:59:00.000Z',
    );
  });
});

describe('ISO weeks', () => {
  it('weekday, week id and the month a week belongs to agree with luxon', () => {
    fc.assert(
      fc.property(date, (d) => {
        const reference = DateTime.fromISO(d, { zone: 'UTC' });
        expect(isoWeekday(d)).toBe(reference.weekday);
        expect(isoWeekOf(d)).toBe(`${reference.weekYear}-W${String(reference.weekNumber).padStart(2, '0')}`);
        expect(monthOfWeek(d)).toBe(reference.plus({ days: 4 - reference.weekday }).toFormat('yyyy-MM'));
      }),
      { numRuns: 500 },
    );
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2026-12-28')).toBe('2026-W53');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
  });
});
