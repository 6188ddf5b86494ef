// The calendar frame: local day boundaries (with daylight saving), workdays, make-up days, ISO-Thursday weeks
// that reach into neighbouring months, deadlines, and an engineer's own workdays.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { isoWeekOf, localDate, monthOfWeek } from '#shared/domain/values.ts';
import {
  engineerWorkdays,
  monthFrame,
  monthWorkdays,
  type OrganisationCalendar,
} from '#shared/scoring/calendar.ts';
import { indicator, perfectMonth, scoreJson } from './month.ts';

const NO_CALENDAR: OrganisationCalendar = { holidays: [], workdays: [] };
const NOON_NEXT_DAY = { daysAfter: 1, time: '12:00' };
const frameOf = (month: string, zone = 'Asia/Shanghai', calendar = NO_CALENDAR) =>
  monthFrame(month, zone, calendar, NOON_NEXT_DAY);
const at = (date: string, frame: ReturnType<typeof frameOf>) => frame.indexOf.get(date)!;
const HOUR = 3_600_000;

describe('month frame', () => {
  test('October 2026 in Shanghai: 22 workdays, five weeks from 28 Sep to 1 Nov', () => {
    const frame = frameOf('2026-10');
    expect(monthWorkdays(frame, frame.orgWorkday)).toHaveLength(22);
    expect(frame.weeks.map((w) => w.id)).toEqual([
      '2026-W40',
      '2026-W41',
      '2026-W42',
      '2026-W43',
      '2026-W44',
    ]);
    expect(frame.dates[0]).toBe('2026-09-28');
    expect(frame.dates.at(-1)).toBe('2026-11-01');
    expect(frame.monthStartMs).toBe(Date.parse('2026-10-01T00:00:00+08:00'));
    expect(frame.monthEndMs).toBe(Date.parse('2026-11-01T00:00:00+08:00'));
  });

  test('November 2026 starts on a Sunday: 1 Nov belongs to October’s last week, 30 Nov to December’s first', () => {
    const frame = frameOf('2026-11');
    expect(frame.weeks.map((w) => [w.id, w.start])).toEqual([
      ['2026-W45', '2026-11-02'],
      ['2026-W46', '2026-11-09'],
      ['2026-W47', '2026-11-16'],
      ['2026-W48', '2026-11-23'],
    ]);
    expect(frame.weekOfDay[at('2026-11-01', frame)]).toBe(-1);
    expect(frame.weekOfDay[at('2026-11-30', frame)]).toBe(-1);
    expect(frame.weekOfDay[at('2026-11-29', frame)]).toBe(3);
    expect(monthWorkdays(frame, frame.orgWorkday)).toHaveLength(21);
  });

  test('a year-end month: the last week of December 2026 is 2026-W53 and reaches into January', () => {
    const frame = frameOf('2026-12');
    expect(frame.weeks.at(-1)).toMatchObject({ id: '2026-W53', start: '2026-12-28', end: '2027-01-03' });
    expect(frameOf('2027-01').weeks[0]).toMatchObject({ id: '2027-W01', start: '2027-01-04' });
  });

  test('March 2026 in New York: the day daylight saving starts is 23 hours long', () => {
    const frame = frameOf('2026-03', 'America/New_York');
    const sunday = at('2026-03-08', frame);
    expect(frame.dayStartMs[sunday + 1]! - frame.dayStartMs[sunday]!).toBe(23 * HOUR);
    expect(frame.monthStartMs).toBe(Date.parse('2026-03-01T00:00:00-05:00'));
    expect(frame.monthEndMs).toBe(Date.parse('2026-04-01T00:00:00-04:00'));
    // A report for Saturday 7 March is due Sunday noon, after the clocks went forward.
    expect(frame.deadlineMs[at('2026-03-07', frame)]).toBe(Date.parse('2026-03-08T12:00:00-04:00'));
    expect(frame.deadlineMs[at('2026-03-06', frame)]).toBe(Date.parse('2026-03-07T12:00:00-05:00'));
  });

  test('November 2026 in New York: the day daylight saving ends is 25 hours long', () => {
    const frame = frameOf('2026-11', 'America/New_York');
    const sunday = at('2026-11-01', frame);
    expect(frame.dayStartMs[sunday + 1]! - frame.dayStartMs[sunday]!).toBe(25 * HOUR);
    expect(frame.monthStartMs).toBe(Date.parse('2026-11-01T00:00:00-04:00'));
    expect(frame.monthEndMs).toBe(Date.parse('2026-12-01T00:00:00-05:00'));
  });

  test('a day without a midnight (São Paulo, 3 Nov 2002) is still a day of the frame', () => {
    const frame = frameOf('2002-11', 'America/Sao_Paulo');
    const sunday = at('2002-11-03', frame);
    expect(frame.dayStartMs[sunday]).toBe(Date.parse('2002-11-03T01:00:00-02:00'));
    expect(frame.dayStartMs[sunday + 1]! - frame.dayStartMs[sunday]!).toBe(23 * HOUR);
    // The last week (25 Nov–1 Dec) reaches into December and is complete.
    expect(frame.dates.at(-1)).toBe('2002-12-01');
    expect(frame.monthEndMs).toBe(Date.parse('2002-12-01T00:00:00-02:00'));
  });

  test('holidays are not workdays; a make-up Saturday is', () => {
    const frame = frameOf('2026-10', 'Asia/Shanghai', {
      holidays: ['2026-10-01', '2026-10-02'],
      workdays: ['2026-10-10'],
    });
    expect(frame.orgWorkday[at('2026-10-01', frame)]).toBe(false);
    expect(frame.orgWorkday[at('2026-10-10', frame)]).toBe(true);
    expect(frame.orgWorkday[at('2026-10-11', frame)]).toBe(false);
    expect(monthWorkdays(frame, frame.orgWorkday)).toHaveLength(22 - 2 + 1);
  });

  test('the same month and calendar give the same frame (memoized)', () => {
    expect(frameOf('2026-10')).toBe(frameOf('2026-10'));
    expect(frameOf('2026-10', 'America/New_York')).not.toBe(frameOf('2026-10'));
  });
});

