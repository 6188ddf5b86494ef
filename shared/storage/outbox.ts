// The outbox's records: one claim item per email that must go out once (a report revision, a team summary, an
// invitation, a reminder, a low-score alert), at the key that names that email (shared/storage/keys.ts). Its
// state says how far a send got, so a crash at any step leaves evidence of where it stopped:
//   claimed  — taken, the SES call not yet started: SES provably has nothing (safe to take over once stale);
//   sending  — the SES call was about to start: SES may or may not have the email (in doubt until confirmed);
//   sent     — SES took it (its answer, or SES's own sending event, carried this claim's tag).
// A released claim is deleted: nothing was sent and the next attempt claims afresh.
import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../schema.ts';
import { getItem, isConditionFailure, isoNow, type Storage } from './client.ts';
import type { Key } from './keys.ts';

// zod/mini (shared/schema.ts): the console, an HTTP function, sends through the outbox too (a resent invitation).
const outboxClaimSchema = z.object({
  state: z.enum(['claimed', 'sending', 'sent']),
  claimId: z.string(),
  /** Who the email is for, in the sheet's terms ("report of e-001 2026-10 r2"): named when in doubt. */
  label: z._default(z.string(), ''),
  claimedAt: z.string(),
  /** When the SES call was about to start. */
  sendingAt: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  messageId: z.optional(z.string()),
  /** What showed it was taken: SES's answer, or a sending event / the stand-in's store carrying the tag. */
  confirmedBy: z.optional(z.enum(['answer', 'evidence'])),
});
export type OutboxClaimRecord = z.output<typeof outboxClaimSchema>;

/** A claim held by this caller. */
export interface HeldClaim {
  key: Key;
  claimId: string;
}

type ClaimAttempt = { state: 'held'; claim: HeldClaim } | { state: 'taken'; record: OutboxClaimRecord };

/**
 * Claims the email at `key`: held when nobody has (or `replacing` names the claim this caller may take over,
 * which must still be there unchanged); otherwise the claim that is there, read back.
 */
export async function claimOutbox(
  storage: Storage,
  key: Key,
  entity: { type: string; label: string },
  now: Date,
  replacing?: { claimId: string; state: OutboxClaimRecord['state'] },
): Promise<ClaimAttempt> {
  const claimId = randomUUID();
  try {
    await storage.doc.send(
      new PutCommand({
        TableName: storage.tableName,
        Item: {
          ...key,
          type: entity.type,
          state: 'claimed',
          claimId,
          label: entity.label,
          claimedAt: isoNow(now),
        },
        ...(replacing
          ? {
              ConditionExpression: 'claimId = :old AND #state = :oldState',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':old': replacing.claimId, ':oldState': replacing.state },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      }),
    );
    return { state: 'held', claim: { key, claimId } };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const record = await readOutboxClaim(storage, key);
  // Released between the failed write and the read: nobody holds it now, so try once more as a first claim.
  if (!record) return claimOutbox(storage, key, entity, now);
  return { state: 'taken', record };
}

export function readOutboxClaim(storage: Storage, key: Key): Promise<OutboxClaimRecord | undefined> {
  return getItem(storage, key, outboxClaimSchema);
}

/** Records that the SES call is about to start: from here on, a crash leaves the claim in doubt. */
export async function markOutboxSending(storage: Storage, claim: HeldClaim, now: Date): Promise<void> {
  await storage.doc.send(
    new UpdateCommand({
      TableName: storage.tableName,
      Key: claim.key,
      UpdateExpression: 'SET #state = :sending, sendingAt = :at',
      ConditionExpression: 'claimId = :claim AND #state = :claimed',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':sending': 'sending',
        ':claimed': 'claimed',
        ':at': isoNow(now),
        ':claim': claim.claimId,
      },
    }),
  );
}

/**
 * Records that SES took the email of claim `claimId` at `key`. Idempotent (an answer and later sending events
 * confirm the same claim); false when the key holds another claim now (that one is not confirmed by this).
 */
export async function confirmOutbox(
  storage: Storage,
  key: Key,
  claimId: string,
  proof: { messageId: string; by: 'answer' | 'evidence' },
  now: Date,
): Promise<boolean> {
  try {
    await storage.doc.send(
      new UpdateCommand({
        TableName: storage.tableName,
        Key: key,
        UpdateExpression:
          'SET #state = :sent, sentAt = if_not_exists(sentAt, :at), messageId = if_not_exists(messageId, :m), confirmedBy = if_not_exists(confirmedBy, :by)',
        ConditionExpression: 'claimId = :claim',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':at': isoNow(now),
          ':m': proof.messageId,
          ':by': proof.by,
          ':claim': claimId,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Gives a claim back (SES provably did not take its email), so the next attempt sends. */
export async function releaseOutbox(storage: Storage, claim: HeldClaim): Promise<void> {
  try {
    await storage.doc.send(
      new DeleteCommand({
        TableName: storage.tableName,
        Key: claim.key,
        ConditionExpression: 'claimId = :claim AND #state <> :sent',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claim': claim.claimId, ':sent': 'sent' },
      }),
    );
  } catch (error) {
    // Taken over meanwhile, or confirmed by SES's event: it is not ours to give back.
    if (!isConditionFailure(error)) throw error;
  }
}
