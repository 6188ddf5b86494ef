// The values of time and identity every layer shares: a month (`YYYY-MM`), a local date (`YYYY-MM-DD`), an IANA
// zone, a language, and the product's defaults. All date arithmetic of the product (next/previous month, first and
// last day, ISO weeks, the local date of an instant, a local time's instant) is here, on the platform's Intl and
// Date.UTC only: one implementation for the forms, the scoring engine and the pipeline, and no date library in
// any bundle (luxon is a dev dependency: the tests check these against it, two benches build inputs with it).

/** A calendar month, `YYYY-MM`. */
export type Month = string;
/** A calendar date without a zone, `YYYY-MM-DD`. */
export type LocalDate = string;
/** An IANA time zone name, e.g. `Asia/Shanghai`. */
export type Zone = string;

/** The product's default zone (kpi-sheet.md "Period") when the organisation has not set its own. */
export const DEFAULT_ZONE: Zone = 'Asia/Shanghai';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The language of everything a person gets when nobody chose another. */
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

// Constructing an Intl.DateTimeFormat is costly (more than scoring a whole month); zone names are few.
const knownZones = new Map<string, boolean>();

/** Whether `value` names an IANA time zone this platform knows. */
export function isZone(value: string): boolean {
  let known = knownZones.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      known = true;
    } catch {
      known = false;
    }
    // Bounded: a stream of invalid names must not grow the cache without limit.
    if (knownZones.size < 1000) knownZones.set(value, known);
  }
  return known;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: constructing an Intl.DateTimeFormat costs far more than using it. */
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading in `timeZone` at epoch milliseconds `ms` (whole seconds). */
function localParts(ms: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of partsFormat(timeZone).formatToParts(ms)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Minutes `timeZone` is ahead of UTC at epoch milliseconds `ms`. */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000);
}

