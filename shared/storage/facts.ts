// Repository: the facts a manager records about an engineer's month. Dated facts (support requests,
// complaints, success stories) live under the engineer's partition sorted by date; monthly facts (exam score,
// verdict, overrides) under `M#<month>#F#`. Lookup by id goes through gsi1, per-month lists through gsi2.
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Complaint,
  complaintSchema,
  type ExamScore,
  examScoreSchema,
  type Override,
  overrideSchema,
  type SuccessStory,
  type SupportRequest,
  successStorySchema,
  supportRequestSchema,
  type Verdict,
  verdictSchema,
} from '../domain/facts.ts';
import { localDate, monthOf } from '../domain/values.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { ComplaintStatus } from '../rubric/indicators.ts';
import type * as z from '../schema.ts';
import {
  batchPut,
  conditional,
  fromItem,
  getItem,
  listIndex,
  listMonth,
  putItem,
  putNewItem,
  queryAll,
  type Storage,
} from './client.ts';
import { ENTITY, INDEX, type Key, keys, type MonthListKind } from './keys.ts';

async function findById(
  storage: Storage,
  collection: string,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const items = await queryAll(storage, {
    IndexName: INDEX.byCollection,
    KeyConditionExpression: 'gsi1pk = :c AND gsi1sk = :id',
    ExpressionAttributeValues: { ':c': collection, ':id': id },
  });
  return items[0];
}

// ── support requests ──────────────────────────────────────────────────────────────────────────────────────────

function supportRequestItem(request: SupportRequest, timezone: string): Record<string, unknown> {
  const dueUtcDate = localDate(Date.parse(request.dueAt), 'UTC');
  return {
    ...keys.supportRequest(request.engineerId, dueUtcDate, request.id),
    type: ENTITY.supportRequest,
    gsi1pk: keys.requestsCollection,
    gsi1sk: request.id,
    gsi2pk: keys.monthList('REQUESTS', monthOf(Date.parse(request.dueAt), timezone)),
    // UTC, so the month list sorts by due time whatever offset each request was written with.
    gsi2sk: `${new Date(request.dueAt).toISOString()}#${request.id}`,
    ...request,
  };
}

export async function findSupportRequest(storage: Storage, id: string): Promise<SupportRequest | undefined> {
  const item = await findById(storage, keys.requestsCollection, id);
  return item ? fromItem(supportRequestSchema, item) : undefined;
}

/**
 * Stores a support request; `previous` is the stored version when it is replaced (its key depends on dueAt and
 * the engineer, so a changed one is deleted first).
 */
export async function putSupportRequest(
  storage: Storage,
  request: SupportRequest,
  timezone: string,
  previous?: SupportRequest,
): Promise<void> {
  const item = supportRequestItem(request, timezone);
  if (previous) {
    const old = supportRequestItem(previous, timezone);
    if (old.pk !== item.pk || old.sk !== item.sk) {
      await storage.doc.send(
        new DeleteCommand({ TableName: storage.tableName, Key: { pk: old.pk, sk: old.sk } as Key }),
      );
    }
  }
  await putItem(storage, item);
}

export async function putSupportRequests(
  storage: Storage,
  requests: SupportRequest[],
  timezone: string,
): Promise<void> {
  await batchPut(
    storage,
    requests.map((r) => supportRequestItem(r, timezone)),
  );
}

/** Every support request (an import reads them once to tell new ones from re-imported ones). */
export function listSupportRequests(storage: Storage): Promise<SupportRequest[]> {
  return listIndex(storage, INDEX.byCollection, keys.requestsCollection, supportRequestSchema);
}

export async function listSupportRequestsOfMonth(storage: Storage, month: string): Promise<SupportRequest[]> {
  return listMonth(storage, 'REQUESTS', month, supportRequestSchema);
}

// ── complaints ────────────────────────────────────────────────────────────────────────────────────────────────

function complaintItem(complaint: Complaint): Record<string, unknown> {
  return {
    ...keys.complaint(complaint.engineerId, complaint.date, complaint.id),
    type: ENTITY.complaint,
    gsi1pk: keys.complaintsCollection,
    gsi1sk: complaint.id,
    gsi2pk: keys.monthList('COMPLAINTS', complaint.date.slice(0, 7)),
    gsi2sk: `${complaint.date}#${complaint.id}`,
    ...complaint,
  };
}

export async function createComplaint(storage: Storage, complaint: Complaint): Promise<void> {
  await putNewItem(
    storage,
    complaintItem(complaint),
    () => new ConflictError(`a complaint with id ${complaint.id} already exists`),
  );
}

export async function findComplaint(storage: Storage, id: string): Promise<Complaint | undefined> {
  const item = await findById(storage, keys.complaintsCollection, id);
  return item ? fromItem(complaintSchema, item) : undefined;
}

