// The low-score alert: when a survey answer arrives with any rating of 1 or 2, the department manager gets a
// short email (who rated whom, the ratings, the comment) within the same request.

import { config } from '../config.ts';
import type { SurveyResponse } from '../domain/survey.ts';
import { logger } from '../http/logger.ts';
import { mailConfigFromEnvironment } from '../mail/config.ts';
import { hasLowRating, renderLowScoreAlert } from '../mail/lowScoreAlert.ts';
import { sendEmail } from '../mail/send.ts';
import { defaultRubric } from '../rubric/default.ts';
import type { Storage } from '../storage/client.ts';
import { findEngineer } from '../storage/engineers.ts';
import { findOrganisationSettings } from '../storage/organisation.ts';
import { findRespondent } from '../storage/respondents.ts';
import type { PipelineContext } from './context.ts';

/** A rating at or below this raises the alert (the survey's two lowest marks). */
export const LOW_RATING_AT_MOST = 2;

/**
 * Emails the department manager about `response` when it holds a low rating. Returns whether it sent.
 * 1. No low rating → nothing. 2. Read the settings (the manager), the engineer and the respondent.
 * 3. Render the alert in the organisation's language and send it.
 */
export async function alertOnLowRating(
  ctx: Pick<PipelineContext, 'storage' | 'mail' | 'send' | 'rubric'>,
  response: SurveyResponse,
): Promise<boolean> {
  if (!hasLowRating(response.ratings, LOW_RATING_AT_MOST)) return false;
  const [settings, engineer, respondent] = await Promise.all([
    findOrganisationSettings(ctx.storage),
    findEngineer(ctx.storage, response.engineerId),
    findRespondent(ctx.storage, response.respondentId),
  ]);
  if (!settings) return false;
  const email = renderLowScoreAlert(
    {
      recipient: { email: settings.departmentManager.email, language: settings.defaultLanguage },
      month: response.month,
      engineer: { name: engineer?.name ?? response.engineerId },
      respondent: {
        name: respondent?.name ?? response.respondentId,
        email: respondent?.email,
        organisation: respondent?.customer ?? respondent?.region,
      },
      ratings: response.ratings,
      comment: response.comment,
      submittedAt: response.submittedAt,
      timeZone: settings.timezone,
      rubric: ctx.rubric,
      lowRatingAtMost: LOW_RATING_AT_MOST,
    },
    ctx.mail,
  );
  await ctx.send(email);
  return true;
}

/**
 * The survey form's hook: the alert through this process's mail configuration. The answer is already stored,
 * so a failed alert is logged (no names, no addresses) and the respondent still gets their confirmation.
 * Without a mail transport (no SES endpoint and not on Lambda, e.g. a form-only test) nothing is sent.
 */
export async function alertAfterSurveyAnswer(storage: Storage, response: SurveyResponse): Promise<void> {
  if (!config().sesEndpoint && !process.env.AWS_LAMBDA_FUNCTION_NAME) return;
  try {
    const mail = mailConfigFromEnvironment();
    await alertOnLowRating(
      { storage, mail, rubric: defaultRubric, send: (email) => sendEmail(email, mail) },
      response,
    );
  } catch (error) {
    logger.warn('low-score alert not sent', {
      invitationId: response.invitationId,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}
