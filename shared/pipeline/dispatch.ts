// The monthly dispatcher: starts a run of a month whose evidence has closed over every active engineer employed in
// it, and queues one scoring message per engineer (SQS on AWS, the in-process queue locally).
import { randomUUID } from 'node:crypto';
import { appealDeadlineAfter } from '../domain/monthRecord.ts';
import { recordFirstRun } from '../storage/months.ts';
import { putRunDispatch } from '../storage/runs.ts';
import type { PipelineReadContext } from './context.ts';
import { engineersOfMonth, requireScorableMonth } from './eligibility.ts';
import type { ScoringMessage } from './scoring.ts';

/** Where scoring messages go. */
export interface ScoringQueue {
  send(messages: readonly ScoringMessage[]): Promise<void>;
}

interface DispatchResult {
  runId: string;
  month: string;
  engineerIds: string[];
}

/**
 * Dispatches the scoring of `month`.
 * 1. Refuse a month that has not begun or is still collecting evidence (MonthStateError), and a final month
 *    (MonthFinalError) unless this is its finalisation's final run: nothing is recorded or queued.
 * 2. The first run of a month makes it provisional, with its appeal deadline (`appealDays` after now); later
 *    runs leave its record as it is.
 * 3. List the active engineers employed in the month (one Query on the sparse index).
 * 4. Record the run: its id and the dispatched set (replacing an earlier run's), so the workers can tell when
 *    all of them are done; a final run names the finalisation (the record's version) its summary is for.
 * 5. Queue one message per engineer.
 */
export async function dispatchMonth(
  ctx: PipelineReadContext,
  request: { month: string; email?: boolean; final?: boolean },
  queue: ScoringQueue,
): Promise<DispatchResult> {
  const kind = request.final ? 'final' : 'run';
  const { settings, record } = await requireScorableMonth(ctx, request.month, kind);
  const now = ctx.now();
  if (!record) {
    const first = await recordFirstRun(ctx.storage, request.month, {
      at: now,
      appealDeadline: appealDeadlineAfter(now, settings),
      timezone: settings.timezone,
    });
    // A record made meanwhile may be a finalisation (of a month scored before states were recorded): ask again.
    if (!first) await requireScorableMonth(ctx, request.month, kind);
  }
  const engineerIds = (await engineersOfMonth(ctx, request.month)).map((e) => e.id);
  const runId = randomUUID();
  // A final run always emails: its point is the revised reports and the final summary.
  const email = request.final ? true : (request.email ?? true);
  await putRunDispatch(ctx.storage, {
    runId,
    month: request.month,
    engineerIds,
    email,
    dispatchedAt: now.toISOString(),
    ...(request.final && record ? { final: record.version } : {}),
  });
  await queue.send(engineerIds.map((engineerId) => ({ month: request.month, engineerId, runId, email })));
  return { runId, month: request.month, engineerIds };
}
