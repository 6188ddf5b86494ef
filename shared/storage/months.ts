// Repository: a month's life. One item per month (MONTH#<month> / STATE) holds its stored state, and every
// change to a month goes through here:
// - `writeMonthChange`: a manager's change to the month's evidence, overrides, verdict, exam, stories,
//   complaints or appeals, as ONE transaction: a ConditionCheck that the month is not final, the change's own
//   writes, and its entry in the record of changes. Nothing is written to a final month, and nothing is
//   changed without its record.
// - `monthGuard`: the same ConditionCheck for writes that are not a manager's change (a daily report, a survey
//   answer), which carry it in their own transaction.
// - the transitions: the first run (→ provisional), finalise (→ final, only with no open appeal) and reopen
//   (→ provisional), each conditional on the state it leaves, so two managers at once get one outcome.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type MonthRecord, monthRecordSchema } from '../domain/monthRecord.ts';
import { localTimeWithZone } from '../domain/monthTimeline.ts';
import { ConflictError, MonthFinalError, MonthStateError } from '../errors.ts';
import { type AuditRecord, auditPut, type TransactItem } from './audit.ts';
import { getItem, isConditionFailure, type Storage } from './client.ts';
import { ENTITY, keys } from './keys.ts';

export function findMonthRecord(storage: Storage, month: string): Promise<MonthRecord | undefined> {
  return getItem(storage, keys.month(month), monthRecordSchema);
}

/** The error of a write refused because `month` is final (read from its record). */
export async function monthFinalError(storage: Storage, month: string): Promise<MonthFinalError> {
  const record = await findMonthRecord(storage, month);
  const since = record?.finalizedAt ?? new Date(0).toISOString();
  return new MonthFinalError(month, since, localTimeWithZone(since, record?.timezone ?? 'UTC'));
}

/** The ConditionCheck every write to `month` carries: the month is not final (no record yet is not final). */
export function monthGuard(storage: Storage, month: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: storage.tableName,
      Key: keys.month(month),
      ConditionExpression: 'attribute_not_exists(pk) OR #state <> :final',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':final': 'final' },
    },
  };
}

/** Which items of a cancelled transaction failed their condition (indexes into its TransactItems). */
export function failedConditions(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).flatMap((r, i) =>
    r.Code === 'ConditionalCheckFailed' ? [i] : [],
  );
}

/**
 * Writes `items` to the month of `guarded` (each month a change touches: a support request moved to another
 * due month touches two) and their record of changes in one transaction. A final month: MonthFinalError, nothing
 * written. Another failed condition (an item changed meanwhile): `onConflict()`.
 */
export async function writeMonthChange(
  storage: Storage,
  change: { months: readonly string[]; items: TransactItem[]; audit: readonly AuditRecord[] },
  onConflict: () => Error = () => new ConflictError('the record changed meanwhile; retry'),
): Promise<void> {
  const months = [...new Set(change.months)];
  const guards = months.map((m) => monthGuard(storage, m));
  const transactItems = [...guards, ...change.items, ...change.audit.map((a) => auditPut(storage, a))];
  try {
    await storage.doc.send(new TransactWriteCommand({ TransactItems: transactItems }));
  } catch (error) {
    const failed = failedConditions(error);
    const finalMonth = failed.find((i) => i < guards.length);
    if (finalMonth !== undefined) throw await monthFinalError(storage, months[finalMonth]!);
    if (isConditionFailure(error)) throw onConflict();
    throw error;
  }
}

/**
 * Records the first scoring run of `month`: the month becomes provisional, with its appeal deadline. Later runs
 * leave the record as it is (false).
 */
