// The appeal emails, sent by the notifier like the low-score alerts: filing an appeal (the form) and resolving
// it (the admin API) store the email as waiting in the same transaction (storage/appeals.ts) and answer at once;
// the notifier delivers it through the outbox — once per appeal and event, however often it is retried — and
// only then drops the waiting item, so an SES outage delays the email, never loses it.
import { departmentManagerEmail } from '../config.ts';
import { DEFAULT_ZONE } from '../domain/values.ts';
import { renderAppealFiled, renderAppealOutcome } from '../mail/appeal.ts';
import { deliverOnce } from '../outbox/outbox.ts';
import { findAppeal, findPendingAppealNotice } from '../storage/appeals.ts';
import { findEngineer } from '../storage/engineers.ts';
import { ENTITY, type Key, keys, PENDING_APPEAL_PREFIX } from '../storage/keys.ts';
import { dropPendingLowScoreAlert } from '../storage/lowScoreAlerts.ts';
import { findOrganisationSettings } from '../storage/organisation.ts';
import { findScoreCardRevision } from '../storage/scoreCards.ts';
import type { AlertOutcome, LowScoreAlertContext } from './lowScoreAlert.ts';

/**
 * Sends the waiting appeal email at `key`, once.
 * 1. Read it (gone: sent before) and its appeal.
 * 2. FILED → the department manager (the settings', else the fallback; nobody → dropped), in the organisation's
 *    language, with the card revision the engineer saw. RESOLVED → the engineer, in their language.
 * 3. Deliver through the outbox (claim APPEAL#<id> / FILED|RESOLVED); sent now or before → drop the waiting
 *    item; in doubt → keep it; a failure is thrown with the item still waiting.
 */
export async function deliverAppealNotice(ctx: LowScoreAlertContext, key: Key): Promise<AlertOutcome> {
  const notice = await findPendingAppealNotice(ctx.storage, key);
  if (!notice) return { state: 'already' };
  const [appeal, engineer, settings] = await Promise.all([
    findAppeal(ctx.storage, notice.engineerId, notice.month, notice.appealId),
    findEngineer(ctx.storage, notice.engineerId),
    findOrganisationSettings(ctx.storage),
  ]);
  const recipient =
    notice.event === 'FILED'
      ? departmentManagerEmail(settings, { departmentManagerEmail: ctx.fallbackRecipient })
      : engineer?.email;
  if (!appeal || !engineer || !recipient) {
    await dropPendingLowScoreAlert(ctx.storage, key);
    return { state: 'no-recipient' };
  }
  const timeZone = settings?.timezone ?? DEFAULT_ZONE;
  const delivery = await deliverOnce(ctx, {
    key: keys.appealNoticeSent(appeal.id, notice.event),
    type: ENTITY.appealNoticeSent,
    label: `appeal ${appeal.id} ${notice.event.toLowerCase()}`,
    render: async () => {
      if (notice.event === 'RESOLVED') {
        return renderAppealOutcome({ appeal, rubric: ctx.rubric, timeZone, engineer }, ctx.mail);
      }
      const seen = await findScoreCardRevision(
        ctx.storage,
        appeal.engineerId,
        appeal.month,
        appeal.cardRevision,
      );
      if (!seen)
        throw new Error(
          `appeal ${appeal.id} names card revision ${appeal.cardRevision}, which is not stored`,
        );
      return renderAppealFiled(
        {
          appeal,
          rubric: ctx.rubric,
          timeZone,
          recipient: { email: recipient, language: settings?.defaultLanguage },
          engineer,
          card: seen.card,
        },
        ctx.mail,
      );
    },
  });
  if (delivery.state === 'in-doubt') return { state: 'in-doubt', reason: delivery.reason };
  await dropPendingLowScoreAlert(ctx.storage, key);
  return { state: delivery.state === 'sent' ? 'sent' : 'already' };
}

/** Whether a waiting item is an appeal's email (else a low-score alert). */
export function isAppealNoticeKey(key: Key): boolean {
  return key.sk.startsWith(PENDING_APPEAL_PREFIX);
}
