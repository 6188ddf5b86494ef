// The facts a manager records about an engineer's month: support requests (resolution), complaints, exam scores
// and success stories (learning), the daily-report verdict, and overrides of an indicator's points.

import { COMPLAINT_STATUSES, DAILY_REPORT_VERDICTS, INDICATOR_KEYS } from '../rubric/indicators.ts';
import * as z from '../schema.ts';
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
  engineerId: z.described(entityId, 'engineer'),
  customer: z.described(shortText, 'customer'),
  dueAt: z.described(isoTimestamp, 'due time, e.g. 2026-10-20T18:00:00+08:00'),
  resolvedAt: z.described(
    z.pipe(
      z.nullish(isoTimestamp),
      z.transform((v) => v ?? null),
    ),
    'when it was resolved',
  ),
  independent: z.described(z._default(looseBoolean, false), 'resolved by the engineer without help'),
  summary: z.described(z._default(longText(500), ''), 'what it was about'),
  /** Optional: given by an import so re-importing the same file updates instead of duplicating. */
  id: z.described(z.optional(entityId), 'an id of your own (default: generated)'),
});

/** A manager records how an open request ended. */
export const supportRequestResolution = z.strictObject({
  id: entityId,
  resolvedAt: z.described(z.nullable(isoTimestamp), 'when it was resolved (none: open again)'),
  independent: z.described(looseBoolean, 'resolved by the engineer without help'),
});

export const supportRequestSchema = z.strictObject({
  id: entityId,
  engineerId: entityId,
  customer: z.string(),
  summary: z.string(),
  dueAt: isoTimestamp,
  resolvedAt: z.nullable(isoTimestamp),
  independent: z.boolean(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type SupportRequest = z.output<typeof supportRequestSchema>;

// ── complaints (indicator 4) ──────────────────────────────────────────────────────────────────────────────────
export const complaintInput = z.strictObject({
  id: z.optional(entityId),
  engineerId: z.described(entityId, 'engineer'),
  date: z.described(isoDate, 'date YYYY-MM-DD'),
  text: z.described(
    z.pipe(longText(2000), z.string().check(z.minLength(1, { error: 'say what the complaint is about' }))),
    'what the complaint is about',
  ),
});

/** Confirm or dismiss a pending complaint (only confirmed ones count). */
export const complaintDecision = z.strictObject({
  id: entityId,
  by: z.described(z.optional(actor), 'who decided (default: the API caller)'),
});

export const complaintSchema = z.strictObject({
  id: entityId,
  engineerId: entityId,
  date: isoDate,
  text: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  decidedBy: z.optional(z.string()),
  decidedAt: z.optional(isoTimestamp),
  createdAt: isoTimestamp,
});
export type Complaint = z.output<typeof complaintSchema>;

// ── learning (indicator 5) ────────────────────────────────────────────────────────────────────────────────────
export const examScoreInput = z.strictObject({
  engineerId: entityId,
  month: monthId,
  score: looseNumber(z.number({ error: 'expected a score 0–100' }).check(z.gte(0), z.lte(100))),
  by: z.optional(actor),
});

export const examScoreSchema = z.strictObject({
  engineerId: entityId,
  month: monthId,
  score: z.number().check(z.gte(0), z.lte(100)),
  by: z.string(),
  at: isoTimestamp,
});
export type ExamScore = z.output<typeof examScoreSchema>;

export const successStoryInput = z.strictObject({
  id: z.optional(entityId),
  engineerId: z.described(entityId, 'engineer'),
  date: z.described(isoDate, 'date YYYY-MM-DD'),
  title: z.described(shortText, 'title'),
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
  by: z.optional(actor),
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
  points: looseNumber(z.number({ error: 'expected points ≥ 0' }).check(z.gte(0), z.lte(1000))),
  reason: z.described(
    z.pipe(longText(1000), z.string().check(z.minLength(1, { error: 'give a reason for the override' }))),
    'why (shown on the report)',
  ),
  by: z.optional(actor),
});

export const overrideKey = z.strictObject({ engineerId: entityId, month: monthId, indicator: indicatorKey });

export const overrideSchema = z.strictObject({
  engineerId: entityId,
  month: monthId,
  indicator: indicatorKey,
  points: z.number().check(z.gte(0)),
  reason: z.string(),
  by: z.string(),
  at: isoTimestamp,
  /** The appeal this override corrects (upheld with it), so a revised report can say which appeal it answers. */
  appealId: z.optional(z.string()),
});
export type Override = z.output<typeof overrideSchema>;
