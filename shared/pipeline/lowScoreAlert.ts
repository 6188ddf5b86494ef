// The low-score alert, sent by the notifier after the answer is stored: the survey form stores an answer with a
// low rating together with a waiting alert (storage/lowScoreAlerts.ts) and answers the respondent at once; the
// notifier (DynamoDB Streams on AWS, the local stack's poll) emails the department manager through the outbox,
// once per answer revision, and only then drops the waiting alert — an SES outage delays it, never loses it.
import { departmentManagerEmail } from '../config.ts';
import type { SurveyResponse } from '../domain/survey.ts';
import { DEFAULT_ZONE } from '../domain/values.ts';
import { renderLowScoreAlert } from '../mail/lowScoreAlert.ts';
import { type Delivery, deliverOnce } from '../outbox/outbox.ts';
import { findEngineer } from '../storage/engineers.ts';
import { ENTITY, type Key, keys } from '../storage/keys.ts';
import { dropPendingLowScoreAlert, findPendingLowScoreAlert } from '../storage/lowScoreAlerts.ts';
import { findOrganisationSettings } from '../storage/organisation.ts';
import { findRespondent } from '../storage/respondents.ts';
import { deliverAppealNotice, isAppealNoticeKey } from './appealNotices.ts';
import type { PipelineContext } from './context.ts';

export interface LowScoreAlertContext extends PipelineContext {
  /** The recipient when the organisation's settings name nobody (DEPARTMENT_MANAGER_EMAIL). */
  fallbackRecipient?: string | undefined;
}

export type AlertOutcome =
  /** Emailed now, or before (the waiting alert is gone). */
  | { state: 'sent' | 'already' }
  /** Nobody to send it to (no manager in the settings, no fallback): dropped, as the form did before. */
  | { state: 'no-recipient' }
  /** SES may have it: kept waiting until SES's evidence decides (a later attempt). */
  | { state: 'in-doubt'; reason: string };

/**
 * Sends the waiting alert at `key`, once.
 * 1. Read it; gone → it was sent (and dropped) before.
 * 2. The recipient: the settings' department manager, else the fallback; nobody → drop it.
 * 3. Deliver through the outbox (claim of the invitation's revision), rendered in the organisation's language.
 * 4. Sent (now or before) → drop the waiting alert. In doubt → keep it. A failure (SES down) is thrown with
 *    the claim released and the alert still waiting, so the next attempt sends it.
 */
export async function deliverLowScoreAlert(ctx: LowScoreAlertContext, key: Key): Promise<AlertOutcome> {
  // The same partition holds appeals' waiting emails: one notifier, one stream filter, one IAM grant.
  if (isAppealNoticeKey(key)) return deliverAppealNotice(ctx, key);
  const response = await findPendingLowScoreAlert(ctx.storage, key);
  if (!response) return { state: 'already' };
  const settings = await findOrganisationSettings(ctx.storage);
  const recipient = departmentManagerEmail(settings, { departmentManagerEmail: ctx.fallbackRecipient });
  if (!recipient) {
    await dropPendingLowScoreAlert(ctx.storage, key);
    return { state: 'no-recipient' };
  }
  const delivery: Delivery = await deliverOnce(ctx, {
    key: keys.lowScoreAlertSent(response.invitationId, response.revision),
    type: ENTITY.lowScoreAlertSent,
    label: `low-score alert of invitation ${response.invitationId} r${response.revision}`,
    render: () => render(ctx, response, recipient, settings),
  });
  if (delivery.state === 'in-doubt') return { state: 'in-doubt', reason: delivery.reason };
  await dropPendingLowScoreAlert(ctx.storage, key);
  return { state: delivery.state === 'sent' ? 'sent' : 'already' };
}

async function render(
  ctx: LowScoreAlertContext,
  response: SurveyResponse,
  recipient: string,
  settings: Awaited<ReturnType<typeof findOrganisationSettings>>,
) {
  const [engineer, respondent] = await Promise.all([
    findEngineer(ctx.storage, response.engineerId),
    findRespondent(ctx.storage, response.respondentId),
  ]);
  return renderLowScoreAlert(
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
      timeZone: settings?.timezone ?? DEFAULT_ZONE,
      rubric: ctx.rubric,
    },
    ctx.mail,
  );
}
