// Repository: engineers (profile item under the engineer's partition; listed through gsi1, active ones through
// the sparse gsi2 collection).
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Engineer, engineerSchema } from '../domain/engineer.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { batchPut, conditional, fromItem, queryAll, type Storage } from './client.ts';
import { ENTITY, INDEX, keys } from './keys.ts';

export function engineerItem(engineer: Engineer): Record<string, unknown> {
  return {
    ...keys.engineer(engineer.id),
    type: ENTITY.engineer,
    gsi1pk: keys.engineersCollection,
    gsi1sk: engineer.id,
    // Sparse: only active engineers appear in this collection, so the monthly job reads exactly them.
    ...(engineer.active ? { gsi2pk: keys.activeEngineersCollection, gsi2sk: engineer.id } : {}),
    ...engineer,
  };
}

export async function findEngineer(storage: Storage, engineerId: string): Promise<Engineer | undefined> {
  const out = await storage.doc.send(
    new GetCommand({ TableName: storage.tableName, Key: keys.engineer(engineerId), ConsistentRead: true }),
  );
  return out.Item ? fromItem(engineerSchema, out.Item) : undefined;
}

export async function getEngineer(storage: Storage, engineerId: string): Promise<Engineer> {
  const engineer = await findEngineer(storage, engineerId);
  if (!engineer) throw new NotFoundError(`no engineer with id ${engineerId}`);
  return engineer;
}

/** Adds a new engineer; a ConflictError if the id is taken. */
export async function createEngineer(storage: Storage, engineer: Engineer): Promise<void> {
  await conditional(
    () =>
      storage.doc.send(
        new PutCommand({
          TableName: storage.tableName,
          Item: engineerItem(engineer),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    () => new ConflictError(`an engineer with id ${engineer.id} already exists`),
  );
}

/**
 * Replaces an engineer's record, provided nobody changed it since `expectedUpdatedAt` was read (optimistic
 * lock, so two managers editing at once cannot silently undo each other).
 */
export async function replaceEngineer(
  storage: Storage,
  engineer: Engineer,
  expectedUpdatedAt: string,
): Promise<void> {
  await conditional(
    () =>
      storage.doc.send(
        new PutCommand({
          TableName: storage.tableName,
          Item: engineerItem(engineer),
          ConditionExpression: 'updatedAt = :expected',
          ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
        }),
      ),
    () => new ConflictError(`engineer ${engineer.id} was changed by someone else; read it again and retry`),
  );
}

/** Writes many engineers at once (CSV import: validated beforehand; replaces existing ones with the same id). */
export async function putEngineers(storage: Storage, engineers: Engineer[]): Promise<void> {
  await batchPut(storage, engineers.map(engineerItem));
}

export async function listEngineers(
  storage: Storage,
  options: { activeOnly?: boolean } = {},
): Promise<Engineer[]> {
  const items = options.activeOnly
    ? await queryAll(storage, {
        IndexName: INDEX.byMonth,
        KeyConditionExpression: 'gsi2pk = :c',
        ExpressionAttributeValues: { ':c': keys.activeEngineersCollection },
      })
    : await queryAll(storage, {
        IndexName: INDEX.byCollection,
        KeyConditionExpression: 'gsi1pk = :c',
        ExpressionAttributeValues: { ':c': keys.engineersCollection },
      });
  return items.map((i) => fromItem(engineerSchema, i));
}
