// Month arithmetic of the schedule, in the organisation's time zone: which month a scheduled run works on and
// the months of a report's six-month chart (when a month's evidence closes: shared/domain/monthTimeline.ts).
import { DateTime } from 'luxon';
import type { ScheduleSlot } from '../domain/organisation.ts';
import { ValidationError } from '../errors.ts';

function monthStart(month: string, zone: string): DateTime {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone });
  if (!start.isValid) throw new ValidationError([{ path: 'month', message: 'expected a month YYYY-MM' }]);
  return start;
}

/** The local month (YYYY-MM) an instant falls in. */
export function monthOf(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant).setZone(zone).toFormat('yyyy-MM');
}

/** The month before `month`. */
export function previousMonth(month: string): string {
  return monthStart(month, 'UTC').minus({ months: 1 }).toFormat('yyyy-MM');
}

/** `month` and the five before it, oldest first (the report's chart). */
export function lastSixMonths(month: string): string[] {
  const start = monthStart(month, 'UTC');
  return [5, 4, 3, 2, 1, 0].map((n) => start.minus({ months: n }).toFormat('yyyy-MM'));
}

/** The instant of `slot` (day + HH:MM, local) in `month`, or in the month after it with `nextMonth`. */
export function slotInstant(month: string, slot: ScheduleSlot, zone: string, nextMonth = false): Date {
  const [hour, minute] = slot.time.split(':').map(Number) as [number, number];
  return monthStart(month, zone)
    .plus({ months: nextMonth ? 1 : 0 })
    .set({ day: slot.day, hour, minute })
    .toJSDate();
}

/** Whether the project runs on at least one day of `month` (dates are local `YYYY-MM-DD`). */
export function activeInMonth(project: { start: string; end?: string | null }, month: string): boolean {
  const first = `${month}-01`;
  const last = monthStart(month, 'UTC').endOf('month').toISODate()!;
  return project.start <= last && (!project.end || project.end >= first);
}
