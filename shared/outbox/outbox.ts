// One outbox for every email that must go out exactly once (an engineer's report of a revision, the team
// summary of a set of revisions, a survey invitation, its reminder, a low-score alert): claim → render → mark sending → send → confirm, or release when SES provably
// took nothing. A claim that is neither confirmed nor released is **in doubt**: it is never treated as done and
// never silently skipped. Doubt is resolved only by evidence — SES's sending events carrying the claim's tag
// (on AWS, shared/outbox/events.ts) or the stand-in's store (locally, `SendEvidence`) — and an email is sent
// again only when SES provably did not take it.
import type { OutgoingEmail } from '../mail/ses.ts';
import { sesTookNothing } from '../mail/ses.ts';
import type { Storage } from '../storage/client.ts';
import type { Key } from '../storage/keys.ts';
import {
  claimOutbox,
  confirmOutbox,
  type HeldClaim,
  markOutboxSending,
  type OutboxClaimRecord,
  releaseOutbox,
} from '../storage/outbox.ts';

/**
 * A claim taken but not yet sending belongs to a live sender for this long; after it, the holder is taken to
 * have died before the SES call and the claim is taken over (SES provably has nothing of it).
 */
export const CLAIM_LEASE_MS = 5 * 60_000;
/**
 * A send started less than this long ago may still be on its way to SES (the sender alive, or its request in
 * flight): evidence of absence is not trusted before then. Far longer than any one SendEmail call takes.
 */
export const IN_FLIGHT_MS = 5 * 60_000;

/** What SES's own records say about one tagged email. */
export type Evidence =
  | { state: 'taken'; messageId: string }
  /** SES provably has no email with this tag. */
  | { state: 'absent' }
  /** Nothing can be concluded (yet). */
  | { state: 'unknown' };

/** Where SES's record of taken emails is read (the local stand-in's store); on AWS, events confirm claims. */
export interface SendEvidence {
  lookup(claimTag: string, sendingAt: Date): Promise<Evidence>;
}

/** No record to read in-run: a send in doubt stays in doubt until SES's event confirms it (AWS). */
export const noEvidence: SendEvidence = { lookup: async () => ({ state: 'unknown' }) };

export interface OutboxContext {
  storage: Storage;
  now: () => Date;
  /** Sends one email carrying `claimTag` as SES message tag and header. */
  send: (email: OutgoingEmail, options: { claimTag: string }) => Promise<{ messageId: string }>;
  evidence?: SendEvidence | undefined;
}

/** One email that goes out once: where its claim lives, and how to render it (only when it is to be sent). */
export interface OutboxEmail {
  key: Key;
  /** Entity type written on the claim item. */
  type: string;
  /** Names the email in the sheet's terms, for the "in doubt" lists. */
  label: string;
  render: () => Promise<OutgoingEmail>;
}

export type Delivery =
  /** This call sent it and SES answered. */
  | { state: 'sent'; messageId: string }
  /** It had gone out before (confirmed by SES's answer or, now or earlier, by SES's evidence). */
  | { state: 'already'; by: 'answer' | 'evidence' }
  /** Nobody can say whether SES has it: counted and named, never taken as done. */
  | { state: 'in-doubt'; label: string; reason: string };

/** The claim as an SES tag value (letters, digits, `-` and `_` only): the item's key and the claim id. */
export function claimTag(claim: HeldClaim): string {
  return Buffer.from(JSON.stringify([claim.key.pk, claim.key.sk, claim.claimId]), 'utf8').toString(
    'base64url',
  );
}

/** The claim a tag names; undefined when it is not one of ours. */
export function parseClaimTag(tag: string): HeldClaim | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(tag, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'string' && v)) {
      const [pk, sk, claimId] = value as [string, string, string];
      return { key: { pk, sk }, claimId };
    }
  } catch {
    // not JSON: not a claim tag
  }
  return undefined;
}

