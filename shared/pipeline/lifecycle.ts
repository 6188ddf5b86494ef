// A month's state and its transitions (../shared/spec/lifecycle.md): reading where a month is in its life, and
// the two transitions a person makes — finalise (provisional → final, then the final run: revised reports for
// the cards that changed and ONE "final" summary) and reopen (final → provisional, with a reason). The admin
// API, `kpi month …` and the scheduled finalise job all come through here.

import { type MonthLifecycle, type MonthRecord, monthLifecycle } from '../domain/monthRecord.ts';
import { monthTimeline } from '../domain/monthTimeline.ts';
import type { OrganisationSettings } from '../domain/organisation.ts';
import { ConflictError, MonthStateError } from '../errors.ts';
import {
  finalizeMonthRecord,
  findMonthRecord,
  monthFinalError,
  reopenMonthRecord,
} from '../storage/months.ts';
import { getOrganisationSettings } from '../storage/organisation.ts';
import { finalRunProgress, monthWasScored } from '../storage/runs.ts';
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
 * A finalisation (or its final run) younger than this is taken to be still under way: finalising the month again
 * meanwhile is refused rather than doubling it. Older and not done, it stopped (a crash): finalising completes it.
 */
export const FINALISATION_LEASE_MS = 5 * 60_000;

/** Where a final month's finalisation is: its final run done, still under way, or stopped before it was done. */
export async function finalisationProgress(
  ctx: PipelineReadContext,
  month: string,
  record: MonthRecord,
): Promise<'done' | 'under way' | 'stopped'> {
  const progress = await finalRunProgress(ctx.storage, month, record.version);
  if (progress.done) return 'done';
  const since = Math.max(
    Date.parse(record.finalizedAt ?? '') || 0,
    Date.parse(progress.dispatchedAt ?? '') || 0,
  );
  return ctx.now().getTime() - since < FINALISATION_LEASE_MS ? 'under way' : 'stopped';
}

/** Attempts at the transition when the month's record changed under it (an appeal opened, a racing write). */
const TRANSITION_ATTEMPTS = 3;

/**
 * Finalises `month` as `actor`.
 * 1. Read its state. Final: when its finalisation stopped before its final run was done (a crash after the
 *    transition; see FINALISATION_LEASE_MS), run the final run again to complete it; else MonthFinalError.
 *    Not yet scored (collecting, closed): MonthStateError.
 * 2. The conditional transition (foundation): refused when it is final already or has open appeals (named).
 *    Changed meanwhile (another write to the record, or one at the same moment): read it again and decide
 *    again, so two finalises at once end as one final month and one refusal.
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
  for (let attempt = 1; ; attempt++) {
    const { lifecycle, record, settings } = await readMonthLifecycle(ctx, month);
    if (lifecycle.state === 'final' && record) {
      // Final since this call began (another finalise won the race): refused, whatever its final run's state.
      if (attempt > 1 || (await finalisationProgress(ctx, month, record)) !== 'stopped') {
        throw await monthFinalError(ctx.storage, month);
      }
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
    let next: MonthRecord;
    try {
      next = await finalizeMonthRecord(
        ctx.storage,
        month,
        { actor, at: ctx.now(), timezone: settings.timezone },
        record,
      );
    } catch (error) {
      const changedMeanwhile = error instanceof ConflictError && !(error instanceof MonthStateError);
      if (changedMeanwhile && attempt < TRANSITION_ATTEMPTS) continue;
      throw error;
    }
    return {
      month,
      outcome: 'finalized',
      finalizedAt: next.finalizedAt ?? '',
      finalizedBy: next.finalizedBy ?? actor,
      ...(await finalRun(runs, month)),
    };
  }
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
