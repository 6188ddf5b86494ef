// Repository: appeals (lifecycle.md "Appeals"). Every write is ONE transaction with what it must agree with:
// - filing: the appeal (new) + the month record's `openAppeals.<engineer>` (conditional: the month is provisional
//   and the engineer has no open appeal; a month scored before the lifecycle gets its record here) + its entry in
//   the record of changes + the manager's email waiting for the notifier;
// - editing: the appeal (conditional: still open, before its deadline, not changed meanwhile) + the month guard
//   (not final) + its entry;
// - resolving: the appeal's outcome (conditional: open, unchanged since read) + the REMOVE of `openAppeals.<engineer>` (conditional:
//   the month is not final and names this appeal) + the correcting override if any + the entries + the
//   engineer's email waiting.
// So a month is never final with an open appeal, and an appeal never exists without its month knowing.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Appeal } from '../domain/appeal.ts';
import { appealSchema } from '../domain/appeal.ts';
import type { Override } from '../domain/facts.ts';
import type { MonthRecord } from '../domain/monthRecord.ts';
import { ConflictError, MonthStateError } from '../errors.ts';
import * as z from '../schema.ts';
import { type AuditRecord, auditPut, type Change, type TransactItem } from './audit.ts';
import { getItem, isConditionFailure, listMonth, listPrefix, queryAll, type Storage } from './client.ts';
import { overrideChange } from './facts.ts';
import {
  type AppealNoticeEvent,
  ENTITY,
  INDEX,
  type Key,
  keys,
  PENDING_ALERTS_PARTITION,
  PENDING_APPEAL_PREFIX,
} from './keys.ts';
import { failedConditions, findMonthRecord, monthFinalError, monthGuard } from './months.ts';

/** The appeal's item: under its engineer-month, by id on gsi1, in its month's list on gsi2. */
function appealItem(appeal: Appeal): Record<string, unknown> {
  return {
    ...keys.appeal(appeal.engineerId, appeal.month, appeal.id),
    type: ENTITY.appeal,
    gsi1pk: keys.appealsCollection,
    gsi1sk: appeal.id,
    gsi2pk: keys.monthList('APPEALS', appeal.month),
    gsi2sk: `${appeal.engineerId}#${appeal.filedAt}`,
    ...JSON.parse(JSON.stringify(appeal)),
  };
}

/** What a waiting appeal email carries: enough to read the appeal by its key (the notifier has no index). */
export const pendingAppealNoticeSchema = z.strictObject({
  event: z.enum(['FILED', 'RESOLVED']),
  appealId: z.string(),
  engineerId: z.string(),
  month: z.string(),
});
export type PendingAppealNotice = z.output<typeof pendingAppealNoticeSchema>;

function pendingNoticePut(storage: Storage, appeal: Appeal, event: AppealNoticeEvent): TransactItem {
  const notice: PendingAppealNotice = {
    event,
    appealId: appeal.id,
    engineerId: appeal.engineerId,
    month: appeal.month,
  };
  return {
    Put: {
      TableName: storage.tableName,
      Item: { ...keys.pendingAppealNotice(appeal.id, event), type: ENTITY.pendingAppealNotice, ...notice },
    },
  };
}

/** The keys of every appeal email still waiting (the local notifier's poll and tests). */
export async function listPendingAppealKeys(storage: Storage): Promise<Key[]> {
  const items = await queryAll(storage, {
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :appeal)',
    ProjectionExpression: 'pk, sk',
    ExpressionAttributeValues: { ':p': PENDING_ALERTS_PARTITION, ':appeal': PENDING_APPEAL_PREFIX },
  });
  return items.map((i) => ({ pk: String(i.pk), sk: String(i.sk) }));
}

/** A waiting appeal email; undefined once sent (and dropped). */
export function findPendingAppealNotice(
  storage: Storage,
  key: Key,
): Promise<PendingAppealNotice | undefined> {
  return getItem(storage, key, pendingAppealNoticeSchema);
}

export function findAppeal(
  storage: Storage,
  engineerId: string,
  month: string,
  appealId: string,
): Promise<Appeal | undefined> {
  return getItem(storage, keys.appeal(engineerId, month, appealId), appealSchema);
}

