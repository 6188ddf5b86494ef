// On AWS the evidence that SES took an email is SES's own sending events: the configuration set publishes
// "Email Sent" and "Email Delivered" to EventBridge, each carrying the email's tags, and the outbox claim named
// by the `kpi-claim` tag is confirmed from it. A send left in doubt by a crash is resolved this way, never by
// guessing; an event for an email that is not ours (no tag, another tag) changes nothing.
import * as z from 'zod';
import { CLAIM_TAG } from '../mail/ses.ts';
import type { Storage } from '../storage/client.ts';
import { confirmOutbox } from '../storage/outbox.ts';
import { parseWith } from '../validation.ts';
import { parseClaimTag } from './outbox.ts';

/** The part of an SES sending event (EventBridge) the outbox reads. */
const sendingEventSchema = z.object({
  source: z.literal('aws.ses'),
  'detail-type': z.enum(['Email Sent', 'Email Delivered']),
  detail: z.object({
    eventType: z.enum(['Send', 'Delivery']),
    mail: z.object({
      messageId: z.string().min(1),
      tags: z.record(z.string(), z.array(z.string())).default({}),
    }),
  }),
});
type SendingEvent = z.output<typeof sendingEventSchema>;

export function parseSendingEvent(event: unknown): SendingEvent {
  return parseWith(sendingEventSchema, event, 'invalid SES sending event');
}

/**
 * `confirmed`: the claim the tag names is now recorded as sent (idempotent: repeated events, or an event after
 * SES's answer was recorded, confirm again harmlessly); `not-ours`: the email carries no claim of ours;
 * `superseded`: the key holds another claim now (that one is not confirmed by this event).
 */
type SendingEventOutcome = 'confirmed' | 'not-ours' | 'superseded';

/** Confirms the outbox claim an SES sending event names by its tag. */
export async function confirmFromSendingEvent(
  storage: Storage,
  event: SendingEvent,
  now: Date,
): Promise<SendingEventOutcome> {
  const tag = event.detail.mail.tags[CLAIM_TAG]?.[0];
  const claim = tag ? parseClaimTag(tag) : undefined;
  if (!claim) return 'not-ours';
  const confirmed = await confirmOutbox(
    storage,
    claim.key,
    claim.claimId,
    { messageId: event.detail.mail.messageId, by: 'evidence' },
    now,
  );
  return confirmed ? 'confirmed' : 'superseded';
}
