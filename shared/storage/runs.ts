// Repository: the month's scoring run — the dispatched set (replaced by each run) and each engineer's outcome in
// that run, counted in a string set on the run item.

import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
  transact,
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
  /** Engineers whose latest outcome in this run is parked (kept beside finishedIds by recordRunOutcome). */
  parkedIds: z.optional(z.set(z.string())),
  /** Set on runs that keep parkedIds; a run dispatched before they were kept has its outcomes queried. */
  keepsParked: z.optional(z.literal(true)),
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
export async function putRunDispatch(
  storage: Storage,
  run: Omit<RunDispatch, 'finishedIds' | 'parkedIds' | 'keepsParked'>,
): Promise<void> {
  await putItem(storage, {
    ...keys.runDispatch(run.month),
    type: ENTITY.runDispatch,
    ...run,
    keepsParked: true,
  });
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
 *    In the same update, a parked engineer joins the run's parked set and any other outcome leaves it (a
 *    redelivery that succeeds after a park), so who is parked is read from the run item alone.
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
        UpdateExpression:
          outcome.status === 'parked'
            ? 'ADD finishedIds :id, parkedIds :id'
            : 'ADD finishedIds :id DELETE parkedIds :id',
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
 * The engineers the month's current run parked, with why: the run item names them (one GetItem), and only when
 * it names any are their outcomes read (one BatchGetItem per 100). A run dispatched before the run item kept its
 * parked set has its outcomes queried instead (one paged Query, filtered to `parked`, of that run's outcomes).
 */
export async function findParkedOfCurrentRun(storage: Storage, month: string): Promise<Map<string, string>> {
  const run = await findRunDispatch(storage, month);
  if (!run) return new Map();
  const parked = run.keepsParked
    ? (
        await batchGet(
          storage,
          [...(run.parkedIds ?? [])].map((id) => keys.runOutcome(month, run.runId, id)),
        )
      ).map((i) => fromItem(runOutcomeSchema, i))
    : (
        await queryAll(storage, {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          FilterExpression: '#status = :parked',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pk': keys.runDispatch(month).pk,
            ':p': keys.runOutcomePrefix(run.runId),
            ':parked': 'parked',
          },
        })
      ).map((i) => fromItem(runOutcomeSchema, i));
  return new Map(
    parked.filter((o) => o.status === 'parked').map((o) => [o.engineerId, o.reason ?? 'parked']),
  );
}

const regionTotalsSchema = z.record(
  z.string(),
  z.strictObject({ sum: z.number(), count: z.number().check(z.int(), z.gte(1)) }),
);
/** Per region (the engineer's when the summary was sent): the sum and number of the totals it showed. */
export type RegionTotals = z.output<typeof regionTotalsSchema>;

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

/** What a month's last summary showed, for the trend: its region totals, or (sent before those) its engineers. */
export type SummaryTotals =
  | { month: string; regions: RegionTotals }
  | { month: string; engineers: SummaryShown['engineers'] };

/** What the month's last sent team summary showed; undefined before the first. */
export function findSummaryShown(storage: Storage, month: string): Promise<SummaryShown | undefined> {
  return getItem(storage, keys.runSummary(month), summaryShownSchema);
}

/** What the last sent team summary of each of `months` showed (one BatchGetItem per 100 months); absent: none. */
async function listSummariesShown(storage: Storage, months: readonly string[]): Promise<SummaryShown[]> {
  const items = await batchGet(
    storage,
    months.map((m) => keys.runSummary(m)),
  );
  return items.map((i) => fromItem(summaryShownSchema, i));
}

/**
 * What the last sent team summary of each of `months` showed, as totals: one GetItem of the team's trend,
 * projected to those months; the months it lacks (summaries sent before it was kept, or none) are looked for
 * among the summaries themselves (one BatchGetItem). A month with no summary is absent.
 */
export async function listSummaryTotals(
  storage: Storage,
  months: readonly string[],
): Promise<SummaryTotals[]> {
  if (months.length === 0) return [];
  const names = Object.fromEntries(months.map((m, i) => [`#m${i}`, m]));
  const out = await storage.doc.send(
    new GetCommand({
      TableName: storage.tableName,
      Key: keys.teamTrend(),
      ConsistentRead: true,
      ProjectionExpression: Object.keys(names).join(', '),
      ExpressionAttributeNames: names,
    }),
  );
  const trend = z.parse(z.record(z.string(), regionTotalsSchema), out.Item ?? {});
  const missing = months.filter((m) => trend[m] === undefined);
  const older = missing.length > 0 ? await listSummariesShown(storage, missing) : [];
  return [
    ...Object.entries(trend).map(([month, regions]) => ({ month, regions })),
    ...older.map((s) => ({ month: s.month, engineers: s.engineers })),
  ];
}

/**
 * Records what a sent team summary showed (replacing the one before): the next summary compares with it. With
 * its totals by region, the month's point of the team's trend is set in the same transaction.
 */
export async function recordSummaryShown(
  storage: Storage,
  shown: SummaryShown,
  regions?: RegionTotals,
): Promise<void> {
  const summary = { ...keys.runSummary(shown.month), type: ENTITY.summaryShown, ...shown };
  if (!regions) return putItem(storage, summary);
  await transact(storage, [
    { Put: { TableName: storage.tableName, Item: summary } },
    {
      Update: {
        TableName: storage.tableName,
        Key: keys.teamTrend(),
        UpdateExpression: 'SET #type = :type, #month = :regions',
        ExpressionAttributeNames: { '#type': 'type', '#month': shown.month },
        ExpressionAttributeValues: { ':type': ENTITY.teamTrend, ':regions': regions },
      },
    },
  ]);
}