/** An appeal by id alone (the admin's `kpi appeals show <id>`). */
export async function findAppealById(storage: Storage, appealId: string): Promise<Appeal | undefined> {
  const [found] = await queryAll(storage, {
    IndexName: INDEX.byCollection,
    KeyConditionExpression: 'gsi1pk = :collection AND gsi1sk = :id',
    ExpressionAttributeValues: { ':collection': keys.appealsCollection, ':id': appealId },
    ProjectionExpression: 'engineerId, #month',
    ExpressionAttributeNames: { '#month': 'month' },
  });
  if (!found) return undefined;
  // The index is eventually consistent: the item itself is the truth.
  return findAppeal(storage, String(found.engineerId), String(found.month), appealId);
}

/** An engineer-month's appeals, oldest first (strongly consistent: the form shows what was just filed). */
export async function listAppealsOfEngineerMonth(
  storage: Storage,
  engineerId: string,
  month: string,
): Promise<Appeal[]> {
  const appeals = await listPrefix(
    storage,
    keys.engineerPartition(engineerId),
    keys.appealPrefix(month),
    appealSchema,
  );
  return appeals.sort((a, b) => (a.filedAt < b.filedAt ? -1 : 1));
}

/**
 * An engineer's appeals of `months` (their own page), newest month first, each month's in filing order.
 * One strongly consistent Query per month (begins_with M#<month>#APPEAL#, keys.ts pattern 16): seven for the
 * page's seven months, sent at once. A single Query over the partition cannot do it in fewer reads: the month
 * leads the sort key, so a range across months would read every fact, card and entry of those months too.
 */
export async function listAppealsOfEngineer(
  storage: Storage,
  engineerId: string,
  months: readonly string[],
): Promise<Appeal[]> {
  const newestFirst = [...new Set(months)].sort().reverse();
  const perMonth = await Promise.all(
    newestFirst.map((month) => listAppealsOfEngineerMonth(storage, engineerId, month)),
  );
  return perMonth.flat();
}

/** A month's appeals across engineers, by engineer then filing time. */
export function listAppealsOfMonth(storage: Storage, month: string): Promise<Appeal[]> {
  return listMonth(storage, 'APPEALS', month, appealSchema);
}

/** DynamoDB cancels one of two transactions on the same item as a conflict; the loser is tried again. */
async function withConflictRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const conflictOnly = isConditionFailure(error) && failedConditions(error).length === 0 && attempt < 5;
      if (!conflictOnly) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/**
 * Files `appeal` (new, status open): one transaction with the month record's `openAppeals.<engineer>` and the
 * audit entry and the manager's waiting email. `record` is the month record as read (undefined: a month scored
 * before the lifecycle, whose record is created here, provisional). Refused: the month is final
 * (MonthFinalError), not provisional, or the engineer already has an open appeal (ConflictError); nothing is
 * written then.
 */
export async function fileAppeal(
  storage: Storage,
  appeal: Appeal,
  record: MonthRecord | undefined,
  audit: AuditRecord,
  legacy: { timezone: string },
): Promise<void> {
  const attempt = async (current: MonthRecord | undefined) => {
    const monthWrite: TransactItem = current
      ? {
          Update: {
            TableName: storage.tableName,
            Key: keys.month(appeal.month),
            UpdateExpression: 'SET openAppeals.#engineer = :appeal',
            ConditionExpression: '#state = :provisional AND attribute_not_exists(openAppeals.#engineer)',
            ExpressionAttributeNames: { '#state': 'state', '#engineer': appeal.engineerId },
            ExpressionAttributeValues: { ':provisional': 'provisional', ':appeal': appeal.id },
          },
        }
      : {
          Put: {
            TableName: storage.tableName,
            Item: {
              ...keys.month(appeal.month),
              type: ENTITY.month,
              month: appeal.month,
              state: 'provisional',
              timezone: legacy.timezone,
              firstRunAt: null,
              appealDeadline: appeal.deadline,
              openAppeals: { [appeal.engineerId]: appeal.id },
              version: 1,
            } satisfies MonthRecord & Record<string, unknown>,
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        };
    await storage.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          monthWrite,
          {
            Put: {
              TableName: storage.tableName,
              Item: appealItem(appeal),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          auditPut(storage, audit),
          pendingNoticePut(storage, appeal, 'FILED'),
        ],
      }),
    );
  };
  let current = record;
  for (let pass = 0; ; pass++) {
    try {
      await withConflictRetry(() => attempt(current));
      return;
    } catch (error) {
      if (!failedConditions(error).includes(0)) throw error;
      // The month record refused: read it as it is now and say why (or, created meanwhile, try once more).
      const now = await findMonthRecord(storage, appeal.month);
      if (now?.state === 'final') throw await monthFinalError(storage, appeal.month);
      if (now?.openAppeals[appeal.engineerId]) {
        throw new ConflictError(
          `${appeal.engineerId} already has an open appeal for ${appeal.month} (${now.openAppeals[appeal.engineerId]}); edit that one`,
        );
      }
      if (!current && now && pass === 0) {
        current = now;
        continue;
      }
      throw new MonthStateError(
        appeal.month,
        now?.state ?? 'unknown',
        `${appeal.month} is not open for appeals`,
      );
    }
  }
}

