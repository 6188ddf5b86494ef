// Running a month's scoring on one machine (the `kpi run-month` command, the local scheduler, the tests and the
// benchmark): the dispatcher with the in-process queue, or a dry run that stores and sends nothing.

import { reasonOf } from '../errors.ts';
import type { PipelineContext } from './context.ts';
import { forEachBounded } from './context.ts';
import { dispatchMonth } from './dispatch.ts';
import { engineersOfMonth, requireScorableMonth } from './eligibility.ts';
import { LOCAL_QUEUE_DEFAULTS, type LocalQueueOptions, localScoringQueue } from './localQueue.ts';
import { scoreAndReport } from './scoring.ts';
import { completeRunIfDone } from './summary.ts';

interface MonthRunRequest extends LocalQueueOptions {
  month: string;
  /** false: store the cards, email nothing. */
  email?: boolean;
  /** Score and compare with the stored cards; store nothing, send nothing. */
  dryRun?: boolean;
  /** The final run of a finalisation (the month is final): revised reports, then the one "final" summary. */
  final?: boolean;
  /** Called with (finished, total) as engineers finish. */
  onProgress?: (finished: number, total: number) => void;
}

export interface MonthRunReport {
  month: string;
  /** Active engineers employed in the month, dispatched. */
  engineers: number;
  /** Engineers scored (their card stored, or compared in a dry run). */
  scored: number;
  /** Of those, cards that changed (a new revision; dry run: would be). */
  changed: number;
  unchanged: number;
  /** Reports emailed in this run. */
  emailed: number;
  /** Engineers parked after their last attempt, with why. */
  failed: Array<{ engineerId: string; reason: string }>;
  /**
   * Engineers whose report nobody can say SES took (a send cut short by a crash or a lost answer): not done.
   * A later run resolves each from SES's evidence — confirms it, or sends it when SES provably has not.
   */
  inDoubt: Array<{ engineerId: string; engineerName: string; reason: string }>;
  /** Whether this run sent the team summary. */
  summarySent: boolean;
  /** The summary is held: a report of its set of revisions is in doubt. */
  summaryHeld: boolean;
  /** The summary's own send is in doubt. */
  summaryInDoubt: boolean;
  /** Why the summary could not be sent (it is sent by the next run of the month). */
  summaryError?: string;
  dryRun: boolean;
}

/**
 * Runs the scoring of `month` in-process; a month that has not begun or is still collecting evidence is refused
 * (MonthStateError), and so is a final month (MonthFinalError) unless `final` (its finalisation's final run),
 * before anything is stored or sent.
 * Dry run: score every active engineer employed in the month and compare with the stored card (nothing stored
 * or sent).
 * Otherwise: dispatch (the run's set of engineers) and process every message with the local queue (bounded
 * concurrency, retries, parking); the worker that completes the set sends the summary.
 */
export async function runMonth(ctx: PipelineContext, request: MonthRunRequest): Promise<MonthRunReport> {
  const report: MonthRunReport = {
    month: request.month,
    engineers: 0,
    scored: 0,
    changed: 0,
    unchanged: 0,
    emailed: 0,
    failed: [],
    inDoubt: [],
    summarySent: false,
    summaryHeld: false,
    summaryInDoubt: false,
    dryRun: request.dryRun ?? false,
  };
  if (request.dryRun) {
    // Refused like a real run while collecting (figures so far are `month preview`); a final month may be
    // compared, as nothing is stored or sent.
    await requireScorableMonth(ctx, request.month, 'dry');
    const engineers = await engineersOfMonth(ctx, request.month);
    report.engineers = engineers.length;
    let finished = 0;
    await forEachBounded(engineers, request.concurrency ?? LOCAL_QUEUE_DEFAULTS.concurrency, async (e) => {
      try {
        const result = await scoreAndReport(ctx, {
          month: request.month,
          engineerId: e.id,
          email: false,
          dryRun: true,
        });
        report.scored++;
        if (result.changed) report.changed++;
        else report.unchanged++;
      } catch (error) {
        report.failed.push({
          engineerId: e.id,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
      request.onProgress?.(++finished, engineers.length);
    });
    return report;
  }

  let total = 0;
  let finished = 0;
  const queue = localScoringQueue(ctx, {
    ...request,
    onSettled: (s) => {
      if (s.ok) {
        report.scored++;
        const result = s.outcome.result;
        if (result?.changed) report.changed++;
        else report.unchanged++;
        if (result?.emailed) report.emailed++;
        if (result?.inDoubt) {
          report.inDoubt.push({
            engineerId: result.engineerId,
            engineerName: result.engineerName,
            reason: result.inDoubt,
          });
        }
        if (s.outcome.summary === 'sent') report.summarySent = true;
      } else {
        report.failed.push({ engineerId: s.message.engineerId, reason: s.reason });
        if (s.summary === 'sent') report.summarySent = true;
      }
      request.onProgress?.(++finished, total);
    },
  });
  const dispatched = await dispatchMonth(
    ctx,
    { month: request.month, email: request.email ?? true, final: request.final ?? false },
    {
      send: (messages) => {
        total = messages.length;
        request.onProgress?.(0, total);
        return queue.send(messages);
      },
    },
  );
  report.engineers = dispatched.engineerIds.length;
  // The summary's own send may have failed on the last message's last attempt: one more try, still once only.
  if (report.engineers > 0) {
    try {
      const summary = await completeRunIfDone(ctx, request.month, dispatched.runId);
      if (summary === 'sent') report.summarySent = true;
      report.summaryHeld = summary === 'held';
      report.summaryInDoubt = summary === 'in-doubt';
    } catch (error) {
      report.summaryError = reasonOf(error);
    }
  }
  return report;
}