describe("an engineer's workdays", () => {
  const frame = frameOf('2026-10');
  test('employment starting mid-month', () => {
    const days = monthWorkdays(frame, engineerWorkdays(frame, { startDate: '2026-10-15' }));
    expect(days).toHaveLength(12);
    expect(days[0]).toBe('2026-10-15');
  });
  test('employment ending mid-month', () => {
    const days = monthWorkdays(frame, engineerWorkdays(frame, { endDate: '2026-10-14' }));
    expect(days).toHaveLength(10);
    expect(days.at(-1)).toBe('2026-10-14');
  });
  test('approved leave', () => {
    const days = monthWorkdays(
      frame,
      engineerWorkdays(frame, { leave: ['2026-10-12', '2026-10-13', '2026-10-17'] }),
    );
    expect(days).toHaveLength(20);
    expect(days).not.toContain('2026-10-12');
  });

  test('a new hire is not asked for reports before starting, nor for visits in weeks before', () => {
    const m = perfectMonth();
    m.engineer.startDate = '2026-10-15';
    m.dailyReports = m.dailyReports!.filter((r) => r.date >= '2026-10-15');
    m.followUps = m.followUps!.filter((f) => f.date >= '2026-10-15');
    const card = scoreJson(m);
    expect(indicator(card, 'dailyReport').measured).toMatchObject({ workdays: 12, missed: 0 });
    expect(indicator(card, 'followUp').measured.projects[0]!.cells).toEqual([
      'not-required',
      'not-required',
      'missed',
      'visited',
      'visited',
    ]);
  });
});

describe('local dates', () => {
  test('an instant is read in the organisation’s time zone', () => {
    expect(localDate(Date.parse('2026-10-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-01');
    expect(localDate(Date.parse('2026-11-01T03:30:00Z'), 'America/New_York')).toBe('2026-10-31');
  });
  test('a request due late on 31 Oct in New York is October there, November in Shanghai', () => {
    const m = perfectMonth();
    m.supportRequests = [
      { customer: 'Acme', dueAt: '2026-11-01T03:30:00Z', resolvedAt: null, independent: false },
    ];
    expect(indicator(scoreJson(m), 'resolution').points).toBe(35);
    m.timezone = 'America/New_York';
    expect(indicator(scoreJson(m), 'resolution').points).toBe(30);
  });
  test('the week of a date belongs to the month of its Thursday', () => {
    expect(monthOfWeek('2026-09-28')).toBe('2026-10');
    expect(monthOfWeek('2026-11-01')).toBe('2026-10');
    expect(monthOfWeek('2026-11-30')).toBe('2026-12');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
  });
});

describe('every month 1990–2040 in zones with daylight saving', () => {
  const zones = [
    'Asia/Shanghai',
    'America/New_York',
    'Europe/London',
    'Australia/Sydney',
    'America/Sao_Paulo',
    'Pacific/Chatham',
    'America/Havana',
  ];
  const months = fc
    .record({
      year: fc.integer({ min: 1990, max: 2040 }),
      month: fc.integer({ min: 1, max: 12 }),
      zone: fc.constantFrom(...zones),
    })
    .map(({ year, month, zone }) => ({ id: `${year}-${String(month).padStart(2, '0')}`, zone }));

  test('its weeks are the consecutive Monday–Sunday weeks whose Thursday lies in the month', () => {
    fc.assert(
      fc.property(months, ({ id, zone }) => {
        const frame = frameOf(id, zone);
        const thursdays = frame.dates.filter((d) => d.startsWith(id) && DateTime.fromISO(d).weekday === 4);
        expect(frame.weeks.map((w) => frame.dates[w.firstDay + 3])).toEqual(thursdays);
        for (const w of frame.weeks) {
          expect(DateTime.fromISO(w.start).weekday).toBe(1);
          expect(monthOfWeek(w.start)).toBe(id);
        }
      }),
    );
  });

  test('its local days are consecutive, 23 to 25 hours long, and tile the month exactly', () => {
    const dateAt = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISODate()!;
    fc.assert(
      fc.property(months, ({ id, zone }) => {
        const frame = frameOf(id, zone);
        // Each day starts at the first instant whose local date is that day (01:00 where the 1st has no
        // midnight, as in Havana in April 2001; the first of two midnights, as in Havana on 1 Nov 2026).
        for (let i = 0; i < frame.dates.length; i++) {
          expect(dateAt(frame.dayStartMs[i]!, zone)).toBe(frame.dates[i]);
          expect(dateAt(frame.dayStartMs[i]! - 1, zone) < frame.dates[i]!).toBe(true);
          const hours = (frame.dayStartMs[i + 1]! - frame.dayStartMs[i]!) / HOUR;
          expect(hours).toBeGreaterThanOrEqual(23);
          expect(hours).toBeLessThanOrEqual(25);
        }
        expect(frame.monthStartMs).toBe(frame.dayStartMs[frame.indexOf.get(`${id}-01`)!]);
        expect(dateAt(frame.monthEndMs, zone).slice(0, 7) > id).toBe(true);
        expect(dateAt(frame.monthEndMs - 1, zone).slice(0, 7)).toBe(id);
        expect(frame.monthLastDay - frame.monthFirstDay + 1).toBe(DateTime.fromISO(`${id}-01`).daysInMonth);
      }),
    );
  });
});
