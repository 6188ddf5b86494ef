// Local dates and times in an IANA time zone with the platform's Intl only: what the HTTP handlers need ("today
// in the organisation's zone", a deadline's instant, a closing time to show) without bundling luxon.
// The scoring engine's calendar takes its day starts and deadlines from here too, so a form and the score agree;
// a property test checks these agree with luxon where luxon is not ambiguous.

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
export function localDate(instant: Date | number, timeZone: string): string {
  const p = localParts(typeof instant === 'number' ? instant : instant.getTime(), timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The local date and minute ("YYYY-MM-DD HH:mm") in `timeZone` at `instant`. */
export function localDateTime(instant: Date | number, timeZone: string): string {
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