/**
 * Delivers `email` exactly once.
 * 1. Claim its key. Held → render, mark "sending", send with the claim's tag, confirm with SES's message id.
 * 2. Claimed before: confirmed → already sent. Claimed but never sending, past the lease → the holder died
 *    before the SES call: take it over and send. Within the lease → in doubt (another sender holds it).
 * 3. Sending, unconfirmed: in doubt. Past IN_FLIGHT_MS the evidence is read: SES has the tag → confirm it
 *    (already sent); SES provably has not → take the claim over and send; no evidence → still in doubt.
 * A failure before the SES call, or a refusal SES answered, releases the claim and rethrows (the next attempt
 * sends); a failure during the call that does not prove SES took nothing leaves the claim in doubt.
 */
export async function deliverOnce(ctx: OutboxContext, email: OutboxEmail): Promise<Delivery> {
  const entity = { type: email.type, label: email.label };
  let attempt = await claimOutbox(ctx.storage, email.key, entity, ctx.now());
  // Each pass either ends or takes the claim over; a takeover lost to a racing sender is looked at once more.
  for (let pass = 0; pass < 3; pass++) {
    if (attempt.state === 'held') return sendHeld(ctx, attempt.claim, email);
    const record = attempt.record;
    const next = await resolveTaken(ctx, email, record);
    if (next.state === 'take-over') {
      attempt = await claimOutbox(ctx.storage, email.key, entity, ctx.now(), {
        claimId: record.claimId,
        state: record.state,
      });
      continue;
    }
    return next;
  }
  return { state: 'in-doubt', label: email.label, reason: 'other senders kept taking the claim over' };
}

async function resolveTaken(
  ctx: OutboxContext,
  email: OutboxEmail,
  record: OutboxClaimRecord,
): Promise<Delivery | { state: 'take-over' }> {
  if (record.state === 'sent') return { state: 'already', by: record.confirmedBy ?? 'answer' };
  const now = ctx.now().getTime();
  if (record.state === 'claimed') {
    if (now - Date.parse(record.claimedAt) >= CLAIM_LEASE_MS) return { state: 'take-over' };
    return {
      state: 'in-doubt',
      label: email.label,
      reason: `claimed at ${record.claimedAt} by another sender, not sent or released yet`,
    };
  }
  const sendingAt = new Date(record.sendingAt ?? record.claimedAt);
  if (now - sendingAt.getTime() < IN_FLIGHT_MS) {
    return {
      state: 'in-doubt',
      label: email.label,
      reason: `handed to SES at ${sendingAt.toISOString()}, SES's answer not recorded (may still be in flight)`,
    };
  }
  const tag = claimTag({ key: email.key, claimId: record.claimId });
  const evidence = await (ctx.evidence ?? noEvidence).lookup(tag, sendingAt);
  if (evidence.state === 'taken') {
    const confirmed = await confirmOutbox(
      ctx.storage,
      email.key,
      record.claimId,
      { messageId: evidence.messageId, by: 'evidence' },
      ctx.now(),
    );
    // Not confirmed: the claim changed hands meanwhile; whoever holds it now decides.
    return confirmed ? { state: 'already', by: 'evidence' } : { state: 'take-over' };
  }
  if (evidence.state === 'absent') return { state: 'take-over' };
  return {
    state: 'in-doubt',
    label: email.label,
    reason: `handed to SES at ${sendingAt.toISOString()}, no answer recorded and no sending event yet`,
  };
}

async function sendHeld(ctx: OutboxContext, claim: HeldClaim, email: OutboxEmail): Promise<Delivery> {
  let outgoing: OutgoingEmail;
  try {
    outgoing = await email.render();
    await markOutboxSending(ctx.storage, claim, ctx.now());
  } catch (error) {
    // Nothing reached SES: give the claim back for the next attempt.
    await releaseOutbox(ctx.storage, claim);
    throw error;
  }
  let messageId: string;
  try {
    ({ messageId } = await ctx.send(outgoing, { claimTag: claimTag(claim) }));
  } catch (error) {
    if (sesTookNothing(error)) {
      await releaseOutbox(ctx.storage, claim);
      throw error;
    }
    return {
      state: 'in-doubt',
      label: email.label,
      reason: `SES's answer was lost (${firstLine(error)}); it may have taken the email`,
    };
  }
  await confirmOutbox(ctx.storage, claim.key, claim.claimId, { messageId, by: 'answer' }, ctx.now());
  return { state: 'sent', messageId };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}
