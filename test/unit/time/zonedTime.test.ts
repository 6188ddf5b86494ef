// The local dates and deadlines of shared/domain/values.ts (Intl only, the one implementation the forms and the
// scoring calendar share) agree with luxon: today in a zone, a deadline's instant across DST changes, and the
// emails' date wording.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  instantOfLocalTime,
  localDate,
  localDateTime,
  zoneOffsetMinutes,
} from '#shared/domain/values.ts';
import { submittedOnTime } from '#shared/forms/dailyReport.ts';
import { formatDay, formatInstant, formatMonth, formatShortMonth } from '#shared/mail/locale.ts';
import { defaultRubric } from '#shared/rubric/default.ts';

const ZONES = [
  'Asia/Shanghai',
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Lord_Howe', // a 30-minute DST shift
  'Asia/Kathmandu', // +05:45
  'Pacific/Apia', // skipped a whole day in 2011
  'America/Sao_Paulo',
] as const;
const zone = fc.constantFrom(...ZONES);
// 1990–2040, whole minutes.
const instant = fc.integer({ min: 631_152_000, max: 2_208_988_800 }).map((s) => s * 1000);
const date = instant.map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('local dates and times in a zone', () => {
  it('gives the same local date, minute and offset as luxon', () => {
    fc.assert(
      fc.property(instant, zone, (ms, tz) => {
        const dt = DateTime.fromMillis(ms, { zone: tz });
        expect(localDate(ms, tz)).toBe(dt.toISODate());
        expect(localDateTime(new Date(ms), tz)).toBe(dt.toFormat('yyyy-MM-dd HH:mm'));
        expect(zoneOffsetMinutes(ms, tz)).toBe(dt.offset);
      }),
      { numRuns: 2000 },
    );
  });

  it('adds calendar days across month and year ends and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    fc.assert(
      fc.property(date, fc.integer({ min: -400, max: 400 }), (d, n) => {
        expect(addDays(d, n)).toBe(DateTime.fromISO(d, { zone: 'UTC' }).plus({ days: n }).toISODate());
      }),
    );
  });

  it('finds the instant of a local time as luxon does, including times the clocks skip', () => {
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        zone,
        (d, h, m, tz) => {
          const ours = instantOfLocalTime(d, h, m, tz);
          const wall = `${d} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          // A time the clocks repeat has two instants; we take the first (tested below), luxon depends on its guess.
          const repeated =
            localDateTime(ours + 3_600_000, tz) === wall || localDateTime(ours + 1_800_000, tz) === wall;
          if (repeated) return;
          const theirs = DateTime.fromObject(
            {
              year: Number(d.slice(0, 4)),
              month: Number(d.slice(5, 7)),
              day: Number(d.slice(8)),
              hour: h,
              minute: m,
            },
            { zone: tz },
          ).toMillis();
          // luxon guesses the offset from its neighbours; right after some gaps (Apia, 2011-09-24 04:00) it lands
          // an hour late. A time that exists must then read back as itself, which is what ours is held to.
          if (localDateTime(new Date(theirs), tz) !== wall && localDateTime(new Date(ours), tz) === wall)
            return;
          expect(ours).toBe(theirs);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads a time just after a gap as itself (where luxon lands an hour late)', () => {
    // Apia moved 03:00 → 04:00 (UTC−11 → UTC−10) on 2011-09-24: 04:00 local is 14:00Z.
    const ms = instantOfLocalTime('2011-09-24', 4, 0, 'Pacific/Apia');
    expect(new Date(ms).toISOString()).toBe('2011-09-24T14:00:00.000Z');
    expect(localDateTime(new Date(ms), 'Pacific/Apia')).toBe('2011-09-24 04:00');
  });

  it('takes the first of a repeated time and moves a skipped time later by the gap', () => {
    // New York fell back at 2026-11-01 02:00 EDT → 01:00 EST: 01:30 happened at 05:30Z and again at 06:30Z.
    expect(new Date(instantOfLocalTime('2026-11-01', 1, 30, 'America/New_York')).toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    // It sprang forward at 2026-03-08 02:00 EST → 03:00 EDT: 02:30 does not exist and reads as 03:30 EDT.
    const skipped = instantOfLocalTime('2026-03-08', 2, 30, 'America/New_York');
    expect(new Date(skipped).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(localDateTime(skipped, 'America/New_York')).toBe('2026-03-08 03:30');
  });

  it('counts a daily report on time up to the deadline in the organisation zone and late one minute after', () => {
    // The rubric's deadline (the next day at 12:00 local); Shanghai is UTC+8 all year.
    expect(defaultRubric.dailyReportDeadline).toEqual({ daysAfter: 1, time: '12:00' });
    const deadline = Date.parse('2026-10-15T04:00:00Z');
    const at = (ms: number) => new Date(ms).toISOString();
    expect(submittedOnTime('2026-10-14', at(deadline), 'Asia/Shanghai')).toBe(true);
    expect(submittedOnTime('2026-10-14', at(deadline + 60_000), 'Asia/Shanghai')).toBe(false);
  });
});

describe('the emails date wording (Intl, as luxon formatted it)', () => {
  const language = fc.constantFrom('zh-CN' as const, 'en' as const);
  it('formats months, days and instants exactly as before', () => {
    fc.assert(
      fc.property(instant, zone, language, (ms, tz, lang) => {
        const iso = new Date(ms).toISOString();
        const day = iso.slice(0, 10);
        const month = iso.slice(0, 7);
        const utc = (s: string) => DateTime.fromISO(s, { zone: 'UTC' }).setLocale(lang);
        expect(formatMonth(month, lang)).toBe(
          utc(`${month}-01`).toLocaleString({ year: 'numeric', month: 'long' }),
        );
        expect(formatShortMonth(month, lang)).toBe(
          utc(`${month}-01`).toLocaleString({ year: '2-digit', month: 'short' }),
        );
        expect(formatDay(day, lang)).toBe(utc(day).toLocaleString({ month: 'short', day: 'numeric' }));
        const local = DateTime.fromISO(iso, { zone: tz }).setLocale(lang);
        expect(formatInstant(iso, tz, lang)).toBe(
          `${local.toLocaleString({ year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })} (${tz})`,
        );
      }),
      { numRuns: 500 },
    );
  });
});
