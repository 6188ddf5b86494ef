// The manager's use cases of appeals: list a month's, show one, resolve one (upheld — optionally with the
// correcting override, written in the same transaction and naming the appeal — or rejected, with a reason).
// The engineer's email about the outcome waits in the same transaction for the notifier; the re-run that sends
// the revised report is `kpi run-month` as usual.
import { type Appeal, appealResolutionInput } from '../domain/appeal.ts';
import { entityId, monthId } from '../domain/common.ts';
import type { Override } from '../domain/facts.ts';
import { NotFoundError } from '../errors.ts';
import * as z from '../schema.ts';
import { findAppealById, listAppealsOfMonth, resolveAppeal as storeResolution } from '../storage/appeals.ts';
import type { AuditRecord } from '../storage/audit.ts';
import { findOverride } from '../storage/facts.ts';
import { type AdminContext, parseInput } from './context.ts';
import { checkOverridePoints } from './facts.ts';

export const appealsOfMonthInput = z.strictObject({
  month: monthId,
  engineerId: z.described(z.optional(entityId), 'only this engineer'),
});
export const appealByIdInput = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(100)) });

/** A month's appeals (every status), by engineer then filing time. */
export async function listAppeals(ctx: AdminContext, input: unknown): Promise<Appeal[]> {
  const { month, engineerId } = parseInput(appealsOfMonthInput, input);
  const appeals = await listAppealsOfMonth(ctx.storage, month);
  return engineerId ? appeals.filter((a) => a.engineerId === engineerId) : appeals;
}

async function getAppeal(ctx: AdminContext, id: string): Promise<Appeal> {
  const appeal = await findAppealById(ctx.storage, id);
  if (!appeal) throw new NotFoundError(`no appeal with id ${id}`);
  return appeal;
}

export async function showAppeal(ctx: AdminContext, input: unknown): Promise<Appeal> {
  return getAppeal(ctx, parseInput(appealByIdInput, input).id);
}

/**
 * Resolves an open appeal.
 * 1. Parse (exactly one of upheld / rejected, a reason; an override needs indicator and points, only when
 *    upheld, within what the indicator can score).
 * 2. Read the appeal (404) and, with a correction, the override it replaces (for the record of changes).
 * 3. One transaction: the outcome, the REMOVE from the month's open appeals, the override (its reason names
 *    the appeal), their audit entries and the engineer's waiting email. A final month → 409 naming it; an
 *    appeal no longer open → 409; nothing written then.
 */
export async function resolveAppeal(ctx: AdminContext, input: unknown): Promise<Appeal> {
  const fields = parseInput(appealResolutionInput, input);
  if (fields.indicator !== undefined && fields.points !== undefined) {
    checkOverridePoints(fields.indicator, fields.points);
  }
  const appeal = await getAppeal(ctx, fields.id);
  const at = ctx.now().toISOString();
  const status = fields.upheld ? 'upheld' : 'rejected';
  const correction =
    fields.indicator !== undefined && fields.points !== undefined
      ? { indicator: fields.indicator, points: fields.points }
      : undefined;
  const resolved: Appeal = {
    ...appeal,
    status,
    updatedAt: at,
    resolvedAt: at,
    resolvedBy: ctx.actor,
    outcomeReason: fields.reason,
    ...(correction ? { correction } : {}),
  };
  const audit: AuditRecord = {
    month: appeal.month,
    engineerId: appeal.engineerId,
    at,
    actor: ctx.actor,
    action: status === 'upheld' ? 'appeal-upheld' : 'appeal-rejected',
    item: { kind: 'appeal', id: appeal.id },
    before: appeal,
    after: resolved,
    reason: fields.reason,
  };
  // The override names the appeal it answers (`appealId`), so a revised report can say so.
  const override: Override | undefined = correction && {
    engineerId: appeal.engineerId,
    month: appeal.month,
    indicator: correction.indicator,
    points: correction.points,
    reason: fields.reason,
    by: ctx.actor,
    at,
    appealId: appeal.id,
  };
  const before = override && (await findOverride(ctx.storage, override));
  await storeResolution(
    ctx.storage,
    resolved,
    appeal.updatedAt,
    audit,
    override && { override, before, by: { actor: ctx.actor, at } },
  );
  return resolved;
}
