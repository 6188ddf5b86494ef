// The monthly pipeline's records in the table: score-card revisions with their LATEST pointer (written in one
// transaction, so a crash never leaves a revision without its pointer or the reverse), and the month's run
// (dispatched set, each engineer's outcome). The once-only claims of every email are the outbox's
// (shared/storage/outbox.ts).
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { type ScoreCardRecord, scoreCardRecordSchema } from '../domain/scoreCardRecord.ts';
import { ConflictError } from '../errors.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import { fromItem, isoNow, queryAll, type Storage, transact } from '../storage/client.ts';
import { ENTITY, type Key, keys } from '../storage/keys.ts';

/** JSON with object keys sorted and undefined dropped: DynamoDB returns map keys in any order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** Whether two cards say the same thing (same points, counts, flags, explanations). */
export function sameCard(a: ScoreCard, b: ScoreCard): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

// ── score cards ───────────────────────────────────────────────────────────────────────────────────────────────

export async function findLatestScoreCard(
  storage: Storage,
  engineerId: string,
  month: string,
): Promise<ScoreCardRecord | undefined> {
  const out = await storage.doc.send(
    new GetCommand({
      TableName: storage.tableName,
      Key: keys.scoreCardLatest(engineerId, month),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromItem(scoreCardRecordSchema, out.Item) : undefined;
}

/**
 * Stores `card` as revision `previous + 1` and moves the LATEST pointer to it, in one transaction conditioned
 * on the pointer still being at `previous` (ConflictError when another run got there first).
 */
export async function storeScoreCardRevision(
  storage: Storage,
  card: ScoreCard,
  previous: number,
  now: Date,
): Promise<ScoreCardRecord> {
  // Through JSON: the card is plain data, and undefined fields must not reach the marshaller.
  const record: ScoreCardRecord = {
    engineerId: card.engineerId,
    month: card.month,
    revision: previous + 1,
    card: JSON.parse(JSON.stringify(card)) as ScoreCard,
    createdAt: isoNow(now),
  };
  await transact(
    storage,
    [
      {
        Put: {
          TableName: storage.tableName,
          Item: {
            ...keys.scoreCardRevision(card.engineerId, card.month, record.revision),
            type: ENTITY.scoreCard,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: storage.tableName,
          Item: {
            ...keys.scoreCardLatest(card.engineerId, card.month),
            type: ENTITY.scoreCardLatest,
            gsi2pk: keys.monthList('SCORECARDS', card.month),
            gsi2sk: card.engineerId,
            ...record,
          },
          ...(previous === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'revision = :previous',
                ExpressionAttributeValues: { ':previous': previous },
              }),
        },
      },
    ],
    () => new ConflictError(`the score card of ${card.engineerId} ${card.month} was stored concurrently`),
  );
  return record;
}

/** Every revision of an engineer-month's card, oldest first. */
export async function listScoreCardRevisions(
  storage: Storage,
  engineerId: string,
  month: string,
): Promise<ScoreCardRecord[]> {
  const items = await queryAll(storage, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: {
      ':pk': keys.engineerPartition(engineerId),
      ':p': keys.scoreCardRevisionPrefix(month),
    },
    ConsistentRead: true,
  });
  return items.map((i) => fromItem(scoreCardRecordSchema, i));
}

/** Reads many items by key (100 per call), retrying what DynamoDB leaves unprocessed; missing keys are skipped. */
export async function batchGet(storage: Storage, wanted: Key[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < wanted.length; i += 100) {
    let pending: Record<string, unknown>[] = wanted.slice(i, i + 100).map((k) => ({ pk: k.pk, sk: k.sk }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept keys unprocessed after 8 retries');
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await storage.doc.send(
        new BatchGetCommand({
          RequestItems: { [storage.tableName]: { Keys: pending, ConsistentRead: true } },
        }),
      );
      found.push(...((out.Responses?.[storage.tableName] ?? []) as Record<string, unknown>[]));
      pending = (out.UnprocessedKeys?.[storage.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

/** The latest cards of these engineer-months (those that exist). */
export async function latestScoreCards(
  storage: Storage,
  wanted: ReadonlyArray<{ engineerId: string; month: string }>,
): Promise<ScoreCardRecord[]> {
  const items = await batchGet(
    storage,
    wanted.map((w) => keys.scoreCardLatest(w.engineerId, w.month)),
  );
  return items.map((i) => fromItem(scoreCardRecordSchema, i));
}

// ── the month's run ───────────────────────────────────────────────────────────────────────────────────────────

export const runDispatchSchema = z.strictObject({
  runId: z.string(),
  month: z.string(),
  engineerIds: z.array(z.string()),
  /** Whether reports and the summary are emailed in this run. */
  email: z.boolean(),
  dispatchedAt: z.string(),
  /** Engineers whose outcome (done or parked) is recorded: a string set, so a redelivery adds nothing. */
  finishedIds: z.set(z.string()).optional(),
});
export type RunDispatch = z.output<typeof runDispatchSchema>;

export const runOutcomeSchema = z.strictObject({
  runId: z.string(),
  month: z.string(),
  engineerId: z.string(),
  engineerName: z.string(),
  /** in-doubt: the card is stored, but whether SES took its report is not known (the summary waits). */
  status: z.enum(['done', 'parked', 'in-doubt']),
  /** The card revision the run ended with (done, in doubt). */
  revision: z.number().int().min(1).optional(),
  /** Why it was parked, or why its report is in doubt. */
  reason: z.string().optional(),
  at: z.string(),
});
export type RunOutcome = z.output<typeof runOutcomeSchema>;

/** Starts a run of the month: its dispatched set replaces any earlier run's. */
export async function putRunDispatch(storage: Storage, run: Omit<RunDispatch, 'finishedIds'>): Promise<void> {
  await storage.doc.send(
    new PutCommand({
      TableName: storage.tableName,
      Item: { ...keys.runDispatch(run.month), type: ENTITY.runDispatch, ...run },
    }),
  );
}

export async function findRunDispatch(storage: Storage, month: string): Promise<RunDispatch | undefined> {
  const out = await storage.doc.send(
    new GetCommand({ TableName: storage.tableName, Key: keys.runDispatch(month), ConsistentRead: true }),
  );
  return out.Item ? fromItem(runDispatchSchema, out.Item) : undefined;
}

export type RecordedOutcome =
  | { state: 'superseded' }
  | { state: 'recorded'; finished: number; dispatched: number; email: boolean };

/**
 * Records an engineer's outcome in run `runId` and counts it.
 * 1. Put the outcome under the run's own prefix (a run never overwrites another run's outcomes).
 * 2. Add the engineer to the run's finished set, on condition the run is still the month's current one, and
 *    read back how many are finished. Adding to a set is idempotent, so a redelivered message counts once;
 *    and every outcome is written before it is counted, so a full set means every outcome can be read.
 */
export async function recordRunOutcome(storage: Storage, outcome: RunOutcome): Promise<RecordedOutcome> {
  await storage.doc.send(
    new PutCommand({
      TableName: storage.tableName,
      Item: {
        ...keys.runOutcome(outcome.month, outcome.runId, outcome.engineerId),
        type: ENTITY.runOutcome,
        ...outcome,
      },
    }),
  );
  try {
    const out = await storage.doc.send(
      new UpdateCommand({
        TableName: storage.tableName,
        Key: keys.runDispatch(outcome.month),
        UpdateExpression: 'ADD finishedIds :id',
        ConditionExpression: 'runId = :run',
        ExpressionAttributeValues: { ':run': outcome.runId, ':id': new Set([outcome.engineerId]) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const run = fromItem(runDispatchSchema, out.Attributes ?? {});
    return {
      state: 'recorded',
      finished: run.finishedIds?.size ?? 0,
      dispatched: run.engineerIds.length,
      email: run.email,
    };
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException')
      return { state: 'superseded' };
    throw error;
  }
}

/** The outcomes recorded for run `runId` of `month`. */
export async function listRunOutcomes(storage: Storage, month: string, runId: string): Promise<RunOutcome[]> {
  const items = await queryAll(storage, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': keys.runDispatch(month).pk, ':p': keys.runOutcomePrefix(runId) },
    ConsistentRead: true,
  });
  return items.map((i) => fromItem(runOutcomeSchema, i));
}
