// A month's life after its evidence closes (../shared/spec/lifecycle.md): the stored record of the month —
// `provisional` from the first scoring run, `final` from finalisation until an admin reopens it — and the one
// function that tells a month's state from its timeline, its record and whether it was ever scored. Pure.
import * as z from '../schema.ts';
import { entityId, isoTimestamp, monthId, timeZoneName } from './common.ts';
import { type MonthTimeline, monthState as timelineState } from './monthTimeline.ts';
import type { OrganisationSettings } from './organisation.ts';
import { lastDayOf, nextMonth, slotInstant } from './values.ts';

/** Every state a month can be in, in the order a month goes through them. */
export const MONTH_STATES = ['not-begun', 'collecting', 'closed', 'provisional', 'final'] as const;
export type MonthLifecycleState = (typeof MONTH_STATES)[number];

/** The stored states: the ones before are read from the month's dates. */
export const STORED_MONTH_STATES = ['provisional', 'final'] as const;

/**
 * The stored record of a month (one item, MONTH#<month> / STATE). Every transition is a conditional write on
 * `version`/`state`; `openAppeals` maps an engineer id to their open appeal's id, so "one open appeal per
 * engineer-month" and "finalise only with no open appeal" are conditions on this one item.
 */
export const monthRecordSchema = z.strictObject({
  month: monthId,
  state: z.enum(STORED_MONTH_STATES),
  /** The organisation's zone when the record was made: the record's instants are shown in it. */
  timezone: timeZoneName,
  /** The first scoring run that stored cards (null for a month scored before the lifecycle was recorded). */
  firstRunAt: z.nullable(isoTimestamp),
  /** Appeals are accepted until this instant (null: unknown, for a month scored before the lifecycle). */
  appealDeadline: z.nullable(isoTimestamp),
  finalizedAt: z.optional(isoTimestamp),
  finalizedBy: z.optional(z.string()),
  reopenedAt: z.optional(isoTimestamp),
  reopenedBy: z.optional(z.string()),
  reopenReason: z.optional(z.string()),
  /** engineer id → open appeal id. */
  openAppeals: z.record(entityId, z.string()),
  version: z.number().check(z.int(), z.gte(1)),
});
export type MonthRecord = z.output<typeof monthRecordSchema>;

/** The lifecycle settings: when the finalise job runs and how long appeals stay open. */
export type LifecycleSettings = Pick<OrganisationSettings, 'timezone' | 'schedule' | 'appealDays'>;

/** When appeals of a month whose first run was at `firstRunAt` close: `appealDays` days later, same clock time. */
export function appealDeadlineAfter(firstRunAt: Date, settings: Pick<LifecycleSettings, 'appealDays'>): Date {
  return new Date(firstRunAt.getTime() + settings.appealDays * 24 * 60 * 60 * 1000);
}

/**
 * How far past a finalise job's firing a month's appeal deadline may lie and that firing still finalise it. The
 * first run is scheduled at the job's clock time (09:00 by default) and ends a little after it, so its deadline,
 * `appealDays` later, lands just after that day's firing; a first run made later (a re-run on the 12th) keeps its
 * appeals open to their deadline, and the job finalises at its first firing past it.
 */
export const APPEAL_DEADLINE_TOLERANCE_MS = 60 * 60 * 1000;

/** Whether appeals of a month with this deadline are still open at a finalise firing `at`, so it must wait. */
export function appealsHoldFinalisationAt(appealDeadline: string | null, at: Date): boolean {
  return appealDeadline !== null && Date.parse(appealDeadline) > at.getTime() + APPEAL_DEADLINE_TOLERANCE_MS;
}

/** Every firing of `month`'s finalise job: daily at `schedule.finalize`'s time from its day to the following month's end. */
export function finalisationFirings(month: string, settings: LifecycleSettings): Date[] {
  const following = nextMonth(month);
  const { day, time } = settings.schedule.finalize;
  const last = Number(lastDayOf(following).slice(8));
  return Array.from({ length: Math.max(0, last - day + 1) }, (_, i) =>
    slotInstant(following, { day: day + i, time }, settings.timezone),
  );
}

/** Everything `month status` says about a month's life. */
export interface MonthLifecycle {
  month: string;
  state: MonthLifecycleState;
  timezone: string;
  evidenceCloses: string;
  firstRunAt: string | null;
  appealDeadline: string | null;
  /** Whether appeals are accepted now. */
  appealsOpen: boolean;
  /** When the month became final (only while final). */
  finalizedAt: string | null;
  finalizedBy: string | null;
  /**
   * The finalise job's next firing that may finalise the month (from now, once its appeals have closed); null once
   * final, or when no firing is left (an admin finalises it).
   */
  scheduledFinalisation: string | null;
  reopenedAt: string | null;
  reopenReason: string | null;
  openAppeals: Array<{ engineerId: string; appealId: string }>;
}

/**
 * The month's state at `now`. A stored record decides once there is one; a month without a record is read from
 * its dates, except that a month already scored (a table from before the lifecycle was recorded) is
 * `provisional`: no migration step for anyone to run.
 */
export function monthLifecycle(
  timeline: MonthTimeline,
  record: MonthRecord | undefined,
  scored: boolean,
  settings: LifecycleSettings,
  now: Date,
): MonthLifecycle {
  const state: MonthLifecycleState = record?.state ?? (scored ? 'provisional' : timelineState(timeline, now));
  const deadline = record?.appealDeadline ?? null;
  return {
    month: timeline.month,
    state,
    timezone: timeline.timezone,
    evidenceCloses: timeline.evidenceCloses.toISOString(),
    firstRunAt: record?.firstRunAt ?? null,
    appealDeadline: deadline,
    appealsOpen: state === 'provisional' && deadline !== null && now.getTime() <= Date.parse(deadline),
    finalizedAt: state === 'final' ? (record?.finalizedAt ?? null) : null,
    finalizedBy: state === 'final' ? (record?.finalizedBy ?? null) : null,
    scheduledFinalisation:
      state === 'final'
        ? null
        : (finalisationFirings(timeline.month, settings)
            .find((at) => at.getTime() >= now.getTime() && !appealsHoldFinalisationAt(deadline, at))
            ?.toISOString() ?? null),
    reopenedAt: record?.reopenedAt ?? null,
    reopenReason: record?.reopenReason ?? null,
    openAppeals: Object.entries(record?.openAppeals ?? {})
      .map(([engineerId, appealId]) => ({ engineerId, appealId }))
      .sort((a, b) => (a.engineerId < b.engineerId ? -1 : 1)),
  };
}
