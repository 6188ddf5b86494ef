// The satisfaction survey: an invitation (respondent × engineer × month, the truth behind a signed link) and the
// response to it (one item per invitation; each edit is a new revision, the latest counts, earlier ones are kept
// inside the same item). Whether an invitation is answered is read from its response, never from the invitation.

import { LinkGoneError } from '../errors.ts';
import * as z from '../schema.ts';
import { entityId, isoTimestamp, longText, monthId } from './common.ts';

/**
 * The survey's shape as the rubric defines it (shared/rubric: `rubric.survey`): question keys, the rating scale,
 * and the multiplier that turns a mean rating into a 0–100 score. Structural, so the domain does not depend on
 * how the rubric is loaded.
 */
interface SurveyDefinition {
  scale: { min: number; max: number };
  multiplier: number;
  questions: ReadonlyArray<{ key: string }>;
}

const INVITATION_STATUSES = ['open', 'closed'] as const;

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
  /**
   * open → closed (window closed, by the pipeline). Answering does not change the invitation: whether and when
   * it was answered is its response's (storage/survey.ts).
   */
  status: z.enum(INVITATION_STATUSES),
  sentAt: z.optional(isoTimestamp),
  remindedAt: z.optional(isoTimestamp),
});
export type Invitation = z.output<typeof invitationSchema>;

/**
 * Refuses an invitation that can no longer be answered at `now` (LinkGoneError, 410): the pipeline has closed it
 * or its window has ended (the closing instant itself is already too late). The one place this rule is written.
 */
export function checkSurveyWindow(invitation: Pick<Invitation, 'status' | 'expiresAt'>, now: Date): void {
  if (invitation.status === 'closed' || Date.parse(invitation.expiresAt) <= now.getTime()) {
    throw new LinkGoneError('the survey window has closed');
  }
}

/** A survey comment's length limit, in characters (UTF-16 code units: at most 3 bytes each in UTF-8). */
export const SURVEY_COMMENT_MAX = 2000;

/** Where an answer comes from: a script's JSON body, or the HTML form's fields (every value a string). */
export type SurveyAnswerSource = 'json' | 'form';

/**
 * What a respondent submits, for the survey `survey` defines: a whole rating within the scale for every
 * question, an optional comment. A rating is a JSON integer from a script, or one of the scale's digit strings
 * ("1".."5") from the form, which can send nothing but strings; nothing is coerced, so `true`, `[4]`, `"0x4"`,
 * `" 4 "` or `4.5` is refused rather than read as a number.
 */
export function surveyAnswerInput(survey: SurveyDefinition, source: SurveyAnswerSource) {
  const message = `choose a rating from ${survey.scale.min} to ${survey.scale.max}`;
  const steps: string[] = [];
  for (let v = survey.scale.min; v <= survey.scale.max; v++) steps.push(String(v));
  const rating =
    source === 'json'
      ? z
          .number({ error: message })
          .check(
            z.int({ error: message }),
            z.gte(survey.scale.min, { error: message }),
            z.lte(survey.scale.max, { error: message }),
          )
      : z.pipe(z.enum(steps, { error: message }), z.transform(Number));
  const revision =
    source === 'json'
      ? z.number().check(z.int(), z.gte(0))
      : z.pipe(
          z.string().check(z.regex(/^(0|[1-9][0-9]{0,5})$/, { error: 'expected a revision number' })),
          z.transform(Number),
        );
  return z.strictObject({
    ratings: z.strictObject(Object.fromEntries(survey.questions.map((q) => [q.key, rating])), {
      error: 'expected a rating for each question',
    }),
    comment: z._default(longText(SURVEY_COMMENT_MAX), ''),
    /**
     * The revision the respondent's form was showing (0 when there was none). When given, a submission made
     * from a stale form is refused with a conflict instead of silently replacing a newer answer.
     */
    expectedRevision: z.optional(revision),
  });
}
export type SurveyAnswer = z.output<ReturnType<typeof surveyAnswerInput>>;

/** Whether an answer's ratings raise the low-score alert: any at or below the rubric's `survey.lowRatingAtMost`. */
export function hasLowRating(ratings: Readonly<Record<string, number>>, lowRatingAtMost: number): boolean {
  return Object.values(ratings).some((r) => r <= lowRatingAtMost);
}

export const surveyResponseSchema = z.strictObject({
  invitationId,
  month: monthId,
  engineerId: entityId,
  respondentId: entityId,
  ratings: z.record(z.string(), z.number().check(z.int())),
  comment: z.string(),
  submittedAt: isoTimestamp,
  /** 1 for the first answer, +1 per edit. */
  revision: z.number().check(z.int(), z.gte(1)),
});
export type SurveyResponse = z.output<typeof surveyResponseSchema>;

/**
 * One kept answer of a response: what the respondent submitted. Its revision number is its position in the
 * stored list (first = 1): the list and the revision counter grow together in one atomic update.
 */
const surveyRevisionSchema = z.strictObject({
  ratings: z.record(z.string(), z.number().check(z.int())),
  comment: z.string(),
  submittedAt: isoTimestamp,
});
export type SurveyRevision = z.output<typeof surveyRevisionSchema>;

/** The stored response item: the latest answer and every revision, oldest first (the last is the latest). */
export const storedSurveyResponseSchema = z.extend(surveyResponseSchema, {
  revisions: z.array(surveyRevisionSchema).check(z.minLength(1)),
});
export type StoredSurveyResponse = z.output<typeof storedSurveyResponseSchema>;
