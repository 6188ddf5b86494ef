// Integration-test harness: one in-memory DynamoDB Local per test file, on a free port (so files run in
// parallel), with the project's table created from shared/storage/keys.ts. Tests use unique ids.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { type DynamoDbLocal, ensureLocalTable, startDynamoDbLocal } from '../../local/dynamo.ts';
import { createStorage, type Storage } from '../../shared/storage/client.ts';

export interface TestDynamo {
  readonly storage: Storage;
  readonly endpoint: string;
  /** A fresh table (same definition) for a test that needs an empty one. */
  freshStorage(): Promise<Storage>;
}

/** Registers beforeAll/afterAll that start and stop DynamoDB Local; read `storage` inside tests. */
export function useDynamoDb(): TestDynamo {
  let local: DynamoDbLocal | undefined;
  let storage: Storage | undefined;
  const made: Storage[] = [];
  const newStorage = async (): Promise<Storage> => {
    if (!local) throw new Error('DynamoDB Local is not running (use inside a test)');
    const s = createStorage({ endpoint: local.endpoint, tableName: `kpi-test-${randomUUID().slice(0, 8)}` });
    await ensureLocalTable(local.endpoint, s.tableName);
    made.push(s);
    return s;
  };
  beforeAll(async () => {
    local = await startDynamoDbLocal();
    storage = await newStorage();
  });
  afterAll(async () => {
    for (const s of made) s.doc.destroy();
    await local?.stop();
  });
  return {
    get storage() {
      if (!storage) throw new Error('DynamoDB Local is not running (use inside a test)');
      return storage;
    },
    get endpoint() {
      if (!local) throw new Error('DynamoDB Local is not running (use inside a test)');
      return local.endpoint;
    },
    freshStorage: newStorage,
  };
}

/** An id no other test uses, e.g. `e-3f9a1c2b`. */
export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