/** Records a manager's decision on a complaint (the item must still exist). */
export async function decideComplaint(
  storage: Storage,
  complaint: Complaint,
  decision: { status: Exclude<ComplaintStatus, 'pending'>; by: string; at: string },
): Promise<Complaint> {
  const out = await conditional(
    () =>
      storage.doc.send(
        new UpdateCommand({
          TableName: storage.tableName,
          Key: keys.complaint(complaint.engineerId, complaint.date, complaint.id),
          UpdateExpression: 'SET #status = :status, decidedBy = :by, decidedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': decision.status, ':by': decision.by, ':at': decision.at },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    () => new NotFoundError(`no complaint with id ${complaint.id}`),
  );
  return fromItem(complaintSchema, out.Attributes ?? {});
}

export async function listComplaintsOfMonth(storage: Storage, month: string): Promise<Complaint[]> {
  return listMonth(storage, 'COMPLAINTS', month, complaintSchema);
}

// ── success stories ───────────────────────────────────────────────────────────────────────────────────────────

export async function putSuccessStory(storage: Storage, story: SuccessStory): Promise<void> {
  await putItem(storage, {
    ...keys.successStory(story.engineerId, story.date, story.id),
    type: ENTITY.successStory,
    gsi1pk: keys.storiesCollection,
    gsi1sk: story.id,
    gsi2pk: keys.monthList('STORIES', story.date.slice(0, 7)),
    gsi2sk: `${story.date}#${story.id}`,
    ...story,
  });
}

export async function findSuccessStory(storage: Storage, id: string): Promise<SuccessStory | undefined> {
  const item = await findById(storage, keys.storiesCollection, id);
  return item ? fromItem(successStorySchema, item) : undefined;
}

export async function deleteSuccessStory(storage: Storage, story: SuccessStory): Promise<void> {
  await storage.doc.send(
    new DeleteCommand({
      TableName: storage.tableName,
      Key: keys.successStory(story.engineerId, story.date, story.id),
    }),
  );
}

export async function listSuccessStoriesOfMonth(storage: Storage, month: string): Promise<SuccessStory[]> {
  return listMonth(storage, 'STORIES', month, successStorySchema);
}

// ── exam scores, verdicts, overrides (one per engineer-month, or per indicator) ──────────────────────────────

/**
 * A fact recorded once per engineer-month (or per indicator of it), listed per month on gsi2: putting it again
 * replaces it.
 */
function monthlyFact<T extends { engineerId: string; month: string }>(fact: {
  kind: MonthListKind;
  type: string;
  schema: z.core.$ZodType<T>;
  key: (value: T) => Key;
  /** Orders the month's list. */
  sortKey: (value: T) => string;
}) {
  const item = (value: T): Record<string, unknown> => ({
    ...fact.key(value),
    type: fact.type,
    gsi2pk: keys.monthList(fact.kind, value.month),
    gsi2sk: fact.sortKey(value),
    ...value,
  });
  return {
    /** The stored item, for a write made in a transaction with others (an appeal upheld with its override). */
    item,
    put: (storage: Storage, value: T): Promise<void> => putItem(storage, item(value)),
    listOfMonth: (storage: Storage, month: string): Promise<T[]> =>
      listMonth(storage, fact.kind, month, fact.schema),
  };
}

const examScores = monthlyFact<ExamScore>({
  kind: 'EXAMS',
  type: ENTITY.examScore,
  schema: examScoreSchema,
  key: (e) => keys.examScore(e.engineerId, e.month),
  sortKey: (e) => e.engineerId,
});
export const putExamScore = examScores.put;
export const listExamScoresOfMonth = examScores.listOfMonth;

const verdicts = monthlyFact<Verdict>({
  kind: 'VERDICTS',
  type: ENTITY.verdict,
  schema: verdictSchema,
  key: (v) => keys.verdict(v.engineerId, v.month),
  sortKey: (v) => v.engineerId,
});
export const putVerdict = verdicts.put;
export const listVerdictsOfMonth = verdicts.listOfMonth;

const overrides = monthlyFact<Override>({
  kind: 'OVERRIDES',
  type: ENTITY.override,
  schema: overrideSchema,
  key: (o) => keys.override(o.engineerId, o.month, o.indicator),
  sortKey: (o) => `${o.engineerId}#${o.indicator}`,
});
export const putOverride = overrides.put;
export const overrideItem = overrides.item;
export const listOverridesOfMonth = overrides.listOfMonth;

/** The override of one indicator of an engineer-month, if there is one. */
export function findOverride(
  storage: Storage,
  engineerId: string,
  month: string,
  indicator: string,
): Promise<Override | undefined> {
  return getItem(storage, keys.override(engineerId, month, indicator), overrideSchema);
}

/** Removes an override; NotFoundError when there was none. */
export async function deleteOverride(
  storage: Storage,
  engineerId: string,
  month: string,
  indicator: string,
): Promise<void> {
  await conditional(
    () =>
      storage.doc.send(
        new DeleteCommand({
          TableName: storage.tableName,
          Key: keys.override(engineerId, month, indicator),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    () => new NotFoundError(`no ${indicator} override for ${engineerId} in ${month}`),
  );
}
