// The low-score alert: when a survey answer arrives with any rating of 1 or 2, the department manager gets a
// short email (who rated whom, the ratings, the comment) within the same request. It lives with the survey form
// (not the monthly pipeline) so the form's bundle carries only this, and it is sent as SES simple content with
// one signed request (mail/signedSend.ts): no MIME composer and no SES client in the form's bundle.
import { config, departmentManagerEmail } from '../config.ts';
import type { SurveyResponse } from '../domain/survey.ts';
import { logger } from '../logger.ts';
import { type MailConfig, mailConfigFromEnvironment } from '../mail/config.ts';
import { hasLowRating, renderLowScoreAlert } from '../mail/lowScoreAlert.ts';
import type { OutgoingEmail } from '../mail/ses.ts';
import { sendSimpleEmailSigned } from '../mail/signedSend.ts';
import { defaultSurvey } from '../rubric/defaultParts.ts';
import type { Rubric } from '../rubric/schema.ts';
import type { Storage } from '../storage/client.ts';
import { findEngineer } from '../storage/engineers.ts';
import { findOrganisationSettings } from '../storage/organisation.ts';
import { findRespondent } from '../storage/respondents.ts';
import { DEFAULT_TIMEZONE } from './timezone.ts';

/** A rating at or below this raises the alert (the survey's two lowest marks). */
export const LOW_RATING_AT_MOST = 2;

export interface LowScoreAlertContext {
  storage: Storage;
  mail: MailConfig;
  rubric: Pick<Rubric, 'survey'>;
  send: (email: OutgoingEmail) => Promise<{ messageId: string }>;
  /** The recipient when the organisation's settings name nobody (DEPARTMENT_MANAGER_EMAIL). */
  fallbackRecipient?: string | undefined;
}

/**
 * Emails the department manager about `response` when it holds a low rating. Returns whether it sent.
 * 1. No low rating → nothing. 2. Read the settings (the manager), the engineer and the respondent.
 * 3. The recipient: the settings' department manager, else the configured fallback; nobody → nothing.
 * 4. Render the alert in the organisation's language and send it.
 */
export async function alertOnLowRating(
  ctx: LowScoreAlertContext,
  response: SurveyResponse,
): Promise<boolean> {
  if (!hasLowRating(response.ratings, LOW_RATING_AT_MOST)) return false;
  const [settings, engineer, respondent] = await Promise.all([
    findOrganisationSettings(ctx.storage),
    findEngineer(ctx.storage, response.engineerId),
    findRespondent(ctx.storage, response.respondentId),
  ]);
  const recipient = departmentManagerEmail(settings, { departmentManagerEmail: ctx.fallbackRecipient });
  if (!recipient) return false;
  const email = renderLowScoreAlert(
    {
      recipient: { email: recipient, language: settings?.defaultLanguage },
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
      timeZone: settings?.timezone ?? DEFAULT_TIMEZONE,
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
  const configuration = config();
  if (!configuration.sesEndpoint && !process.env.AWS_LAMBDA_FUNCTION_NAME) return;
  try {
    const mail = mailConfigFromEnvironment();
    await alertOnLowRating(
      {
        storage,
        mail,
        rubric: { survey: defaultSurvey },
        send: (email) => sendSimpleEmailSigned(email, mail),
        fallbackRecipient: configuration.departmentManagerEmail,
      },
      response,
    );
  } catch (error) {
    logger.warn('low-score alert not sent', {
      invitationId: response.invitationId,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}
