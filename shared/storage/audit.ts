// Repository: the record of changes. An entry is never written on its own: `auditPut` gives the Put that a
// change's transaction carries (shared/storage/months.ts, writeMonthChange), so a change and its record are
// stored together or not at all.
import { randomUUID } from 'node:crypto';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { type AuditAction, type AuditEntry, auditEntrySchema } from '../domain/audit.ts';
import { listMonth, listPrefix, type Storage } from './client.ts';
import { ENTITY, keys } from './keys.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What a change says of itself; the id is made here. */
export type AuditRecord = Omit<AuditEntry, 'id'>;

/** Through JSON: before/after are plain data, and undefined fields must not reach the marshaller. */
const plain = (value: unknown) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/** The Put of one entry of the record of changes, for the transaction of the change it records. */
export function auditPut(storage: Storage, record: AuditRecord): TransactItem {
  const entry: AuditEntry = {
    ...record,
    id: randomUUID(),
    before: plain(record.before),
    after: plain(record.after),
  };
  return {
    Put: {
      TableName: storage.tableName,
      Item: {
        ...keys.auditEntry(entry.month, entry.engineerId, entry.at, entry.id),
        type: ENTITY.auditEntry,
        gsi2pk: keys.monthList('AUDIT', entry.month),
        gsi2sk: `${entry.at}#${entry.id}`,
        ...entry,
      },
    },
  };
}

/** The record of changes of one engineer-month, oldest first. */
export function listAuditOfEngineerMonth(
  storage: Storage,
  engineerId: string,
  month: string,
): Promise<AuditEntry[]> {
  return listPrefix(storage, keys.engineerPartition(engineerId), keys.auditPrefix(month), auditEntrySchema);
}

/** The record of changes of a whole month (every engineer's and the month's own), oldest first. */
export function listAuditOfMonth(storage: Storage, month: string): Promise<AuditEntry[]> {
  return listMonth(storage, 'AUDIT', month, auditEntrySchema);
}

/** Who made a change and when (ISO); the reason where the change carries one (an override, a reopening). */
export interface Change {
  actor: string;
  at: string;
  reason?: string;
}

/** One change of a month as `writeMonthChange` takes it: the months it touches, its writes, its record. */
export interface MonthChange {
  months: string[];
  items: TransactItem[];
  audit: AuditRecord[];
}

/** The entry of `change` about `what`. */
export function auditRecord(
  change: Change & { action: AuditAction },
  what: Pick<AuditRecord, 'month' | 'engineerId' | 'item' | 'before' | 'after'>,
): AuditRecord {
  return {
    ...what,
    at: change.at,
    actor: change.actor,
    action: change.action,
    ...(change.reason === undefined ? {} : { reason: change.reason }),
  };
}
