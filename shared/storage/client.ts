// The storage context every repository takes first ({ doc, tableName }), and the few helpers they share:
// paging through a Query, parsing items with their domain schema, batch writes that retry unprocessed items,
// and turning a failed condition into the domain's ConflictError.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../errors.ts';
import * as z from '../schema.ts';
import { KEY_ATTRIBUTES } from './keys.ts';

export interface Storage {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

export interface StorageOptions {
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
export function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
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

export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
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
  onConflict: (reasons: (string | undefined)[]) => Error = () =>
    new ConflictError('the record changed; retry'),
): Promise<void> {
  try {
    await storage.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if ((error as { name?: string }).name === 'TransactionCanceledException') {
      const reasons = (
        (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []
      ).map((r) => r.Code);
      // A failed condition, or another transaction writing the same item at that moment, both mean "someone
      // else wrote first": the caller re-reads (or reports a conflict). Throttling etc. passes through.
      if (reasons.includes('ConditionalCheckFailed') || reasons.includes('TransactionConflict')) {
        throw onConflict(reasons);
      }
    }
    throw error;
  }
}

/** The current time as an ISO timestamp in UTC; repositories take `now` from their caller for testability. */
export const isoNow = (now: Date = new Date()) => now.toISOString();
