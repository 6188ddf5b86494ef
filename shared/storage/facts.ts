// Repository: the facts a manager records about an engineer's month. Dated facts (support requests,
// complaints, success stories) live under the engineer's partition sorted by date; monthly facts (exam score,
// verdict, overrides) under `M#<month>#F#`. Lookup by id goes through gsi1, per-month lists through gsi2.
// Every write here is a manager's change of a month: it takes who made it (`Change`) and goes through
// `writeMonthChange` (months.ts), so it is refused for a final month and never stored without its record.
import type { AuditAction, AuditItemKind } from '../domain/audit.ts';
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
import { type AuditRecord, auditRecord, type Change, type MonthChange, type TransactItem } from './audit.ts';
import { fromItem, getItem, listIndex, listMonth, queryAll, type Storage } from './client.ts';
import { ENTITY, INDEX, type Key, keys, type MonthListKind } from './keys.ts';
import { writeMonthChange } from './months.ts';

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
    gsi2pk: keys.monthList('REQUESTS', supportRequestMonth(request, timezone)),
    // UTC, so the month list sorts by due time whatever offset each request was written with.
    gsi2sk: `${new Date(request.dueAt).toISOString()}#${request.id}`,
    ...request,
  };
}

/** The month a request counts in: the organisation-local month of its due time. */
export function supportRequestMonth(request: Pick<SupportRequest, 'dueAt'>, timezone: string): string {
  return monthOf(Date.parse(request.dueAt), timezone);
}

export async function findSupportRequest(storage: Storage, id: string): Promise<SupportRequest | undefined> {
  const item = await findById(storage, keys.requestsCollection, id);
  return item ? fromItem(supportRequestSchema, item) : undefined;
}

/**
 * The writes and record of one support request, new (`previous` undefined) or replacing the stored `previous`
 * (its key depends on dueAt and the engineer, so a moved one is deleted and put in the same transaction). The
 * replaced item must still be the one read (its updatedAt), so two managers cannot silently undo each other.
 * A request that moves to another due month is a change of both months: each is guarded and each records it.
 */
