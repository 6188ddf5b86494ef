// The month's record and the one guarded write (shared/storage/months.ts) on DynamoDB Local: a change to a month
// is stored with its record of changes or not at all, nothing is written to a final month (409 naming the month
// and since when), finalising waits for open appeals, and reopening needs a final month.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { MonthFinalError, MonthStateError } from '#shared/errors.ts';
import { listAuditOfEngineerMonth, listAuditOfMonth } from '#shared/storage/audit.ts';
import type { Storage } from '#shared/storage/client.ts';
import {
  finalizeMonthRecord,
  findMonthRecord,
  recordFirstRun,
  reopenMonthRecord,
  writeMonthChange,
} from '#shared/storage/months.ts';
import { useDynamoDb } from '../../support/dynamo.ts';

const db = useDynamoDb();
const by = (iso: string) => ({ actor: 'hr@example.com', at: new Date(iso), timezone: 'Asia/Shanghai' });

async function scan(storage: Storage) {
  const out = await storage.doc.send(new ScanCommand({ TableName: storage.tableName, ConsistentRead: true }));
  return (out.Items ?? []).map((i) => `${i.pk} ${i.sk}`).sort();
}

/** A manager's change: one fact item of engineer e-1 in `month`. */
function examChange(storage: Storage, month: string, score: number) {
  return writeMonthChange(storage, {
    months: [month],
    items: [
      {
        Put: {
          TableName: storage.tableName,
          Item: { pk: 'ENG#e-1', sk: `M#${month}#F#EXAM`, engineerId: 'e-1', month, score },
        },
      },
    ],
    audit: [
      {
        month,
        engineerId: 'e-1',
        at: '2026-11-05T02:00:00.000Z',
        actor: 'hr@example.com',
        action: 'updated',
        item: { kind: 'exam-score', id: `e-1/${month}` },
        before: null,
        after: { score },
      },
    ],
  });
}

describe('a month change', () => {
  it('is stored with its entry in the record of changes, per engineer-month and per month', async () => {
    const storage = await db.freshStorage();
    await examChange(storage, '2026-10', 91);
    const entries = await listAuditOfEngineerMonth(storage, 'e-1', '2026-10');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'hr@example.com', after: { score: 91 }, before: null });
    expect((await listAuditOfMonth(storage, '2026-10')).map((e) => e.id)).toEqual([entries[0]!.id]);
  });

  it('is refused for a final month, naming since when in local time, and writes nothing', async () => {
    const storage = await db.freshStorage();
    await recordFirstRun(storage, '2026-10', {
      at: new Date('2026-11-03T01:00:00Z'),
      appealDeadline: new Date('2026-11-10T01:00:00Z'),
      timezone: 'Asia/Shanghai',
    });
    const record = await findMonthRecord(storage, '2026-10');
    await finalizeMonthRecord(storage, '2026-10', by('2026-11-10T01:00:00Z'), record);
    const before = await scan(storage);
    const refusal = await examChange(storage, '2026-10', 91).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(MonthFinalError);
    expect((refusal as MonthFinalError).status).toBe(409);
    expect((refusal as Error).message).toBe(
      '2026-10 is final since 2026-11-10 09:00 (Asia/Shanghai); an admin must reopen it to change it',
    );
    expect(await scan(storage)).toEqual(before);
    // Another month is not affected.
    await examChange(storage, '2026-09', 80);
  });
});

describe('the month record', () => {
  it('records the first run once: a later run leaves it as it is', async () => {
    const storage = await db.freshStorage();
    const first = {
      at: new Date('2026-11-03T01:00:00Z'),
      appealDeadline: new Date('2026-11-10T01:00:00Z'),
      timezone: 'Asia/Shanghai',
    };
    expect(await recordFirstRun(storage, '2026-10', first)).toBe(true);
    expect(await recordFirstRun(storage, '2026-10', { ...first, at: new Date('2026-11-04T01:00:00Z') })).toBe(
      false,
    );
    expect(await findMonthRecord(storage, '2026-10')).toMatchObject({
      state: 'provisional',
      firstRunAt: '2026-11-03T01:00:00.000Z',
      openAppeals: {},
      version: 1,
    });
  });

  it('does not finalise while an appeal is open, and names it', async () => {
    const storage = await db.freshStorage();
    await recordFirstRun(storage, '2026-10', {
      at: new Date('2026-11-03T01:00:00Z'),
      appealDeadline: new Date('2026-11-10T01:00:00Z'),
      timezone: 'Asia/Shanghai',
    });
    const record = (await findMonthRecord(storage, '2026-10'))!;
    // An appeal opened since the record was read: the version did not move, the open appeal decides.
    await storage.doc.send(
      new (await import('@aws-sdk/lib-dynamodb')).UpdateCommand({
        TableName: storage.tableName,
        Key: { pk: 'MONTH#2026-10', sk: 'STATE' },
        UpdateExpression: 'SET openAppeals.#e = :a',
        ExpressionAttributeNames: { '#e': 'e-7' },
        ExpressionAttributeValues: { ':a': 'appeal-1' },
      }),
    );
    const refusal = await finalizeMonthRecord(storage, '2026-10', by('2026-11-10T01:00:00Z'), record).catch(
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(MonthStateError);
    expect((refusal as Error).message).toBe('2026-10 has open appeals, resolve them first: e-7 (appeal-1)');
    expect((await findMonthRecord(storage, '2026-10'))?.state).toBe('provisional');
  });

  it('finalises a month scored before the lifecycle (no record), then reopens it with its reason, recording both', async () => {
    const storage = await db.freshStorage();
    const final = await finalizeMonthRecord(storage, '2026-08', by('2026-09-10T01:00:00Z'), undefined);
    expect(final).toMatchObject({ state: 'final', finalizedBy: 'hr@example.com', version: 1 });
    const again = await finalizeMonthRecord(storage, '2026-08', by('2026-09-11T01:00:00Z'), undefined).catch(
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(MonthFinalError);
    const reopened = await reopenMonthRecord(
      storage,
      '2026-08',
      { actor: 'hr@example.com', at: new Date('2026-09-12T01:00:00Z'), reason: 'exam re-marked' },
      final,
    );
    expect(reopened).toMatchObject({ state: 'provisional', reopenReason: 'exam re-marked', version: 2 });
    expect(reopened.finalizedAt).toBeUndefined();
    const notFinal = await reopenMonthRecord(
      storage,
      '2026-08',
      { actor: 'hr@example.com', at: new Date('2026-09-12T02:00:00Z'), reason: 'again' },
      reopened,
    ).catch((e: unknown) => e);
    expect(notFinal).toBeInstanceOf(MonthStateError);
    expect((notFinal as Error).message).toBe('2026-08 is not final; there is nothing to reopen');
    const audit = await listAuditOfMonth(storage, '2026-08');
    expect(audit.map((e) => [e.action, e.reason ?? null])).toEqual([
      ['finalized', null],
      ['reopened', 'exam re-marked'],
    ]);
  });
});