/**
 * Replaces an open appeal's text with `next` (its revisions appended by the caller): one transaction with the
 * month guard and the audit entry, conditional on the appeal being open, before its deadline at `now`, and
 * unchanged since `expectedUpdatedAt`. Final month → MonthFinalError; anything else refused → `refusal()`.
 */
export async function editAppeal(
  storage: Storage,
  next: Appeal,
  expectedUpdatedAt: string,
  now: Date,
  audit: AuditRecord,
  refusal: () => Promise<Error>,
): Promise<void> {
  try {
    await withConflictRetry(() =>
      storage.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            monthGuard(storage, next.month),
            {
              Put: {
                TableName: storage.tableName,
                Item: appealItem(next),
                ConditionExpression: '#status = :open AND updatedAt = :expected AND deadline > :now',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':open': 'open',
                  ':expected': expectedUpdatedAt,
                  ':now': now.toISOString(),
                },
              },
            },
            auditPut(storage, audit),
          ],
        }),
      ),
    );
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.includes(0)) throw await monthFinalError(storage, next.month);
    if (failed.length > 0) throw await refusal();
    throw error;
  }
}

/**
 * Stores the outcome of an open appeal (`resolved`: status upheld/rejected, who, when, why) if it is unchanged
 * since it was read (`expectedUpdatedAt`), REMOVEs it from the month's open appeals, writes the correcting
 * override if any, the audit entries and the engineer's waiting email, in one transaction. Final month →
 * MonthFinalError; edited meanwhile or no longer open → ConflictError; nothing written then.
 */
export async function resolveAppeal(
  storage: Storage,
  resolved: Appeal,
  expectedUpdatedAt: string,
  audit: AuditRecord,
  correction?: { override: Override; before: Override | undefined; by: Change },
): Promise<void> {
  const corrected = correction
    ? overrideChange(storage, correction.override, correction.before, correction.by)
    : undefined;
  const items: TransactItem[] = [
    {
      Update: {
        TableName: storage.tableName,
        Key: keys.month(resolved.month),
        UpdateExpression: 'REMOVE openAppeals.#engineer',
        ConditionExpression: 'attribute_exists(pk) AND #state <> :final AND openAppeals.#engineer = :appeal',
        ExpressionAttributeNames: { '#state': 'state', '#engineer': resolved.engineerId },
        ExpressionAttributeValues: { ':final': 'final', ':appeal': resolved.id },
      },
    },
    {
      Put: {
        TableName: storage.tableName,
        Item: appealItem(resolved),
        // Unchanged since it was read: an edit landing meanwhile is not overwritten with the older text.
        ConditionExpression: '#status = :open AND updatedAt = :read',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': 'open', ':read': expectedUpdatedAt },
      },
    },
    ...(corrected ? [corrected.item] : []),
    auditPut(storage, audit),
    ...(corrected ? [auditPut(storage, corrected.audit)] : []),
    pendingNoticePut(storage, resolved, 'RESOLVED'),
  ];
  try {
    await withConflictRetry(() => storage.doc.send(new TransactWriteCommand({ TransactItems: items })));
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.length === 0) throw error;
    const record = await findMonthRecord(storage, resolved.month);
    if (record?.state === 'final') throw await monthFinalError(storage, resolved.month);
    const now = await findAppeal(storage, resolved.engineerId, resolved.month, resolved.id);
    throw new ConflictError(
      now?.status !== 'open'
        ? `appeal ${resolved.id} is no longer open`
        : now.updatedAt !== expectedUpdatedAt
          ? `appeal ${resolved.id} was edited meanwhile; read it again and retry`
          : `the ${correction?.override.indicator} override of ${resolved.engineerId} ${resolved.month} changed meanwhile; retry`,
    );
  }
}
