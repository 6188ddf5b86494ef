// The satisfaction survey: an invitation (respondent × engineer × month, the truth behind a signed link) and the
// response to it (one per invitation; each edit is a new revision, the latest counts, earlier ones are kept).
import { z } from 'zod';
import { entityId, isoTimestamp, longText, monthId } from './common.ts';

/** The five questions of kpi-sheet.md, in form order; each is rated 1–5. */
export const SURVEY_QUESTION_KEYS = [
  'responsiveness',
  'competence',
  'solution',
  'attitude',
  'communication',
] as const;
export type SurveyQuestionKey = (typeof SURVEY_QUESTION_KEYS)[number];

export const INVITATION_STATUSES = ['open', 'answered', 'closed'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** A random id (UUID) — it appears in links, so it must not be guessable or enumerable. */
export const invitationId = z.uuid({ error: 'expected an invitation id (UUID)' });

export const invitationSchema = z.strictObject({
  id: invitationId,
  month: monthId,
  respondentId: entityId,
  engineerId: entityId,
  createdAt: isoTimestamp,
  /** When the survey window closes; after it the link is gone (410) and answers are frozen. */
  expiresAt: isoTimestamp,
  /** open → answered (first response) ; open|answered → closed (window closed, by the pipeline). */
  status: z.enum(INVITATION_STATUSES),
  sentAt: isoTimestamp.optional(),
  remindedAt: isoTimestamp.optional(),
  answeredAt: isoTimestamp.optional(),
  /** Revision of the latest response (0 = none yet). */
  responseRevision: z.number().int().min(0).default(0),
});
export type Invitation = z.output<typeof invitationSchema>;

/** Who is asked about whom, for which month (the pipeline creates these near month end). */
export const invitationInput = z.strictObject({
  month: monthId,
  respondentId: entityId,
  engineerId: entityId,
  expiresAt: isoTimestamp,
});
export type InvitationInput = z.input<typeof invitationInput>;

const rating = z.coerce
  .number({ error: 'choose a rating from 1 to 5' })
  .int({ error: 'choose a rating from 1 to 5' })
  .min(1, { error: 'choose a rating from 1 to 5' })
  .max(5, { error: 'choose a rating from 1 to 5' });

/** What a respondent submits (form fields or JSON). Ratings may arrive as strings from an HTML form. */
export const surveyAnswerInput = z.strictObject({
  ratings: z.strictObject(
    Object.fromEntries(SURVEY_QUESTION_KEYS.map((k) => [k, rating])) as Record<
      SurveyQuestionKey,
      typeof rating
    >,
    { error: 'expected a rating for each question' },
  ),
  comment: longText(2000).default(''),
  /**
   * The revision the respondent's form was showing (0 when there was none). When given, a submission made from
   * a stale form is refused with a conflict instead of silently replacing a newer answer.
   */
  expectedRevision: z.coerce.number().int().min(0).optional(),
});
export type SurveyAnswerInput = z.input<typeof surveyAnswerInput>;

export const surveyResponseSchema = z.strictObject({
  invitationId,
  month: monthId,
  engineerId: entityId,
  respondentId: entityId,
  ratings: z.record(z.enum(SURVEY_QUESTION_KEYS), z.number().int().min(1).max(5)),
  comment: z.string(),
  submittedAt: isoTimestamp,
  /** 1 for the first answer, +1 per edit. */
  revision: z.number().int().min(1),
});
export type SurveyResponse = z.output<typeof surveyResponseSchema>;

/** A response's score on the engine's 0–100 scale: the mean of its ratings × 20 (kpi-sheet.md, indicator 2). */
export function responseScore(response: Pick<SurveyResponse, 'ratings'>): number {
  const values = Object.values(response.ratings);
  if (values.length === 0) return 0;
  return (values.reduce((a, b) => a + b, 0) / values.length) * 20;
}