function supportRequestChange(
  storage: Storage,
  request: SupportRequest,
  timezone: string,
  previous: SupportRequest | undefined,
  change: Change & { action: AuditAction },
): MonthChange {
  const item = supportRequestItem(request, timezone);
  const items: TransactItem[] = [];
  if (previous) {
    const old = supportRequestItem(previous, timezone);
    const seen = {
      ConditionExpression: 'updatedAt = :seen',
      ExpressionAttributeValues: { ':seen': previous.updatedAt },
    };
    if (old.pk !== item.pk || old.sk !== item.sk) {
      items.push({
        Delete: { TableName: storage.tableName, Key: { pk: old.pk, sk: old.sk } as Key, ...seen },
      });
      items.push({
        Put: { TableName: storage.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
      });
    } else {
      items.push({ Put: { TableName: storage.tableName, Item: item, ...seen } });
    }
  } else {
    items.push({
      Put: { TableName: storage.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
    });
  }
  // Each engineer-month the request leaves or joins records the change (a re-import may move it to another
  // engineer as well as another month).
  const touched = new Map<string, { month: string; engineerId: string }>();
  for (const r of previous ? [previous, request] : [request]) {
    const month = supportRequestMonth(r, timezone);
    touched.set(`${r.engineerId}#${month}`, { month, engineerId: r.engineerId });
  }
  return {
    months: [...touched.values()].map((t) => t.month),
    items,
    audit: [...touched.values()].map((t) =>
      auditRecord(change, {
        ...t,
        item: { kind: 'support-request', id: request.id },
        before: previous ?? null,
        after: request,
      }),
    ),
  };
}

/** Records a new support request with its entry in the record of changes (ConflictError if its key is taken). */
export async function createSupportRequest(
  storage: Storage,
  request: SupportRequest,
  timezone: string,
  by: Change,
): Promise<void> {
  await writeMonthChange(
    storage,
    supportRequestChange(storage, request, timezone, undefined, { ...by, action: 'created' }),
    () => new ConflictError(`a support request with id ${request.id} already exists`),
  );
}

/**
 * Replaces the stored `previous` with `request` (a resolution, a re-opening, a re-import), recorded as `action`;
 * ConflictError when it changed since it was read.
 */
export async function replaceSupportRequest(
  storage: Storage,
  request: SupportRequest,
  previous: SupportRequest,
  timezone: string,
  by: Change & { action: AuditAction },
): Promise<void> {
  await writeMonthChange(
    storage,
    supportRequestChange(storage, request, timezone, previous, by),
    () =>
      new ConflictError(`support request ${request.id} was changed by someone else; read it again and retry`),
  );
}

/**
 * Writes imported requests (new, or replacing the stored one given beside each), each guarded by its months and
 * recorded. One transaction per chunk of requests (DynamoDB takes at most 100 items in one), so each chunk is
 * all or nothing, but the import as a whole is not atomic: a chunk refused (a month finalised meanwhile, a
 * request changed meanwhile) leaves the chunks before it written. The use case checks every row before the first
 * chunk, so that takes a race.
 */
export async function importSupportRequests(
  storage: Storage,
  rows: Array<{ request: SupportRequest; previous: SupportRequest | undefined }>,
  timezone: string,
  by: Change,
): Promise<void> {
  let chunk: MonthChange = { months: [], items: [], audit: [] };
  const size = (c: MonthChange) => new Set(c.months).size + c.items.length + c.audit.length;
  const flush = async () => {
    if (chunk.items.length === 0) return;
    await writeMonthChange(
      storage,
      chunk,
      () => new ConflictError('a support request of the import was changed meanwhile; import the file again'),
    );
    chunk = { months: [], items: [], audit: [] };
  };
  for (const { request, previous } of rows) {
    const change = supportRequestChange(storage, request, timezone, previous, {
      ...by,
      action: previous ? 'updated' : 'created',
    });
    const merged = {
      months: [...chunk.months, ...change.months],
      items: [...chunk.items, ...change.items],
      audit: [...chunk.audit, ...change.audit],
    };
    if (size(merged) > TRANSACTION_ITEMS_MAX) {
      await flush();
      chunk = change;
    } else chunk = merged;
  }
  await flush();
}

/** The most items DynamoDB takes in one TransactWriteItems. */
const TRANSACTION_ITEMS_MAX = 100;

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

/** A dated fact's month: its date is the organisation's local date already. */
const monthOfDate = (date: string) => date.slice(0, 7);

export async function createComplaint(storage: Storage, complaint: Complaint, by: Change): Promise<void> {
  await writeMonthChange(
    storage,
    {
      months: [monthOfDate(complaint.date)],
      items: [
        {
          Put: {
            TableName: storage.tableName,
            Item: complaintItem(complaint),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      audit: [
        auditRecord(
          { ...by, action: 'created' },
          {
            month: monthOfDate(complaint.date),
            engineerId: complaint.engineerId,
            item: { kind: 'complaint', id: complaint.id },
            before: null,
            after: complaint,
          },
        ),
      ],
    },
    () => new ConflictError(`a complaint with id ${complaint.id} already exists`),
  );
}

export async function findComplaint(storage: Storage, id: string): Promise<Complaint | undefined> {
  const item = await findById(storage, keys.complaintsCollection, id);
  return item ? fromItem(complaintSchema, item) : undefined;
}

/**
 * Records a manager's decision on a complaint, read as `complaint`: it must still be stored with the status it
 * was read with, so the record's "before" is what was decided on (ConflictError otherwise).
 */
export async function decideComplaint(
  storage: Storage,
  complaint: Complaint,
  decision: { status: Exclude<ComplaintStatus, 'pending'>; by: string; at: string },
  change: Change,
): Promise<Complaint> {
  const decided: Complaint = {
    ...complaint,
    status: decision.status,
    decidedBy: decision.by,
    decidedAt: decision.at,
  };
  await writeMonthChange(
    storage,
    {
      months: [monthOfDate(complaint.date)],
      items: [
        {
          Update: {
            TableName: storage.tableName,
            Key: keys.complaint(complaint.engineerId, complaint.date, complaint.id),
            UpdateExpression: 'SET #status = :status, decidedBy = :by, decidedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND #status = :seen',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': decision.status,
              ':by': decision.by,
              ':at': decision.at,
              ':seen': complaint.status,
            },
          },
        },
      ],
      audit: [
        auditRecord(
          { ...change, action: decision.status },
          {
            month: monthOfDate(complaint.date),
            engineerId: complaint.engineerId,
            item: { kind: 'complaint', id: complaint.id },
            before: complaint,
            after: decided,
          },
        ),
      ],
    },
    () => new ConflictError(`complaint ${complaint.id} was changed by someone else; read it again and retry`),
  );
  return decided;
}

export async function listComplaintsOfMonth(storage: Storage, month: string): Promise<Complaint[]> {
  return listMonth(storage, 'COMPLAINTS', month, complaintSchema);
}

// ── success stories ───────────────────────────────────────────────────────────────────────────────────────────

export async function createSuccessStory(storage: Storage, story: SuccessStory, by: Change): Promise<void> {
  await writeMonthChange(
    storage,
    {
      months: [monthOfDate(story.date)],
      items: [
        {
          Put: {
            TableName: storage.tableName,
            Item: {
              ...keys.successStory(story.engineerId, story.date, story.id),
              type: ENTITY.successStory,
              gsi1pk: keys.storiesCollection,
              gsi1sk: story.id,
              gsi2pk: keys.monthList('STORIES', monthOfDate(story.date)),
              gsi2sk: `${story.date}#${story.id}`,
              ...story,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      audit: [
        auditRecord(
          { ...by, action: 'created' },
          {
            month: monthOfDate(story.date),
            engineerId: story.engineerId,
            item: { kind: 'success-story', id: story.id },
            before: null,
            after: story,
          },
        ),
      ],
    },
    () => new ConflictError(`a success story with id ${story.id} already exists`),
  );
}

export async function findSuccessStory(storage: Storage, id: string): Promise<SuccessStory | undefined> {
  const item = await findById(storage, keys.storiesCollection, id);
  return item ? fromItem(successStorySchema, item) : undefined;
}

/** Removes a success story (NotFoundError when it is gone already), recorded. */
export async function deleteSuccessStory(storage: Storage, story: SuccessStory, by: Change): Promise<void> {
  await writeMonthChange(
    storage,
    {
      months: [monthOfDate(story.date)],
      items: [
        {
          Delete: {
            TableName: storage.tableName,
            Key: keys.successStory(story.engineerId, story.date, story.id),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
      ],
      audit: [
        auditRecord(
          { ...by, action: 'removed' },
          {
            month: monthOfDate(story.date),
            engineerId: story.engineerId,
            item: { kind: 'success-story', id: story.id },
            before: story,
            after: null,
          },
        ),
      ],
    },
    () => new NotFoundError(`no success story with id ${story.id}`),
  );
}

export async function listSuccessStoriesOfMonth(storage: Storage, month: string): Promise<SuccessStory[]> {
  return listMonth(storage, 'STORIES', month, successStorySchema);
}

// ── exam scores, verdicts, overrides (one per engineer-month, or per indicator) ──────────────────────────────

/**
 * A fact recorded once per engineer-month (or per indicator of it), listed per month on gsi2: setting it again
 * replaces it. Every set and removal is a change of the month, guarded and recorded with what it replaced; the
 * replaced one must still be the one read (its `at`), so the record's "before" is true.
 */
function monthlyFact<T extends { engineerId: string; month: string; at: string }>(fact: {
  kind: MonthListKind;
  type: string;
  itemKind: AuditItemKind;
  noun: string;
  schema: z.core.$ZodType<T>;
  key: (value: Pick<T, 'engineerId' | 'month'> & Partial<T>) => Key;
  /** The item's id in the record of changes. */
  id: (value: Pick<T, 'engineerId' | 'month'> & Partial<T>) => string;
  /** Orders the month's list. */
  sortKey: (value: T) => string;
}) {
  const find = (
    storage: Storage,
    key: Pick<T, 'engineerId' | 'month'> & Partial<T>,
  ): Promise<T | undefined> => getItem(storage, fact.key(key), fact.schema);
  const unchanged = (before: T | undefined) =>
    before
      ? {
          ConditionExpression: '#at = :seen',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':seen': before.at },
        }
      : { ConditionExpression: 'attribute_not_exists(pk)' };
  const conflict = (value: Pick<T, 'engineerId' | 'month'> & Partial<T>) => () =>
    new ConflictError(
      `the ${fact.noun} ${fact.id(value)} was changed by someone else; read it again and retry`,
    );
  /** The write of `value` over `before` (which must still be there) and its entry in the record of changes. */
  const change = (
    storage: Storage,
    value: T,
    before: T | undefined,
    by: Change,
  ): { item: TransactItem; audit: AuditRecord } => ({
    item: {
      Put: {
        TableName: storage.tableName,
        Item: {
          ...fact.key(value),
          type: fact.type,
          gsi2pk: keys.monthList(fact.kind, value.month),
          gsi2sk: fact.sortKey(value),
          ...value,
        },
        ...unchanged(before),
      },
    },
    audit: auditRecord(
      { ...by, action: before ? 'updated' : 'created' },
      {
        month: value.month,
        engineerId: value.engineerId,
        item: { kind: fact.itemKind, id: fact.id(value) },
        before: before ?? null,
        after: value,
      },
    ),
  });
  return {
    find,
    change,
    /** Stores `value`, replacing the one there; returns the one it replaced. */
    async put(storage: Storage, value: T, by: Change): Promise<T | undefined> {
      const before = await find(storage, value);
      const { item, audit } = change(storage, value, before, by);
      await writeMonthChange(
        storage,
        { months: [value.month], items: [item], audit: [audit] },
        conflict(value),
      );
      return before;
    },
    /** Removes the stored one (NotFoundError when there is none); returns it. */
    async remove(
      storage: Storage,
      key: Pick<T, 'engineerId' | 'month'> & Partial<T>,
      by: Change,
    ): Promise<T> {
      const before = await find(storage, key);
      const missing = () => new NotFoundError(`no ${fact.noun} ${fact.id(key)}`);
      if (!before) throw missing();
      await writeMonthChange(
        storage,
        {
          months: [key.month],
          items: [{ Delete: { TableName: storage.tableName, Key: fact.key(key), ...unchanged(before) } }],
          audit: [
            auditRecord(
              { ...by, action: 'removed' },
              {
                month: key.month,
                engineerId: key.engineerId,
                item: { kind: fact.itemKind, id: fact.id(key) },
                before,
                after: null,
              },
            ),
          ],
        },
        conflict(key),
      );
      return before;
    },
    listOfMonth: (storage: Storage, month: string): Promise<T[]> =>
      listMonth(storage, fact.kind, month, fact.schema),
  };
}

const examScores = monthlyFact<ExamScore>({
  kind: 'EXAMS',
  type: ENTITY.examScore,
  itemKind: 'exam-score',
  noun: 'exam score',
  schema: examScoreSchema,
  key: (e) => keys.examScore(e.engineerId, e.month),
  id: (e) => `${e.engineerId}/${e.month}`,
  sortKey: (e) => e.engineerId,
});
export const putExamScore = examScores.put;
export const listExamScoresOfMonth = examScores.listOfMonth;

const verdicts = monthlyFact<Verdict>({
  kind: 'VERDICTS',
  type: ENTITY.verdict,
  itemKind: 'verdict',
  noun: 'verdict',
  schema: verdictSchema,
  key: (v) => keys.verdict(v.engineerId, v.month),
  id: (v) => `${v.engineerId}/${v.month}`,
  sortKey: (v) => v.engineerId,
});
export const putVerdict = verdicts.put;
export const listVerdictsOfMonth = verdicts.listOfMonth;

const overrides = monthlyFact<Override>({
  kind: 'OVERRIDES',
  type: ENTITY.override,
  itemKind: 'override',
  noun: 'override',
  schema: overrideSchema,
  key: (o) => keys.override(o.engineerId, o.month, o.indicator ?? ''),
  id: (o) => `${o.engineerId}/${o.month}/${o.indicator}`,
  sortKey: (o) => `${o.engineerId}#${o.indicator}`,
});
export const listOverridesOfMonth = overrides.listOfMonth;

/** Sets an override (replacing the indicator's earlier one), recorded with its reason. */
export function putOverride(storage: Storage, override: Override, by: Change): Promise<Override | undefined> {
  return overrides.put(storage, override, { ...by, reason: override.reason });
}

/** The override of one indicator of an engineer-month, if there is one. */
export function findOverride(
  storage: Storage,
  key: { engineerId: string; month: string; indicator: Override['indicator'] },
): Promise<Override | undefined> {
  return overrides.find(storage, key);
}

/**
 * The write of an override over `before` (still the one there) and its entry in the record of changes, for a
 * transaction of its own: an appeal upheld with its correction writes both at once.
 */
export function overrideChange(
  storage: Storage,
  override: Override,
  before: Override | undefined,
  by: Change,
): { item: TransactItem; audit: AuditRecord } {
  return overrides.change(storage, override, before, { ...by, reason: override.reason });
}

/** Removes an override (NotFoundError when there was none), recorded; returns it. */
export function deleteOverride(
  storage: Storage,
  key: { engineerId: string; month: string; indicator: Override['indicator'] },
  by: Change,
): Promise<Override> {
  return overrides.remove(storage, key, by);
}
