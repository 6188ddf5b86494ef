// How a refused write reaches the manager: a failed condition (the id is taken, the record changed) is a
// ConflictError naming the record; anything else DynamoDB says — a throttled transaction — passes through as
// itself (the request is retried or answered 500), never disguised as "someone else wrote first". The faults
// are injected into the document client with aws-sdk-client-mock; the real refusals are exercised on DynamoDB
// Local by test/integration/admin/useCases.test.ts.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engineer } from '#shared/domain/engineer.ts';
import type { Project } from '#shared/domain/project.ts';
import { ConflictError } from '#shared/errors.ts';
import { createStorage } from '#shared/storage/client.ts';
import { createEngineer } from '#shared/storage/engineers.ts';
import { createProject } from '#shared/storage/projects.ts';

const storage = createStorage({ tableName: 'kpi', endpoint: 'http://127.0.0.1:9' });
const dynamo = mockClient(storage.doc);
afterAll(() => dynamo.restore());

const project: Project = {
  id: 'p-1',
  name: 'Rollout',
  engineerId: 'e-1',
  customer: 'ACME',
  start: '2026-09-01',
  createdAt: '2026-10-01T00:00:00.000Z',
  updatedAt: '2026-10-01T00:00:00.000Z',
};

const engineer: Engineer = {
  id: 'e-1',
  name: 'Zhang San',
  email: 'e1@example.com',
  language: 'zh-CN',
  region: 'East',
  leave: [],
  active: true,
  dailyReportLinkVersion: 1,
  createdAt: '2026-10-01T00:00:00.000Z',
  updatedAt: '2026-10-01T00:00:00.000Z',
};

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('a refused write', () => {
  it('is a conflict naming the project when the transaction failed on its condition', async () => {
    dynamo.reset();
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    const error = await createProject(storage, project).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe('a project with id p-1 already exists');
  });

  it('is a conflict when another transaction was writing the same item at that moment', async () => {
    dynamo.reset();
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict'));
    expect(await createProject(storage, project).catch((e: unknown) => e)).toBeInstanceOf(ConflictError);
  });

  it('passes a throttled transaction through as itself, not as a conflict', async () => {
    dynamo.reset();
    const throttled = cancelled('ThrottlingError', 'None');
    dynamo.on(TransactWriteCommand).rejects(throttled);
    expect(await createProject(storage, project).catch((e: unknown) => e)).toBe(throttled);
  });

  it('is a conflict naming the engineer when a single write failed on its condition', async () => {
    dynamo.reset();
    dynamo
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    const error = await createEngineer(storage, engineer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe('an engineer with id e-1 already exists');
  });

  it('passes a cancelled single write through when no condition is among the reasons', async () => {
    dynamo.reset();
    const throttled = cancelled('ThrottlingError');
    dynamo.on(PutCommand).rejects(throttled);
    expect(await createEngineer(storage, engineer).catch((e: unknown) => e)).toBe(throttled);
  });
});
