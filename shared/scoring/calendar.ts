// The calendar of a scored month in the organisation's time zone: local days as epoch-ms boundaries, the
// organisation's workdays (Mon–Fri − holidays + make-up workdays), the ISO weeks that belong to the month
// (by their Thursday), the daily-report deadlines, and an engineer's own workdays (employment, leave).
// Built once per (month, zone, calendar, deadline) and memoized, so scoring compares plain numbers.
import {
  addDays,
  daysBetween,
  firstDayOf,
  instantOfLocalTime,
  isMonth,
  isoWeekday,
  isoWeekOf,
  isZone,
  lastDayOf,
  startOfLocalDate,
} from '../domain/values.ts';
import { compareInstants } from './instant.ts';

export interface OrganisationCalendar {
  /** Dates that are not workdays (public holidays). */
  holidays: readonly string[];
  /** Make-up workdays (调休): weekend dates declared workdays. */
  workdays: readonly string[];
}

export interface DeadlineRule {
  /** Calendar days after the reported day. */
  daysAfter: number;
  /** Local time HH:MM on that day. */
  time: string;
}

interface FrameWeek {
  /** ISO week id, e.g. `2026-W41`. */
  id: string;
  /** Monday and Sunday (may lie in the neighbouring months). */
  start: string;
  end: string;
  /** Index of the Monday in the frame's day arrays; the week is the seven days from there. */
  firstDay: number;
}

/**
 * One month's calendar, flattened into arrays indexed by day. The day range covers the month and every
 * week that belongs to it, so it can start in the previous month and end in the next.
 */
export interface MonthFrame {
  month: string;
  timezone: string;
  /** `YYYY-MM-DD` of each day in the range. */
  dates: readonly string[];
  /** Date → index into the day arrays. */
  indexOf: ReadonlyMap<string, number>;
  /**
   * The first instant (epoch ms) of each day, plus one more entry: the end of the last day. An instant belongs
   * to day i exactly when dayStartMs[i] ≤ it < dayStartMs[i + 1]; a date the zone skipped starts where the next
   * one does.
   */
  dayStartMs: readonly number[];
  /** The organisation's workdays (before an engineer's employment and leave). */
  orgWorkday: readonly boolean[];
  /** Day index → index into `weeks`, or -1 for a day of the month whose week belongs to a neighbouring month. */
  weekOfDay: readonly number[];
  /** First and last day index of the month itself (inclusive). */
  monthFirstDay: number;
  monthLastDay: number;
  /** The month's local boundaries: [monthStartMs, monthEndMs). */
  monthStartMs: number;
  monthEndMs: number;
  /** The weeks that belong to the month (their Thursday lies in it), in order. */
  weeks: readonly FrameWeek[];
  /** Latest on-time submission (epoch ms, inclusive) for a daily report on each day. */
  deadlineMs: readonly number[];
}

function parseTime(time: string): { hour: number; minute: number } {
  const [h, m] = time.split(':');
  return { hour: Number(h), minute: Number(m) };
}

