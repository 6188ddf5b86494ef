// Lambda: SES's sending events ("Email Sent", "Email Delivered" from the configuration set, through the default
// EventBridge bus) confirm the outbox claim each email's `kpi-claim` tag names — the evidence that resolves a
// send left in doubt by a crash between SES taking the email and the pipeline recording it.
import { logger } from '#shared/logger.ts';
import { confirmFromSendingEvent, parseSendingEvent } from '#shared/outbox/events.ts';
import { storage } from '#shared/storage/fromConfig.ts';

export const handler = async (event: unknown) => {
  const parsed = parseSendingEvent(event);
  const outcome = await confirmFromSendingEvent(storage(), parsed, new Date());
  logger.info('SES sending event', { eventType: parsed.detail.eventType, outcome });
  return { outcome };
};
