// A month's timeline in the organisation's time zone (../shared/spec/lifecycle.md, "States of a month"): when it
// begins, when its evidence closes, and the state it is in at a given instant. Pure: the clock and the settings
// are passed in. The states before scoring are here; the month lifecycle adds `provisional` and `final` after
// `closed` (stored, not computed): shared/domain/monthRecord.ts.
import { MonthStateError } from '../errors.ts';
import { type DeadlineRule, type MonthFrame, monthFrame } from '../scoring/calendar.ts';
import type { OrganisationSettings } from './organisation.ts';
import {
  firstDayOf,
  isMonth,
  isZone,
  lastDayOf,
  localDateTime,
  type Month,
  monthOf,
  nextMonth,
  previousMonth,
  slotInstant,
  startOfMonth,
  type Zone,
} from './values.ts';

/** What the timeline needs of the organisation: its zone, calendar and survey window. */
export type TimelineSettings = Pick<
  OrganisationSettings,
  'timezone' | 'holidays' | 'makeUpWorkdays' | 'surveyWindow'
>;

export type MonthState = 'not-begun' | 'collecting' | 'closed';

export interface MonthTimeline {
  month: string;
  timezone: string;
  /** The month's first local instant. */
  begins: Date;
  /** When the month's survey closes: `surveyWindow.closes` of the following month. */
  surveyCloses: Date;
  /** The daily-report deadline of the month's last workday (none when the month has no workday). */
  lastReportDeadline: Date | undefined;
  /** The later of the two: no evidence of the month can arrive after it. */
  evidenceCloses: Date;
  /** The month's calendar under the organisation's holidays, make-up workdays and the report deadline. */
  frame: MonthFrame;
}

function checkMonth(month: Month, zone: Zone): void {
  if (!isMonth(month) || !isZone(zone)) throw new RangeError(`invalid month ${month} or time zone ${zone}`);
}

/** When the survey of `month` closes: `surveyWindow.closes` of the following month, local time. */
export function surveyClosesAt(
  month: string,
  settings: Pick<OrganisationSettings, 'timezone' | 'surveyWindow'>,
): Date {
  checkMonth(month, settings.timezone);
  return slotInstant(nextMonth(month), settings.surveyWindow.closes, settings.timezone);
}

/** The timeline of `month` under the organisation's settings and the rubric's daily-report deadline. */
export function monthTimeline(
  month: string,
  settings: TimelineSettings,
  reportDeadline: DeadlineRule,
): MonthTimeline {
  const zone = settings.timezone;
  checkMonth(month, zone);
  const begins = new Date(startOfMonth(month, zone));
  const surveyCloses = surveyClosesAt(month, settings);
  const frame = monthFrame(
    month,
    zone,
    { holidays: settings.holidays, workdays: settings.makeUpWorkdays },
    reportDeadline,
  );
  let lastReportDeadline: Date | undefined;
  for (let i = frame.monthLastDay; i >= frame.monthFirstDay; i--) {
    if (frame.orgWorkday[i]) {
      lastReportDeadline = new Date(frame.deadlineMs[i]!);
      break;
    }
  }
  const evidenceCloses =
    lastReportDeadline && lastReportDeadline.getTime() > surveyCloses.getTime()
      ? lastReportDeadline
      : surveyCloses;
  return { month, timezone: zone, begins, surveyCloses, lastReportDeadline, evidenceCloses, frame };
}

/** The state of the month at `now`. The deadlines are inclusive: evidence at the closing instant still counts. */
export function monthState(timeline: MonthTimeline, now: Date): MonthState {
  if (now.getTime() < timeline.begins.getTime()) return 'not-begun';
  if (now.getTime() <= timeline.evidenceCloses.getTime()) return 'collecting';
  return 'closed';
}

/**
 * The latest month whose evidence has closed at `now`: the previous month, or on its first days the one before.
 */
export function latestClosedMonth(
  now: Date,
  settings: TimelineSettings,
  reportDeadline: DeadlineRule,
): string {
  let month = monthOf(now, settings.timezone);
  while (monthState(monthTimeline(month, settings, reportDeadline), now) !== 'closed') {
    month = previousMonth(month);
  }
  return month;
}

/** An instant as the organisation reads it: `2026-12-02 23:59 (Asia/Shanghai)`. */
export function localTimeWithZone(instant: Date | string, zone: string): string {
  return `${localDateTime(new Date(instant), zone)} (${zone})`;
}

/**
 * Why `month` cannot be scored at `now`, or undefined when it can: one line that says when its evidence closes.
 */
export function scoringRefusal(timeline: MonthTimeline, now: Date): MonthStateError | undefined {
  const state = monthState(timeline, now);
  if (state === 'closed') return undefined;
  const closes = localTimeWithZone(timeline.evidenceCloses, timeline.timezone);
  const why =
    state === 'not-begun'
      ? `${timeline.month} has not begun; it can be scored once its evidence closes, ${closes}`
      : `${timeline.month} is still collecting evidence; it can be scored once its evidence closes, ${closes}`;
  return new MonthStateError(timeline.month, state, why);
}

/** An engineer's employment dates (local `YYYY-MM-DD`; open-ended when missing). */
export interface Employment {
  startDate?: string | null | undefined;
  endDate?: string | null | undefined;
}

/**
 * Whether the engineer is employed on at least one day of `month`: only then is the month theirs, to be
 * invited about, scored, reported and summarised.
 */
export function employedInMonth(engineer: Employment, month: string): boolean {
  const first = firstDayOf(month);
  const last = lastDayOf(month);
  return (
    (!engineer.startDate || engineer.startDate <= last) && (!engineer.endDate || engineer.endDate >= first)
  );
}

/** Whether the engineer is employed on `date` (local `YYYY-MM-DD`). */
export function employedOn(engineer: Employment, date: string): boolean {
  return (
    (!engineer.startDate || engineer.startDate <= date) && (!engineer.endDate || engineer.endDate >= date)
  );
}

/** "employed from 2026-10-10", "employed until 2026-03-31", "employed 2025-01-01 to 2026-03-31". */
export function describeEmployment(engineer: Employment): string {
  if (engineer.startDate && engineer.endDate) return `employed ${engineer.startDate} to ${engineer.endDate}`;
  if (engineer.startDate) return `employed from ${engineer.startDate}`;
  if (engineer.endDate) return `employed until ${engineer.endDate}`;
  return 'employed';
}
