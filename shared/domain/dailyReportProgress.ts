// How far an engineer's daily reports of a month have come: of their workdays whose report deadline has passed,
// those with a report in on time, and those missed (none, or only a late one) — the same rule as the score's
// daily-report indicator, counted at any moment of the month. The month's status (`kpi status`) and the console's
// overview both count with it.
import type { MonthFrame } from '../scoring/calendar.ts';

export interface DailyReportProgress {
  /** The engineer's workdays of the month whose report deadline has passed. */
  workdaysDue: number;
  /** Of those, days with a report that counts (on time). */
  onTime: number;
  /** Days due without a report that counts (none, or only a late one). */
  missingDays: string[];
  /** Days whose report came after the deadline (kept, but the day is still missed). */
  lateDays: string[];
}

/**
 * `workday`: the engineer's own workdays over the frame's days (engineerWorkdays); `submitted`: each reported
 * date's first submission time (epoch ms); `nowMs`: the moment counted at.
 */
export function dailyReportProgress(
  frame: MonthFrame,
  workday: readonly boolean[],
  submitted: ReadonlyMap<string, number>,
  nowMs: number,
): DailyReportProgress {
  const progress: DailyReportProgress = { workdaysDue: 0, onTime: 0, missingDays: [], lateDays: [] };
  for (let i = frame.monthFirstDay; i <= frame.monthLastDay; i++) {
    const date = frame.dates[i]!;
    const deadline = frame.deadlineMs[i]!;
    // Not a workday, or still time to file it.
    if (!workday[i] || nowMs <= deadline) continue;
    progress.workdaysDue++;
    const at = submitted.get(date);
    if (at !== undefined && at <= deadline) {
      progress.onTime++;
      continue;
    }
    progress.missingDays.push(date);
    if (at !== undefined) progress.lateDays.push(date);
  }
  return progress;
}