export async function recordFirstRun(
  storage: Storage,
  month: string,
  first: { at: Date; appealDeadline: Date; timezone: string },
): Promise<boolean> {
  const record: MonthRecord = {
    month,
    state: 'provisional',
    timezone: first.timezone,
    firstRunAt: first.at.toISOString(),
    appealDeadline: first.appealDeadline.toISOString(),
    openAppeals: {},
    version: 1,
  };
  try {
    await storage.doc.send(
      new PutCommand({
        TableName: storage.tableName,
        Item: { ...keys.month(month), type: ENTITY.month, ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Finalises `month`: provisional → final, only while it has no open appeal, with its record of changes, in one
 * transaction. A month scored before the lifecycle was recorded (no record) gets one. Refused with why: already
 * final (MonthFinalError), open appeals (MonthStateError naming them), changed meanwhile (ConflictError).
 */
export async function finalizeMonthRecord(
  storage: Storage,
  month: string,
  by: { actor: string; at: Date; timezone: string },
  expected: MonthRecord | undefined,
): Promise<MonthRecord> {
  const at = by.at.toISOString();
  const next: MonthRecord = {
    ...(expected ?? {
      month,
      timezone: by.timezone,
      firstRunAt: null,
      appealDeadline: null,
      openAppeals: {},
      version: 0,
    }),
    state: 'final',
    finalizedAt: at,
    finalizedBy: by.actor,
    version: (expected?.version ?? 0) + 1,
  };
  await transitionMonth(storage, month, expected, next, {
    month,
    at,
    actor: by.actor,
    action: 'finalized',
    item: { kind: 'month', id: month },
    before: expected ?? null,
    after: next,
  });
  return next;
}

/** Reopens a final month: final → provisional, with the reason, in one transaction with its record of changes. */
export async function reopenMonthRecord(
  storage: Storage,
  month: string,
  by: { actor: string; at: Date; reason: string },
  expected: MonthRecord,
): Promise<MonthRecord> {
  const at = by.at.toISOString();
  const { finalizedAt: _at, finalizedBy: _by, ...rest } = expected;
  const next: MonthRecord = {
    ...rest,
    state: 'provisional',
    reopenedAt: at,
    reopenedBy: by.actor,
    reopenReason: by.reason,
    version: expected.version + 1,
  };
  await transitionMonth(storage, month, expected, next, {
    month,
    at,
    actor: by.actor,
    action: 'reopened',
    item: { kind: 'month', id: month },
    before: expected,
    after: next,
    reason: by.reason,
  });
  return next;
}

/**
 * Replaces the month's record with `next` if it is still `expected` (same version; absent when there was none)
 * and, going final, has no open appeal; the record of changes in the same transaction.
 */
async function transitionMonth(
  storage: Storage,
  month: string,
  expected: MonthRecord | undefined,
  next: MonthRecord,
  audit: AuditRecord,
): Promise<void> {
  // The state it leaves is part of the condition: a stale `expected` of the wrong state cannot pass.
  const leaving = next.state === 'final' ? 'provisional' : 'final';
  const condition = expected
    ? `version = :version AND #state = :leaving${next.state === 'final' ? ' AND size(openAppeals) = :none' : ''}`
    : 'attribute_not_exists(pk)';
  const values: Record<string, unknown> = expected
    ? { ':version': expected.version, ':leaving': leaving }
    : {};
  if (expected && next.state === 'final') values[':none'] = 0;
  try {
    await storage.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: storage.tableName,
              Item: { ...keys.month(month), type: ENTITY.month, ...next },
              ConditionExpression: condition,
              ...(expected
                ? { ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: values }
                : {}),
            },
          },
          auditPut(storage, audit),
        ],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw await transitionRefusal(storage, month, next.state);
  }
}

/** Why a transition to `target` was refused, from the record as it is now. */
async function transitionRefusal(
  storage: Storage,
  month: string,
  target: MonthRecord['state'],
): Promise<Error> {
  const now = await findMonthRecord(storage, month);
  if (target === 'final' && now?.state === 'final') return monthFinalError(storage, month);
  if (target === 'final' && now && Object.keys(now.openAppeals).length > 0) {
    const open = Object.entries(now.openAppeals)
      .map(([engineer, appeal]) => `${engineer} (${appeal})`)
      .join(', ');
    return new MonthStateError(month, now.state, `${month} has open appeals, resolve them first: ${open}`);
  }
  if (target === 'provisional' && now?.state !== 'final') {
    return new MonthStateError(
      month,
      now?.state ?? 'provisional',
      `${month} is not final; there is nothing to reopen`,
    );
  }
  return new ConflictError(`${month} changed meanwhile; read its status and retry`);
}
