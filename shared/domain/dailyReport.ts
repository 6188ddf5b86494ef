// Daily reports: what an engineer did, the problems, the plan, and the follow-up visits made that day.
// The first submission's time is kept (an on-time first submission keeps the day counted); edits are revisions.
import * as z from 'zod';
import { entityId, isoDate, isoTimestamp, longText } from './common.ts';

/** How much one day's report holds: the schema's bounds, the form's maxlength, and what the form reads. */
export const DAILY_REPORT_LIMITS = { text: 5000, note: 1000, followUps: 50 } as const;

const followUpNote = z.strictObject({
  projectId: entityId,
  note: longText(DAILY_REPORT_LIMITS.note).default(''),
});

/** What an engineer submits for one day (form fields or JSON). */
export const dailyReportInput = z.strictObject({
  date: isoDate,
  workDone: longText(DAILY_REPORT_LIMITS.text).pipe(z.string().min(1, { error: 'say what you worked on' })),
  problems: longText(DAILY_REPORT_LIMITS.text).default(''),
  plan: longText(DAILY_REPORT_LIMITS.text).default(''),
  followUps: z
    .array(followUpNote)
    .max(DAILY_REPORT_LIMITS.followUps, {
      error: `at most ${DAILY_REPORT_LIMITS.followUps} follow-up visits per report`,
    })
    .default([]),
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
  revision: z.number().int().min(1),
});
export type DailyReport = z.output<typeof dailyReportSchema>;

/** A follow-up visit recorded directly by a manager (not through a daily report). */
export const followUpVisitInput = z.strictObject({
  id: entityId.optional(),
  engineerId: entityId.describe('engineer'),
  projectId: entityId.describe('project'),
  date: isoDate.describe('date YYYY-MM-DD'),
  note: longText(1000).default('').describe('what was found'),
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
