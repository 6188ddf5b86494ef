// kpi-sheet.md, Period: an instant belongs to a month exactly when its local date does, so no instant belongs to
// two months or to none, even where the clocks go back at midnight or skip a whole day.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { monthFrame, monthWorkdays } from '#shared/scoring/calendar.ts';
import type { ScoringInputJson } from '#shared/scoring/input.ts';
import { indicator, scoreJson } from './month.ts';

const NO_CALENDAR = { holidays: [], workdays: [] };
const NOON_NEXT_DAY = { daysAfter: 1, time: '12:00' };

/** The support requests due in `month` when one request is due at `dueAt`: 1 or 0. */
function requestsDueIn(month: string, timezone: string, dueAt: string): number {
  const input: ScoringInputJson = {
    month,
    timezone,
    engineer: { id: 'e-1' },
    supportRequests: [{ customer: 'Acme', dueAt, resolvedAt: null, independent: true }],
  };
  return indicator(scoreJson(input), 'resolution').measured.requestsDue;
}

describe('the month an instant belongs to', () => {
  // Havana's clocks go back from 01:00 to 00:00 on 1 Nov 2026: 00:00–01:00 happens twice, both on the 1st.
  test.each([
    ['2026-11-01T00:00:00-04:00', '2026-11'],
    ['2026-11-01T00:30:00-04:00', '2026-11'],
    ['2026-11-01T00:59:59.999999999-04:00', '2026-11'],
    ['2026-11-01T00:30:00-05:00', '2026-11'],
    ['2026-10-31T23:59:59.999999999-04:00', '2026-10'],
  ])('Havana, due %s: %s only', (dueAt, month) => {
    expect(requestsDueIn('2026-10', 'America/Havana', dueAt)).toBe(month === '2026-10' ? 1 : 0);
    expect(requestsDueIn('2026-11', 'America/Havana', dueAt)).toBe(month === '2026-11' ? 1 : 0);
  });

  test('Havana: October ends and November starts at the first of the two midnights', () => {
    const oct = monthFrame('2026-10', 'America/Havana', NO_CALENDAR, NOON_NEXT_DAY);
    const nov = monthFrame('2026-11', 'America/Havana', NO_CALENDAR, NOON_NEXT_DAY);
    expect(oct.monthEndMs).toBe(Date.parse('2026-11-01T00:00:00-04:00'));
    expect(nov.monthStartMs).toBe(oct.monthEndMs);
    // The 1st is 25 hours long.
    const first = nov.indexOf.get('2026-11-01')!;
    expect(nov.dayStartMs[first + 1]! - nov.dayStartMs[first]!).toBe(25 * 3_600_000);
  });

  test('Samoa skipped 30 Dec 2011: the frame keeps the date, as no workday, and every week has seven days', () => {
    const frame = monthFrame('2011-12', 'Pacific/Apia', NO_CALENDAR, NOON_NEXT_DAY);
    expect(frame.dates.slice(-4)).toEqual(['2011-12-29', '2011-12-30', '2011-12-31', '2012-01-01']);
    const skipped = frame.indexOf.get('2011-12-30')!;
    expect(frame.dayStartMs[skipped]).toBe(frame.dayStartMs[skipped + 1]);
    expect(frame.orgWorkday[skipped]).toBe(false);
    // 22 weekdays in December 2011, one of them (Friday the 30th) never happened there.
    expect(monthWorkdays(frame, frame.orgWorkday)).toHaveLength(21);
    expect(frame.weeks.at(-1)).toMatchObject({ start: '2011-12-26', end: '2012-01-01' });
    expect(frame.dates[frame.weeks.at(-1)!.firstDay + 6]).toBe('2012-01-01');
    // Thursday 29 Dec ended at 24:00 -10:00, which was Saturday 31 Dec 00:00 +14:00.
    expect(frame.dayStartMs[skipped]).toBe(Date.parse('2011-12-31T00:00:00+14:00'));
    expect(frame.monthEndMs).toBe(Date.parse('2012-01-01T00:00:00+14:00'));
  });

  test('the month frame does not depend on today’s date', () => {
    // luxon resolves an ambiguous local time with an offset guessed from the current time; the frame must not.
    const realNow = Date.now;
    try {
      const frames = ['2026-04-01T12:00:00Z', '2026-11-15T12:00:00Z'].map((now, i) => {
        Date.now = () => Date.parse(now);
        // A calendar not used before (frames are memoized), so each frame is computed under its own clock.
        const holidays = [`2026-11-0${i + 2}`];
        return monthFrame('2026-11', 'America/Havana', { holidays, workdays: [] }, NOON_NEXT_DAY);
      });
      expect(frames[0]!.monthStartMs).toBe(Date.parse('2026-11-01T00:00:00-04:00'));
      expect(frames[1]!.monthStartMs).toBe(frames[0]!.monthStartMs);
    } finally {
      Date.now = realNow;
    }
  });
});

