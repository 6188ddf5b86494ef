// A month's state and its transitions (../shared/spec/lifecycle.md): reading where a month is in its life, and
// the two transitions a person makes — finalise (provisional → final, then the final run: revised reports for
// the cards that changed and ONE "final" summary) and reopen (final → provisional, with a reason). The admin
// API, `kpi month …` and the scheduled finalise job all come through here.

import { type MonthLifecycle, type MonthRecord, monthLifecycle } from '../domain/monthRecord.ts';
import { monthTimeline } from '../domain/monthTimeline.ts';
import type { OrganisationSettings } from '../domain/organisation.ts';
import { MonthStateError } from '../errors.ts';
import {
  finalizeMonthRecord,
  findMonthRecord,
  monthFinalError,
  reopenMonthRecord,
} from '../storage/months.ts';
import { getOrganisationSettings } from '../storage/organisation.ts';
import { finalRunDone, monthWasScored } from '../storage/runs.ts';
import type { PipelineReadContext } from './context.ts';
import type { MonthRunAnswer, MonthRuns } from './monthRuns.ts';

/** A month's life at `ctx.now()`, with the stored record and the settings it was read with. */
export async function readMonthLifecycle(
  ctx: PipelineReadContext,
  month: string,
): Promise<{ lifecycle: MonthLifecycle; record: MonthRecord | undefined; settings: OrganisationSettings }> {
  const [settings, record] = await Promise.all([
    getOrganisationSettings(ctx.storage),
    findMonthRecord(ctx.storage, month),
  ]);
  const timeline = monthTimeline(month, settings, ctx.rubric.dailyReportDeadline);
  // Whether it was ever scored matters only without a record: a month scored before the lifecycle was recorded.
  const scored = record ? true : await monthWasScored(ctx.storage, month);
  return { lifecycle: monthLifecycle(timeline, record, scored, settings, ctx.now()), record, settings };
}

export interface FinalizeOutcome {
  month: string;
  /** `finalized`: this call made the month final; `completed`: it was final, its final run was not finished. */
  outcome: 'finalized' | 'completed';
  finalizedAt: string;
  finalizedBy: string;
  /** The final run; null when the month was reopened before it could start (it is provisional again). */
  run: MonthRunAnswer | null;
  /** Why there was no final run. */
  note?: string;
}

/**
 * Finalises `month` as `actor`.
 * 1. Read its state. Final: while its final run is not done (the "final" summary not sent: a finalise that
 *    stopped after the transition), run the final run again to complete it; else MonthFinalError. Not yet
 *    scored (collecting, closed): MonthStateError.
 * 2. The conditional transition (foundation): refused when it changed meanwhile, is final already, or has open
 *    appeals (named). Two finalises at once: one wins, the other is refused.
 * 3. The final run: every engineer re-scored; a changed card gets its revised report, an unchanged one nothing;
 *    then the one "final" summary to the department manager (once, through the outbox). A month reopened
 *    between 2 and 3 gets no final run: it is provisional again.
 */
export async function finalizeMonth(
  ctx: PipelineReadContext,
  month: string,
  actor: string,
  runs: MonthRuns,
): Promise<FinalizeOutcome> {
  const { lifecycle, record, settings } = await readMonthLifecycle(ctx, month);
  if (lifecycle.state === 'final' && record) {
    if (await finalRunDone(ctx.storage, month, record.version))
      throw await monthFinalError(ctx.storage, month);
    return {
      month,
      outcome: 'completed',
      finalizedAt: record.finalizedAt ?? '',
      finalizedBy: record.finalizedBy ?? '',
      ...(await finalRun(runs, month)),
    };
  }
  if (lifecycle.state !== 'provisional') {
    throw new MonthStateError(
      month,
      lifecycle.state,
      `${month} has not been scored yet (${lifecycle.state}); it can be finalised after its first run`,
    );
  }
  const next = await finalizeMonthRecord(
    ctx.storage,
    month,
    { actor, at: ctx.now(), timezone: settings.timezone },
    record,
  );
  return {
    month,
    outcome: 'finalized',
    finalizedAt: next.finalizedAt ?? '',
    finalizedBy: next.finalizedBy ?? actor,
    ...(await finalRun(runs, month)),
  };
}

async function finalRun(runs: MonthRuns, month: string): Promise<Pick<FinalizeOutcome, 'run' | 'note'>> {
  try {
    return { run: await runs.run(month, { final: true }) };
  } catch (error) {
    // Reopened meanwhile: the month is provisional again, which is a consistent end; its next run reports.
    if (error instanceof MonthStateError && error.state !== 'final') {
      return { run: null, note: `${month} was reopened before its final run; it is provisional` };
    }
    throw error;
  }
}

/**
 * Reopens a final month as `actor`, with `reason`: final → provisional, recorded (foundation). Refused when it
 * is not final (MonthStateError) or changed meanwhile (ConflictError). The next run sends revised reports.
 */
export async function reopenMonth(
  ctx: PipelineReadContext,
  month: string,
  actor: string,
  reason: string,
): Promise<MonthRecord> {
  const record = await findMonthRecord(ctx.storage, month);
  if (record?.state !== 'final') {
    const { lifecycle } = await readMonthLifecycle(ctx, month);
    throw new MonthStateError(
      month,
      lifecycle.state,
      `${month} is not final (${lifecycle.state}); there is nothing to reopen`,
    );
  }
  return reopenMonthRecord(ctx.storage, month, { actor, at: ctx.now(), reason }, record);
}
