// The emulator harness itself: DynamoDB Local starts on a free port, the table has the keys.ts definition,
// a taken port gets a clear message, and ensureTable is idempotent.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ensureTable, startDynamoDbLocal } from '../../../local/dynamo.ts';
import { INDEX } from '../../../shared/storage/keys.ts';
import { useDynamoDb } from '../../support/dynamo.ts';

const db = useDynamoDb();

describe('DynamoDB Local harness', () => {
  it('creates the table with both indexes, and ensureTable leaves an existing table alone', async () => {
    const client = new DynamoDBClient({
      endpoint: db.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const table = await client.send(new DescribeTableCommand({ TableName: db.storage.tableName }));
    expect(table.Table?.TableStatus).toBe('ACTIVE');
    expect(table.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(
      [INDEX.byCollection, INDEX.byMonth].sort(),
    );
    expect(await ensureTable(client, db.storage.tableName)).toBe(false);
    client.destroy();
  });

  it('refuses a port that is already taken, naming the port', async () => {
    const port = Number(new URL(db.endpoint).port);
    await expect(startDynamoDbLocal({ port })).rejects.toThrow(new RegExp(`${port}.*already in use`));
  });
});