/** The local date (YYYY-MM-DD) in `timeZone` at `instant`. */
export function localDate(instant: Date | number, timeZone: Zone): LocalDate {
  const p = localParts(typeof instant === 'number' ? instant : instant.getTime(), timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The local date and minute ("YYYY-MM-DD HH:mm") in `timeZone` at `instant`. */
export function localDateTime(instant: Date | number, timeZone: Zone): string {
  const p = localParts(typeof instant === 'number' ? instant : instant.getTime(), timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The calendar date `days` after `date` (YYYY-MM-DD; negative goes back). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/**
 * Epoch milliseconds of the local time `date` `hour`:`minute` in `timeZone`. A time the clocks repeat (falling
 * back) is its first occurrence; a time they skip (springing forward) is moved later by the gap, as luxon does.
 */
export function instantOfLocalTime(date: string, hour: number, minute: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y!, m! - 1, d!, hour, minute);
  // Zones change their offset at most once within a day either side, so the offsets in force a day before and a
  // day after are the only candidates.
  const before = zoneOffsetMinutes(wall - 86_400_000, timeZone);
  const after = zoneOffsetMinutes(wall + 86_400_000, timeZone);
  const valid = [before, after]
    .map((offset) => wall - offset * 60_000)
    .filter((t) => zoneOffsetMinutes(t, timeZone) * 60_000 === wall - t);
  return valid.length > 0 ? Math.min(...valid) : wall - Math.min(before, after) * 60_000;
}

/**
 * The first instant (epoch ms) whose local date in `timeZone` is `date` (kpi-sheet.md, Period): where the clocks
 * go back at midnight, the first of the two midnights (Havana, 1 Nov 2026); where they skip midnight, the
 * instant they jump past it; for a date the zone skipped entirely (Pacific/Apia, 2011-12-30), the start of the
 * next date. Never a guess that depends on today's date (luxon resolves an ambiguous local time that way).
 */
export function startOfLocalDate(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y!, m! - 1, d!);
  const before = zoneOffsetMinutes(wall - 86_400_000, timeZone);
  const after = zoneOffsetMinutes(wall + 86_400_000, timeZone);
  let first = Number.POSITIVE_INFINITY;
  for (const offset of before === after ? [before] : [before, after]) {
    const t = wall - offset * 60_000;
    if (zoneOffsetMinutes(t, timeZone) === offset && t < first) first = t;
  }
  if (first !== Number.POSITIVE_INFINITY) return first;
  // The clocks skipped midnight: their reading is before it at `lo` and after it at `hi`; find the jump.
  let lo = wall - Math.max(before, after) * 60_000;
  let hi = wall - Math.min(before, after) * 60_000;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (mid + zoneOffsetMinutes(mid, timeZone) * 60_000 >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

// Dates repeat across the inputs of a month, and a zone's offsets cost microseconds to look up.
const skippedDates = new Map<string, Map<string, boolean>>();

/** Whether the clocks of `timeZone` skipped the whole local date (no instant has it, e.g. Pacific/Apia 2011-12-30). */
export function isSkippedDate(date: string, timeZone: string): boolean {
  let known = skippedDates.get(timeZone);
  if (known === undefined) {
    known = new Map();
    // Bounded: arbitrary inputs must not grow the cache without limit.
    if (skippedDates.size < 1000) skippedDates.set(timeZone, known);
  }
  let skipped = known.get(date);
  if (skipped === undefined) {
    skipped = startOfLocalDate(date, timeZone) === startOfLocalDate(addDays(date, 1), timeZone);
    if (known.size < 20_000) known.set(date, skipped);
  }
  return skipped;
}

// ── months and weeks ─────────────────────────────────────────────────────────────────────────────────────────

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether `value` is a month `YYYY-MM`. */
export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

function monthParts(month: Month): { year: number; month: number } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`invalid month ${month}: expected YYYY-MM`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** The month `n` months after `month` (negative goes back). */
export function addMonths(month: Month, n: number): Month {
  const p = monthParts(month);
  const index = p.year * 12 + (p.month - 1) + n;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

export const nextMonth = (month: Month): Month => addMonths(month, 1);
export const previousMonth = (month: Month): Month => addMonths(month, -1);

/** `count` months ending with `month`, oldest first. */
export function monthsEndingWith(month: Month, count: number): Month[] {
  return Array.from({ length: count }, (_, i) => addMonths(month, i - count + 1));
}

/** The month's first date. */
export function firstDayOf(month: Month): LocalDate {
  monthParts(month);
  return `${month}-01`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1–12) of `year`, leap years by the Gregorian rule. */
export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1]!;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** The month's last date. */
export function lastDayOf(month: Month): LocalDate {
  const p = monthParts(month);
  return `${month}-${pad(daysInMonth(p.year, p.month))}`;
}

/** The local month an instant falls in. */
export function monthOf(instant: Date | number, timeZone: Zone): Month {
  return localDate(instant, timeZone).slice(0, 7);
}

/** The month's first instant in `timeZone` (epoch ms), by the one rule of startOfLocalDate. */
export function startOfMonth(month: Month, timeZone: Zone): number {
  return startOfLocalDate(firstDayOf(month), timeZone);
}

/** The instant of a schedule slot (day 1–28, `HH:MM` local time) in `month`. */
export function slotInstant(month: Month, slot: { day: number; time: string }, timeZone: Zone): Date {
  const [hour, minute] = slot.time.split(':').map(Number) as [number, number];
  return new Date(instantOfLocalTime(`${month}-${pad(slot.day)}`, hour, minute, timeZone));
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return ((new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay() + 6) % 7) + 1;
}

/** The Thursday of the ISO week holding `date`: its year and month are the week's. */
function thursdayOf(date: LocalDate): LocalDate {
  return addDays(date, 4 - isoWeekday(date));
}

/** ISO week id of a date, e.g. `2026-W41`. */
export function isoWeekOf(date: LocalDate): string {
  const thursday = thursdayOf(date);
  const year = Number(thursday.slice(0, 4));
  const [, m, d] = thursday.split('-').map(Number);
  const dayOfYear = (Date.UTC(year, m! - 1, d!) - Date.UTC(year, 0, 1)) / 86_400_000;
  return `${pad(year, 4)}-W${pad(Math.floor(dayOfYear / 7) + 1)}`;
}

/** The month the ISO week holding `date` belongs to: the month of that week's Thursday. */
export function monthOfWeek(date: LocalDate): Month {
  return thursdayOf(date).slice(0, 7);
}

/** Whole days from `from` to `to` (calendar dates; negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return (Date.UTC(ty!, tm! - 1, td!) - Date.UTC(fy!, fm! - 1, fd!)) / 86_400_000;
}
