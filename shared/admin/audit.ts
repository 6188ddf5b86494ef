// Use case: reading the record of changes (../shared/spec/lifecycle.md) of a month, or of one engineer-month:
// who changed what, when, before and after. Entries are written only with the changes they record
// (storage/months.ts writeMonthChange); this reads them.
import type { AuditEntry } from '../domain/audit.ts';
import { entityId, monthId } from '../domain/common.ts';
import * as z from '../schema.ts';
import { listAuditOfEngineerMonth, listAuditOfMonth } from '../storage/audit.ts';
import { getEngineer } from '../storage/engineers.ts';
import { organisationTimezone } from '../storage/organisation.ts';
import { type AdminContext, parseInput } from './context.ts';

export const auditInput = z.strictObject({
  month: monthId,
  engineerId: z.described(z.optional(entityId), 'only the changes of this engineer-month'),
});

/** The record of changes, oldest first, with the zone its times are shown in. */
export interface AuditAnswer {
  month: string;
  engineerId?: string;
  /** The organisation's time zone: `at` is UTC, shown in this zone. */
  timezone: string;
  entries: AuditEntry[];
}

/**
 * The record of changes of a month (every engineer's and the month's own), or of one engineer-month.
 * 1. Parse. 2. With an engineer: check they exist (404), read their month's entries (one Query of their
 * partition); else the month's list (one Query of gsi2). 3. Answer with the time zone.
 */
export async function listAudit(ctx: AdminContext, input: unknown): Promise<AuditAnswer> {
  const { month, engineerId } = parseInput(auditInput, input);
  if (engineerId) await getEngineer(ctx.storage, engineerId);
  const [entries, timezone] = await Promise.all([
    engineerId
      ? listAuditOfEngineerMonth(ctx.storage, engineerId, month)
      : listAuditOfMonth(ctx.storage, month),
    organisationTimezone(ctx.storage),
  ]);
  return { month, ...(engineerId ? { engineerId } : {}), timezone, entries };
}
