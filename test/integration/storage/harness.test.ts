// The emulator harness itself: DynamoDB Local starts on a free port, the table has the keys.ts definition,
// data in a directory survives a restart, a taken port gets a clear message, and ensureTable is idempotent.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { EPHEMERAL_JAVA_OPTIONS, ensureTable, startDynamoDbLocal } from '../../../local/dynamo.ts';
import { organisationSettingsSchema } from '../../../shared/domain/organisation.ts';
import { createStorage } from '../../../shared/storage/client.ts';
import { INDEX } from '../../../shared/storage/keys.ts';
import { findOrganisationSettings, putOrganisationSettings } from '../../../shared/storage/organisation.ts';
import { useDynamoDb } from '../../support/dynamo.ts';

const db = useDynamoDb();
const rawClient = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

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

  it('keeps its data in dataDir across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kpi-dynamo-'));
    const write = await startDynamoDbLocal({ dataDir, javaOptions: EPHEMERAL_JAVA_OPTIONS });
    const first = createStorage({ endpoint: write.endpoint, tableName: 'kpi-persist' });
    await ensureTable(rawClient(write.endpoint), 'kpi-persist');
    await putOrganisationSettings(
      first,
      organisationSettingsSchema.parse({
        timezone: 'Asia/Shanghai',
        holidays: ['2026-10-01'],
        makeUpWorkdays: [],
        departmentManager: { name: 'Zhang Min', email: 'zhang@example.com' },
        defaultLanguage: 'zh-CN',
      }),
    );
    first.doc.destroy();
    await write.stop();

    const read = await startDynamoDbLocal({ dataDir, javaOptions: EPHEMERAL_JAVA_OPTIONS });
    const second = createStorage({ endpoint: read.endpoint, tableName: 'kpi-persist' });
    expect(await ensureTable(rawClient(read.endpoint), 'kpi-persist')).toBe(false);
    expect((await findOrganisationSettings(second))?.holidays).toEqual(['2026-10-01']);
    second.doc.destroy();
    await read.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a port that is already taken, naming the port', async () => {
    const port = Number(new URL(db.endpoint).port);
    await expect(startDynamoDbLocal({ port })).rejects.toThrow(new RegExp(`${port}.*already in use`));
  });
});
