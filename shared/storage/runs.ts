// Repository: the month's scoring run — the dispatched set (replaced by each run) and each engineer's outcome in
// that run, counted in a string set on the run item.

import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../schema.ts';
import {
  batchGet,
  fromItem,
  getItem,
  isConditionFailure,
  listPrefix,
  putItem,
  queryAll,
  type Storage,
} from './client.ts';
import { ENTITY, INDEX, keys } from './keys.ts';

const runDispatchSchema = z.strictObject({
  runId: z.string(),
  month: z.string(),
  engineerIds: z.array(z.string()),
  /** Whether reports and the summary are emailed in this run. */
  email: z.boolean(),
  dispatchedAt: z.string(),
  /**
   * A final run (finalisation): the version of the month record it finalises. Its completion sends the one
   * "final" summary of that finalisation instead of a summary of the set of revisions.
   */
  final: z.optional(z.number().check(z.int(), z.gte(1))),
  /** Engineers whose outcome (done or parked) is recorded: a string set, so a redelivery adds nothing. */
  finishedIds: z.optional(z.set(z.string())),
});
export type RunDispatch = z.output<typeof runDispatchSchema>;

const runOutcomeSchema = z.strictObject({
  runId: z.string(),
  month: z.string(),
  engineerId: z.string(),
  engineerName: z.string(),
  /** in-doubt: the card is stored, but whether SES took its report is not known (the summary waits). */
  status: z.enum(['done', 'parked', 'in-doubt']),
  /** The card revision the run ended with (done, in doubt). */
  revision: z.optional(z.number().check(z.int(), z.gte(1))),
  /** Why it was parked, or why its report is in doubt. */
  reason: z.optional(z.string()),
  at: z.string(),
});
export type RunOutcome = z.output<typeof runOutcomeSchema>;

/** Starts a run of the month: its dispatched set replaces any earlier run's. */
export async function putRunDispatch(storage: Storage, run: Omit<RunDispatch, 'finishedIds'>): Promise<void> {
  await putItem(storage, { ...keys.runDispatch(run.month), type: ENTITY.runDispatch, ...run });
}

export function findRunDispatch(storage: Storage, month: string): Promise<RunDispatch | undefined> {
  return getItem(storage, keys.runDispatch(month), runDispatchSchema);
}

type RecordedOutcome =
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
  await putItem(storage, {
    ...keys.runOutcome(outcome.month, outcome.runId, outcome.engineerId),
    type: ENTITY.runOutcome,
    ...outcome,
  });
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
    if (isConditionFailure(error)) return { state: 'superseded' };
    throw error;
  }
}

/**
 * Whether any card of `month` is stored (a month scored before its state was recorded): one Query of at most one
 * item on the month's list of cards. Here rather than beside the cards, whose record schema is classic zod, which
 * the admin API's bundle must not carry.
 */
export async function monthWasScored(storage: Storage, month: string): Promise<boolean> {
  const out = await storage.doc.send(
    new QueryCommand({
      TableName: storage.tableName,
      IndexName: INDEX.byMonth,
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': keys.monthList('SCORECARDS', month) },
      ProjectionExpression: 'pk',
      Limit: 1,
    }),
  );
  return (out.Items?.length ?? 0) > 0;
}

const claimState = z.looseObject({ state: z.string() });

/**
 * How far the final run of the finalisation that made month record `version` got: `done` when its "final"
 * summary was sent (the outbox claim confirmed) or it had nobody to score; else when it was dispatched, if it was.
 */
export async function finalRunProgress(
  storage: Storage,
  month: string,
  version: number,
): Promise<{ done: boolean; dispatchedAt: string | undefined }> {
  const [claim, run] = await Promise.all([
    getItem(storage, keys.finalSummarySent(month, version), claimState),
    findRunDispatch(storage, month),
  ]);
  const ours = run?.final === version ? run : undefined;
  return {
    done: claim?.state === 'sent' || ours?.engineerIds.length === 0,
    dispatchedAt: ours?.dispatchedAt,
  };
}

/** The outcomes recorded for run `runId` of `month`. */
export function listRunOutcomes(storage: Storage, month: string, runId: string): Promise<RunOutcome[]> {
  return listPrefix(storage, keys.runDispatch(month).pk, keys.runOutcomePrefix(runId), runOutcomeSchema);
}

/**
 * The parked outcomes of every run of `month` (one Query, paged, filtered to `parked` so only those travel); the
 * caller keeps the current run's (the dispatch item names it, read at the same time).
 */
export async function listParkedOutcomes(storage: Storage, month: string): Promise<RunOutcome[]> {
  const items = await queryAll(storage, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    FilterExpression: '#status = :parked',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':pk': keys.runDispatch(month).pk,
      ':p': keys.runOutcomesPrefix,
      ':parked': 'parked',
    },
  });
  return items.map((i) => fromItem(runOutcomeSchema, i));
}

const summaryShownSchema = z.strictObject({
  month: z.string(),
  /** Per engineer: the card revision and total the summary showed. */
  engineers: z.record(
    z.string(),
    z.strictObject({ revision: z.number().check(z.int(), z.gte(1)), total: z.number() }),
  ),
  sentAt: z.string(),
});
export type SummaryShown = z.output<typeof summaryShownSchema>;

/** What the month's last sent team summary showed; undefined before the first. */
export function findSummaryShown(storage: Storage, month: string): Promise<SummaryShown | undefined> {
  return getItem(storage, keys.runSummary(month), summaryShownSchema);
}

/** What the last sent team summary of each of `months` showed (one BatchGetItem per 100 months); absent: none. */
export async function listSummariesShown(
  storage: Storage,
  months: readonly string[],
): Promise<SummaryShown[]> {
  const items = await batchGet(
    storage,
    months.map((m) => keys.runSummary(m)),
  );
  return items.map((i) => fromItem(summaryShownSchema, i));
}

/** Records what a sent team summary showed (replacing the one before): the next summary compares with it. */
export async function recordSummaryShown(storage: Storage, shown: SummaryShown): Promise<void> {
  await putItem(storage, { ...keys.runSummary(shown.month), type: ENTITY.summaryShown, ...shown });
}
