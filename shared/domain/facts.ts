// The facts a manager records about an engineer's month: support requests (resolution), complaints, exam scores
// and success stories (learning), the daily-report verdict, and overrides of an indicator's points.
import * as z from 'zod';
import { COMPLAINT_STATUSES, DAILY_REPORT_VERDICTS, INDICATOR_KEYS } from '../rubric/indicators.ts';
import {
  actor,
  entityId,
  isoDate,
  isoTimestamp,
  longText,
  looseBoolean,
  looseNumber,
  monthId,
  shortText,
} from './common.ts';

// ── support requests (indicator 1) ────────────────────────────────────────────────────────────────────────────
export const supportRequestInput = z.strictObject({
  engineerId: entityId.describe('engineer'),
  customer: shortText.describe('customer'),
  dueAt: isoTimestamp.describe('due time, e.g. 2026-10-20T18:00:00+08:00'),
  resolvedAt: isoTimestamp
    .nullish()
    .transform((v) => v ?? null)
    .describe('when it was resolved'),
  independent: looseBoolean.default(false).describe('resolved by the engineer without help'),
  summary: longText(500).default('').describe('what it was about'),
  /** Optional: given by an import so re-importing the same file updates instead of duplicating. */
  id: entityId.optional().describe('an id of your own (default: generated)'),
});

/** A manager records how an open request ended. */
export const supportRequestResolution = z.strictObject({
  id: entityId,
  resolvedAt: isoTimestamp.nullable().describe('when it was resolved (none: open again)'),
  independent: looseBoolean.describe('resolved by the engineer without help'),
});

export const supportRequestSchema = z.strictObject({
  id: entityId,
  engineerId: entityId,
  customer: z.string(),
  summary: z.string(),
  dueAt: isoTimestamp,
  resolvedAt: isoTimestamp.nullable(),
  independent: z.boolean(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type SupportRequest = z.output<typeof supportRequestSchema>;

// ── complaints (indicator 4) ──────────────────────────────────────────────────────────────────────────────────
export const complaintInput = z.strictObject({
  id: entityId.optional(),
  engineerId: entityId.describe('engineer'),
  date: isoDate.describe('date YYYY-MM-DD'),
  text: longText(2000)
    .pipe(z.string().min(1, { error: 'say what the complaint is about' }))
    .describe('what the complaint is about'),
});

/** Confirm or dismiss a pending complaint (only confirmed ones count). */
export const complaintDecision = z.strictObject({
  id: entityId,
  by: actor.optional().describe('who decided (default: the API caller)'),
});

export const complaintSchema = z.strictObject({
  id: entityId,
  engineerId: entityId,
  date: isoDate,
  text: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  decidedBy: z.string().optional(),
  decidedAt: isoTimestamp.optional(),
  createdAt: isoTimestamp,
});
export type Complaint = z.output<typeof complaintSchema>;

// ── learning (indicator 5) ────────────────────────────────────────────────────────────────────────────────────
export const examScoreInput = z.strictObject({
  engineerId: entityId,
  month: monthId,
  score: looseNumber(z.number({ error: 'expected a score 0–100' }).min(0).max(100)),
  by: actor.optional(),
});

export const examScoreSchema = z.strictObject({
  engineerId: entityId,
  month: monthId,
  score: z.number().min(0).max(100),
  by: z.string(),
  at: isoTimestamp,
});
export type ExamScore = z.output<typeof examScoreSchema>;

export const successStoryInput = z.strictObject({
  id: entityId.optional(),
  engineerId: entityId.describe('engineer'),
  date: isoDate.describe('date YYYY-MM-DD'),
  title: shortText.describe('title'),
});

export const successStorySchema = z.strictObject({
  id: entityId,
  engineerId: entityId,
  date: isoDate,
  title: z.string(),
  createdAt: isoTimestamp,
});
export type SuccessStory = z.output<typeof successStorySchema>;

// ── daily-report verdict (indicator 6) ────────────────────────────────────────────────────────────────────────
export const verdictInput = z.strictObject({
  engineerId: entityId,
  month: monthId,
  verdict: z.enum(DAILY_REPORT_VERDICTS, { error: `expected one of ${DAILY_REPORT_VERDICTS.join(', ')}` }),
  by: actor.optional(),
});

export const verdictSchema = z.strictObject({
  engineerId: entityId,
  month: monthId,
  verdict: z.enum(DAILY_REPORT_VERDICTS),
  by: z.string(),
  at: isoTimestamp,
});
export type Verdict = z.output<typeof verdictSchema>;

// ── overrides ─────────────────────────────────────────────────────────────────────────────────────────────────
const indicatorKey = z.enum(INDICATOR_KEYS, { error: `expected one of ${INDICATOR_KEYS.join(', ')}` });

export const overrideInput = z.strictObject({
  engineerId: entityId,
  month: monthId,
  indicator: indicatorKey,
  points: looseNumber(z.number({ error: 'expected points ≥ 0' }).min(0).max(1000)),
  reason: longText(1000)
    .pipe(z.string().min(1, { error: 'give a reason for the override' }))
    .describe('why (shown on the report)'),
  by: actor.optional(),
});

export const overrideKey = z.strictObject({ engineerId: entityId, month: monthId, indicator: indicatorKey });

export const overrideSchema = z.strictObject({
  engineerId: entityId,
  month: monthId,
  indicator: indicatorKey,
  points: z.number().min(0),
  reason: z.string(),
  by: z.string(),
  at: isoTimestamp,
});
export type Override = z.output<typeof overrideSchema>;