// Each run builds month frames in new zones and months: a few seconds on a busy machine.
const PROPERTY = { timeout: 60_000 };

describe('every instant belongs to exactly the month of its local date (fast-check)', () => {
  // Zones whose clocks change at midnight (or skip a day), and one without daylight saving.
  const zones = [
    'America/Havana',
    'America/Santiago',
    'America/Sao_Paulo',
    'Asia/Beirut',
    'America/Asuncion',
    'Atlantic/Azores',
    'Pacific/Apia',
    'Asia/Shanghai',
  ];
  const month = (year: number, m: number) => `${year}-${String(m).padStart(2, '0')}`;

  // Instants close to the start of a month (where the months meet) or anywhere in it, to the nanosecond.
  const anyMonth = fc.record({
    zone: fc.constantFrom(...zones),
    year: fc.integer({ min: 2001, max: 2040 }),
    month: fc.integer({ min: 1, max: 12 }),
  });
  // Months whose 1st starts with a change of the clocks, which random months rarely hit.
  const clocksChangeOnThe1st = fc.constantFrom(
    { zone: 'America/Havana', year: 2026, month: 11 },
    { zone: 'America/Havana', year: 2020, month: 11 },
    { zone: 'America/Havana', year: 2015, month: 11 },
    { zone: 'America/Havana', year: 2009, month: 11 },
    { zone: 'America/Havana', year: 2012, month: 4 },
    { zone: 'Pacific/Apia', year: 2012, month: 1 },
  );
  const instants = fc
    .record({
      where: fc.oneof(anyMonth, clocksChangeOnThe1st),
      fromStart: fc.oneof(
        fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }),
        fc.integer({ min: 0, max: 31 * 86_400_000 }),
      ),
      nanos: fc.integer({ min: 0, max: 999_999 }),
    })
    .map(({ where: { zone, year, month: m }, fromStart, nanos }) => {
      // The luxon reading of local midnight on the 1st: close to the boundary, not necessarily on it.
      const ms = DateTime.fromObject({ year, month: m, day: 1 }, { zone }).toMillis() + fromStart;
      const iso = new Date(ms).toISOString().replace('Z', `${String(nanos).padStart(6, '0')}Z`);
      return { zone, ms, iso };
    });

  test('counted in the month of its local date, and in neither neighbour', PROPERTY, () => {
    fc.assert(
      fc.property(instants, ({ zone, ms, iso }) => {
        // Reading an instant's local date is unambiguous; it is the oracle.
        const local = DateTime.fromMillis(ms, { zone });
        const own = local.toFormat('yyyy-MM');
        const before = local.minus({ months: 1 }).toFormat('yyyy-MM');
        const after = local.plus({ months: 1 }).toFormat('yyyy-MM');
        expect([before, own, after].map((m) => requestsDueIn(m, zone, iso))).toEqual([0, 1, 0]);
      }),
      { numRuns: 300 },
    );
  });

  test('consecutive months meet exactly: each ends where the next starts', PROPERTY, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 2001, max: 2040 }),
        fc.integer({ min: 1, max: 12 }),
        (zone, year, m) => {
          const next = m === 12 ? month(year + 1, 1) : month(year, m + 1);
          const a = monthFrame(month(year, m), zone, NO_CALENDAR, NOON_NEXT_DAY);
          const b = monthFrame(next, zone, NO_CALENDAR, NOON_NEXT_DAY);
          expect(a.monthEndMs).toBe(b.monthStartMs);
          expect(DateTime.fromMillis(b.monthStartMs, { zone }).toFormat('yyyy-MM')).toBe(next);
          expect(DateTime.fromMillis(b.monthStartMs - 1, { zone }).toFormat('yyyy-MM')).toBe(month(year, m));
        },
      ),
      { numRuns: 300 },
    );
  });
});
