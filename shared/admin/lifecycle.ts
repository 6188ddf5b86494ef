// Use cases: a month's life — its state and dates (`kpi month status`), finalising and reopening it, and starting
// its run from the admin API. The work is in shared/pipeline/lifecycle.ts, shared with the scheduled job.
import { monthId } from '../domain/common.ts';
import type { MonthLifecycle, MonthRecord } from '../domain/monthRecord.ts';
import {
  type FinalizeOutcome,
  finalizeMonth,
  readMonthLifecycle,
  reopenMonth,
} from '../pipeline/lifecycle.ts';
import type { MonthRunAnswer, MonthRuns } from '../pipeline/monthRuns.ts';
import { defaultRubric } from '../rubric/default.ts';
import * as z from '../schema.ts';
import { type AdminContext, parseInput } from './context.ts';

export const monthInput = z.strictObject({ month: monthId });

export const reopenInput = z.strictObject({
  month: monthId,
  reason: z.described(
    z
      .string({ error: 'expected a reason' })
      .check(
        z.trim(),
        z.minLength(1, { error: 'must say why the month is reopened' }),
        z.maxLength(500, { error: 'at most 500 characters' }),
      ),
    'why the month is reopened (recorded in the record of changes)',
  ),
});

const pipelineOf = (ctx: AdminContext) => ({ storage: ctx.storage, now: ctx.now, rubric: defaultRubric });

function runsOf(ctx: AdminContext): MonthRuns {
  // A wiring mistake, not the caller's: the admin API of this deployment was built without a way to run.
  if (!ctx.runs) throw new Error('this admin API cannot start scoring runs (no scoring queue is configured)');
  return ctx.runs;
}

/** The month's state and dates: when its evidence closes, first run, appeal deadline, finalisation, appeals. */
export async function getMonthLifecycle(ctx: AdminContext, input: unknown): Promise<MonthLifecycle> {
  const { month } = parseInput(monthInput, input);
  return (await readMonthLifecycle(pipelineOf(ctx), month)).lifecycle;
}

/** Finalises the month (or completes a finalisation that stopped before its final summary). */
export async function finalize(ctx: AdminContext, input: unknown): Promise<FinalizeOutcome> {
  const { month } = parseInput(monthInput, input);
  return finalizeMonth(pipelineOf(ctx), month, ctx.actor, runsOf(ctx));
}

/** Reopens a final month, with the reason. */
export async function reopen(ctx: AdminContext, input: unknown): Promise<MonthRecord> {
  const { month, reason } = parseInput(reopenInput, input);
  return reopenMonth(pipelineOf(ctx), month, ctx.actor, reason);
}

/** Runs the month's scoring (refused while it collects evidence, and once it is final). */
export async function runScoring(ctx: AdminContext, input: unknown): Promise<MonthRunAnswer> {
  const { month } = parseInput(monthInput, input);
  return runsOf(ctx).run(month, { final: false });
}