function buildFrame(
  month: string,
  timezone: string,
  calendar: OrganisationCalendar,
  deadline: DeadlineRule,
): MonthFrame {
  // The frame's days are calendar dates (their arithmetic is done in UTC, where every date exists); only
  // their boundaries are instants of the zone.
  if (!isMonth(month) || !isZone(timezone))
    throw new RangeError(`invalid month ${month} or time zone ${timezone}`);
  const monthStart = firstDayOf(month);
  const monthEnd = lastDayOf(month);
  // The weeks of the month run from the week of its first Thursday to the week of its last Thursday.
  const firstThursday = addDays(monthStart, (4 - isoWeekday(monthStart) + 7) % 7);
  const lastThursday = addDays(monthEnd, -((isoWeekday(monthEnd) - 4 + 7) % 7));
  const firstMonday = addDays(firstThursday, -3);
  const lastSunday = addDays(lastThursday, 3);
  // The week of the first Thursday can start before the month or after its first day; likewise at the end.
  const rangeStart = daysBetween(monthStart, firstMonday) < 0 ? firstMonday : monthStart;
  const rangeEnd = daysBetween(monthEnd, lastSunday) > 0 ? lastSunday : monthEnd;
  const dayCount = daysBetween(rangeStart, rangeEnd) + 1;

  const holidays = new Set(calendar.holidays);
  const makeUp = new Set(calendar.workdays);
  const { hour, minute } = parseTime(deadline.time);

  const dates: string[] = [];
  const indexOf = new Map<string, number>();
  const dayStartMs: number[] = [];
  const orgWorkday: boolean[] = [];
  const weekOfDay: number[] = [];
  const deadlineMs: number[] = [];
  const weeks: FrameWeek[] = [];

  let monthFirstDay = -1;
  let monthLastDay = -1;
  for (let i = 0; i <= dayCount; i++) {
    const date = addDays(rangeStart, i);
    dayStartMs.push(startOfLocalDate(date, timezone));
    if (i === dayCount) break;
    dates.push(date);
    indexOf.set(date, i);
    // The same reading of the deadline as the daily-report form's (a skipped time moves later by the gap).
    deadlineMs.push(instantOfLocalTime(addDays(date, deadline.daysAfter), hour, minute, timezone));
    const weekday = isoWeekday(date);
    const weekend = weekday >= 6;
    orgWorkday.push(makeUp.has(date) || (!weekend && !holidays.has(date)));
    if (date.startsWith(month)) {
      if (monthFirstDay < 0) monthFirstDay = i;
      monthLastDay = i;
    }
    const inWeeks = date >= firstMonday && date <= lastSunday;
    if (inWeeks && weekday === 1) {
      weeks.push({ id: isoWeekOf(date), start: date, end: addDays(date, 6), firstDay: i });
    }
    weekOfDay.push(inWeeks ? weeks.length - 1 : -1);
  }
  // A date the zone skipped has no instant: it stays in the frame (weeks keep seven days) but is no workday.
  for (let i = 0; i < dayCount; i++) {
    if (compareInstants(dayStartMs[i]!, dayStartMs[i + 1]!) === 0) orgWorkday[i] = false;
  }

  return {
    month,
    timezone,
    dates,
    indexOf,
    dayStartMs,
    orgWorkday,
    weekOfDay,
    monthFirstDay,
    monthLastDay,
    monthStartMs: dayStartMs[monthFirstDay]!,
    monthEndMs: dayStartMs[monthLastDay + 1]!,
    weeks,
    deadlineMs,
  };
}

// A pure cache: a frame depends only on its key. Bounded so a long-running process scoring many
// organisations does not grow without limit.
const frames = new Map<string, MonthFrame>();
const MAX_FRAMES = 512;

/** The memoized calendar frame of a month. */
export function monthFrame(
  month: string,
  timezone: string,
  calendar: OrganisationCalendar,
  deadline: DeadlineRule,
): MonthFrame {
  const key = `${month}|${timezone}|${calendar.holidays.join(',')}|${calendar.workdays.join(',')}|${deadline.daysAfter}|${deadline.time}`;
  let frame = frames.get(key);
  if (frame === undefined) {
    frame = buildFrame(month, timezone, calendar, deadline);
    if (frames.size >= MAX_FRAMES) frames.clear();
    frames.set(key, frame);
  }
  return frame;
}

interface EngineerDates {
  startDate?: string | null;
  endDate?: string | null;
  leave?: readonly string[];
}

/**
 * The engineer's own workdays over the frame's days: organisation workdays within the employment dates,
 * minus approved leave.
 */
export function engineerWorkdays(frame: MonthFrame, engineer: EngineerDates): boolean[] {
  const first = engineer.startDate ? dayIndexOf(frame, engineer.startDate) : Number.NEGATIVE_INFINITY;
  const last = engineer.endDate ? dayIndexOf(frame, engineer.endDate) : Number.POSITIVE_INFINITY;
  const leave = engineer.leave ?? [];
  const out = new Array<boolean>(frame.dates.length);
  for (let i = 0; i < frame.dates.length; i++) out[i] = frame.orgWorkday[i]! && i >= first && i <= last;
  for (const day of leave) {
    const i = frame.indexOf.get(day);
    if (i !== undefined) out[i] = false;
  }
  return out;
}

/**
 * The frame day index of a date, or ±Infinity for a date before or after the frame, so that periods
 * (employment, a project's activity) compare with day indices as plain numbers.
 */
export function dayIndexOf(frame: MonthFrame, date: string): number {
  const i = frame.indexOf.get(date);
  if (i !== undefined) return i;
  return date < frame.dates[0]! ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/** The engineer's workdays of the month itself, as dates. */
export function monthWorkdays(frame: MonthFrame, workday: readonly boolean[]): string[] {
  const out: string[] = [];
  for (let i = frame.monthFirstDay; i <= frame.monthLastDay; i++) if (workday[i]) out.push(frame.dates[i]!);
  return out;
}
