// The storage context every repository takes first ({ doc, tableName }), and the few helpers they share:
// reading one item or one index partition parsed with its domain schema, paging through a Query, batch reads
// and writes that retry what DynamoDB leaves unprocessed, and telling a failed condition from other failures.
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  type DynamoDBClientConfig,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../errors.ts';
import * as z from '../schema.ts';
import { INDEX, KEY_ATTRIBUTES, type Key, keys, type MonthListKind } from './keys.ts';

export interface Storage {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

interface StorageOptions {
  tableName: string;
  /** A DynamoDB Local endpoint; omitted on AWS. */
  endpoint?: string;
  region?: string;
}

/** One document client for the process (module-scope in Lambda handlers). */
export function createStorage(options: StorageOptions): Storage {
  const config: DynamoDBClientConfig = { region: options.region ?? process.env.AWS_REGION ?? 'us-east-1' };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // DynamoDB Local accepts any credentials; fixed ones keep a developer's real profile out of it.
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { doc, tableName: options.tableName };
}

/** Removes the key attributes so the rest parses with a strict domain schema. */
function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.includes(k)) out[k] = v;
  return out;
}

/** Parses a stored item with its schema; a corrupt item is a bug worth a loud error, not a silent skip. */
export function fromItem<S extends z.core.$ZodType>(schema: S, item: Record<string, unknown>): z.output<S> {
  const parsed = z.safeParse(schema, stripKeys(item));
  if (!parsed.success) {
    throw new Error(
      `stored item ${String(item.pk)} / ${String(item.sk)} does not match its schema: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

/** One item by key, strongly consistent (a read right after a write must see it); undefined when absent. */
export async function getItem<S extends z.core.$ZodType>(
  storage: Storage,
  key: Key,
  schema: S,
): Promise<z.output<S> | undefined> {
  const out = await storage.doc.send(
    new GetCommand({ TableName: storage.tableName, Key: key, ConsistentRead: true }),
  );
  return out.Item ? fromItem(schema, out.Item) : undefined;
}

/** Writes an item, replacing any at its key. */
export async function putItem(storage: Storage, item: Record<string, unknown>): Promise<void> {
  await storage.doc.send(new PutCommand({ TableName: storage.tableName, Item: item }));
}

/** Writes an item that must be new: `onConflict()` is thrown when its key is taken. */
export async function putNewItem(
  storage: Storage,
  item: Record<string, unknown>,
  onConflict: () => Error,
): Promise<void> {
  await conditional(
    () =>
      storage.doc.send(
        new PutCommand({
          TableName: storage.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    onConflict,
  );
}

/** Every item of one partition of a GSI (a collection on gsi1, a month's list on gsi2), parsed. */
export async function listIndex<S extends z.core.$ZodType>(
  storage: Storage,
  index: (typeof INDEX)[keyof typeof INDEX],
  partition: string,
  schema: S,
  projection?: string,
): Promise<z.output<S>[]> {
  const attribute = index === INDEX.byCollection ? 'gsi1pk' : 'gsi2pk';
  const items = await queryAll(storage, {
    IndexName: index,
    KeyConditionExpression: `${attribute} = :p`,
    ExpressionAttributeValues: { ':p': partition },
    ...(projection ? { ProjectionExpression: projection } : {}),
  });
  return items.map((i) => fromItem(schema, i));
}

/** The items of partition `pk` whose sort key starts with `prefix`, strongly consistent, parsed. */
export async function listPrefix<S extends z.core.$ZodType>(
  storage: Storage,
  pk: string,
  prefix: string,
  schema: S,
): Promise<z.output<S>[]> {
  const items = await queryAll(storage, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
    ConsistentRead: true,
  });
  return items.map((i) => fromItem(schema, i));
}

/** A month's list of one kind across engineers (gsi2 `<KIND>#<month>`), parsed. */
export function listMonth<S extends z.core.$ZodType>(
  storage: Storage,
  kind: MonthListKind,
  month: string,
  schema: S,
  projection?: string,
): Promise<z.output<S>[]> {
  return listIndex(storage, INDEX.byMonth, keys.monthList(kind, month), schema, projection);
}

/**
 * The repository of an entity kept as one item per id and listed through a gsi1 collection (engineers,
 * respondents): the same reads and writes for each, with the entity's own key, item and name.
 */
export function collectionRepository<T extends { id: string }>(entity: {
  /** As in "no engineer with id …"; `article` as in "an engineer with id … already exists". */
  noun: string;
  article: 'a' | 'an';
  schema: z.core.$ZodType<T>;
  key: (id: string) => Key;
  /** The item's `type` (ENTITY). */
  type: string;
  collection: string;
  /** Attributes of its own (a sparse index's key) besides the key, type and collection. */
  indexAttributes?: (value: T) => Record<string, unknown>;
}) {
  const item = (value: T): Record<string, unknown> => ({
    ...entity.key(value.id),
    type: entity.type,
    gsi1pk: entity.collection,
    gsi1sk: value.id,
    ...entity.indexAttributes?.(value),
    ...value,
  });
  const find = (storage: Storage, id: string): Promise<T | undefined> =>
    getItem(storage, entity.key(id), entity.schema);
  return {
    find,
    /** The stored one; NotFoundError when there is none. */
    async get(storage: Storage, id: string): Promise<T> {
      const found = await find(storage, id);
      if (!found) throw new NotFoundError(`no ${entity.noun} with id ${id}`);
      return found;
    },
    list: (storage: Storage): Promise<T[]> =>
      listIndex(storage, INDEX.byCollection, entity.collection, entity.schema),
    /** Writes many at once (a validated CSV import), replacing those with the same id. */
    putMany: (storage: Storage, values: T[]): Promise<void> => batchPut(storage, values.map(item)),
    /** Adds a new one; ConflictError when the id is taken. */
    create: (storage: Storage, value: T): Promise<void> =>
      putNewItem(
        storage,
        item(value),
        () => new ConflictError(`${entity.article} ${entity.noun} with id ${value.id} already exists`),
      ),
    /**
     * Replaces the stored one; with `expectedUpdatedAt`, only if nobody changed it since it was read (an
     * optimistic lock, so two managers editing at once cannot silently undo each other).
     */
    async replace(storage: Storage, value: T, expectedUpdatedAt?: string): Promise<void> {
      await conditional(
        () =>
          storage.doc.send(
            new PutCommand({
              TableName: storage.tableName,
              Item: item(value),
              ...(expectedUpdatedAt === undefined
                ? {}
                : {
                    ConditionExpression: 'updatedAt = :expected',
                    ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
                  }),
            }),
          ),
        () =>
          new ConflictError(
            `${entity.noun} ${value.id} was changed by someone else; read it again and retry`,
          ),
      );
    },
  };
}

/** Runs a Query to the end, following LastEvaluatedKey. */
export async function queryAll(
  storage: Storage,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await storage.doc.send(
      new QueryCommand({ ...input, TableName: storage.tableName, ExclusiveStartKey: startKey }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Puts many items in batches of 25, retrying what DynamoDB leaves unprocessed (with a short back-off). */
export async function batchPut(storage: Storage, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept items unprocessed after 8 retries');
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await storage.doc.send(
        new BatchWriteCommand({ RequestItems: { [storage.tableName]: requests } }),
      );
      requests = (out.UnprocessedItems?.[storage.tableName] ?? []) as typeof requests;
    }
  }
}

/** Reads many items by key (100 per call), retrying what DynamoDB leaves unprocessed; missing keys are skipped. */
export async function batchGet(
  storage: Storage,
  wanted: Key[],
  /** Only these attributes of each item (a ProjectionExpression with its `#name` placeholders). */
  projection?: { expression: string; names?: Record<string, string> },
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < wanted.length; i += 100) {
    let pending: Record<string, unknown>[] = wanted.slice(i, i + 100).map((k) => ({ pk: k.pk, sk: k.sk }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept keys unprocessed after 8 retries');
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await storage.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [storage.tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ...(projection
                ? {
                    ProjectionExpression: projection.expression,
                    ...(projection.names ? { ExpressionAttributeNames: projection.names } : {}),
                  }
                : {}),
            },
          },
        }),
      );
      found.push(...((out.Responses?.[storage.tableName] ?? []) as Record<string, unknown>[]));
      pending = (out.UnprocessedKeys?.[storage.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

/**
 * Whether a write was refused because someone else wrote first: its condition failed, or (in a transaction) an
 * item's condition failed or another transaction was writing the same item at that moment. The caller re-reads
 * or reports a conflict; throttling, validation and the like are not this and pass through.
 */
export function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (!(error instanceof TransactionCanceledException)) return false;
  const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
  return reasons.includes('ConditionalCheckFailed') || reasons.includes('TransactionConflict');
}

/**
 * Runs a write whose condition expresses a rule ("once", "exists", "not changed since"); a failed condition
 * becomes a ConflictError (or whatever `onConflict` returns), every other failure passes through.
 */
export async function conditional<T>(write: () => Promise<T>, onConflict: () => Error): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isConditionFailure(error)) throw onConflict();
    throw error;
  }
}

/** A transaction; a failed condition in any item becomes `onConflict()`. */
export async function transact(
  storage: Storage,
  items: NonNullable<TransactWriteCommandInput['TransactItems']>,
  onConflict: () => Error = () => new ConflictError('the record changed; retry'),
): Promise<void> {
  await conditional(() => storage.doc.send(new TransactWriteCommand({ TransactItems: items })), onConflict);
}

/** The current time as an ISO timestamp in UTC; repositories take `now` from their caller for testability. */
export const isoNow = (now: Date = new Date()) => now.toISOString();
