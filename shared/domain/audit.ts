// The record of changes (../shared/spec/lifecycle.md): every change a manager makes to a month — its evidence,
// overrides, verdict, exam, stories, complaints, appeals and its state — kept with who made it, when, the item,
// and the item before and after. A revised report's "why" is read from it.
import * as z from '../schema.ts';
import { entityId, isoTimestamp, monthId } from './common.ts';

/** What was changed: the kind of item and its id in the KPI sheet's terms. */
export const AUDIT_ITEM_KINDS = [
  'support-request',
  'complaint',
  'exam-score',
  'success-story',
  'verdict',
  'override',
  'follow-up-visit',
  'appeal',
  'month',
] as const;
export type AuditItemKind = (typeof AUDIT_ITEM_KINDS)[number];

/** What was done to it. */
export const AUDIT_ACTIONS = [
  'created',
  'updated',
  'removed',
  'confirmed',
  'dismissed',
  'resolved',
  'reopened-request',
  'appealed',
  'appeal-edited',
  'appeal-upheld',
  'appeal-rejected',
  'scored',
  'finalized',
  'reopened',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditEntrySchema = z.strictObject({
  id: z.string(),
  month: monthId,
  /** The engineer-month the change belongs to; absent for a change of the month itself. */
  engineerId: z.optional(entityId),
  at: isoTimestamp,
  /** Who: the IAM principal on AWS, the console user, or the admin token's name locally. */
  actor: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  item: z.strictObject({ kind: z.enum(AUDIT_ITEM_KINDS), id: z.string() }),
  /** The item before and after (null: it did not exist / no longer exists). */
  before: z.nullable(z.unknown()),
  after: z.nullable(z.unknown()),
  /** Why, where the change carries a reason (an override, a reopening, an appeal's outcome). */
  reason: z.optional(z.string()),
});
export type AuditEntry = z.output<typeof auditEntrySchema>;

/**
 * Fields that change with every write and say nothing about what changed; `reason` is the entry's own column.
 */
const BOOKKEEPING = new Set(['updatedAt', 'at', 'createdAt', 'decidedAt', 'version', 'reason']);

function shortValue(value: unknown): string {
  if (value === undefined || value === null) return '–';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * before → after in short: the fields that changed ("status: pending → confirmed"); a new item by its main
 * fields, a removed one as removed (`--json` has both whole).
 */
export function changeInShort(before: unknown, after: unknown): string {
  const fields = (v: unknown) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  if (before === null || before === undefined) {
    const shown = Object.entries(fields(after)).filter(
      ([k]) => !BOOKKEEPING.has(k) && !['id', 'engineerId', 'month', 'by'].includes(k),
    );
    return `new: ${shown.map(([k, v]) => `${k} ${shortValue(v)}`).join(', ')}`;
  }
  if (after === null || after === undefined) return 'removed';
  const b = fields(before);
  const a = fields(after);
  const changed = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => !BOOKKEEPING.has(k) && JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
  if (changed.length === 0) return 'unchanged';
  return changed.map((k) => `${k}: ${shortValue(b[k])} → ${shortValue(a[k])}`).join('; ');
}
