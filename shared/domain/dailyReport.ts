// Daily reports: what an engineer did, the problems, the plan, and the follow-up visits made that day.
// The first submission's time is kept (an on-time first submission keeps the day counted); edits are revisions.
import * as z from '../schema.ts';
import { entityId, isoDate, isoTimestamp, longText } from './common.ts';

/** How much one day's report holds: the schema's bounds, the form's maxlength, and what the form reads. */
export const DAILY_REPORT_LIMITS = { text: 5000, note: 1000, followUps: 50 } as const;

const followUpNote = z.strictObject({
  projectId: entityId,
  note: z._default(longText(DAILY_REPORT_LIMITS.note), ''),
});

/** What an engineer submits for one day (form fields or JSON). */
export const dailyReportInput = z.strictObject({
  date: isoDate,
  workDone: z.pipe(
    longText(DAILY_REPORT_LIMITS.text),
    z.string().check(z.minLength(1, { error: 'say what you worked on' })),
  ),
  problems: z._default(longText(DAILY_REPORT_LIMITS.text), ''),
  plan: z._default(longText(DAILY_REPORT_LIMITS.text), ''),
  followUps: z._default(
    z.array(followUpNote).check(
      z.maxLength(DAILY_REPORT_LIMITS.followUps, {
        error: `at most ${DAILY_REPORT_LIMITS.followUps} follow-up visits per report`,
      }),
    ),
    [],
  ),
});

export const dailyReportSchema = z.strictObject({
  engineerId: entityId,
  date: isoDate,
  workDone: z.string(),
  problems: z.string(),
  plan: z.string(),
  followUps: z.array(z.strictObject({ projectId: entityId, note: z.string() })),
  /** Server time of the FIRST submission; edits never move it, so an on-time day stays counted. */
  submittedAt: isoTimestamp,
  lastEditedAt: isoTimestamp,
  /** 1 for the first submission, +1 per edit; every revision is kept. */
  revision: z.number().check(z.int(), z.gte(1)),
});
export type DailyReport = z.output<typeof dailyReportSchema>;

/** A follow-up visit recorded directly by a manager (not through a daily report). */
export const followUpVisitInput = z.strictObject({
  id: z.optional(entityId),
  engineerId: z.described(entityId, 'engineer'),
  projectId: z.described(entityId, 'project'),
  date: z.described(isoDate, 'date YYYY-MM-DD'),
  note: z.described(z._default(longText(1000), ''), 'what was found'),
});

export const followUpVisitSchema = z.strictObject({
  id: entityId,
  engineerId: entityId,
  projectId: entityId,
  date: isoDate,
  note: z.string(),
  createdAt: isoTimestamp,
});
export type FollowUpVisit = z.output<typeof followUpVisitSchema>;
