// The monthly dispatcher: starts a run of a month whose evidence has closed over every active engineer employed in
// it, and queues one scoring message per engineer (SQS on AWS, the in-process queue locally).
import { randomUUID } from 'node:crypto';
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
 * 1. Refuse a month that has not begun or is still collecting evidence (MonthStateError): nothing is recorded
 *    or queued.
 * 2. List the active engineers employed in the month (one Query on the sparse index).
 * 3. Record the run: its id and the dispatched set (replacing an earlier run's), so the workers can tell when
 *    all of them are done.
 * 4. Queue one message per engineer.
 */
export async function dispatchMonth(
  ctx: PipelineReadContext,
  request: { month: string; email?: boolean },
  queue: ScoringQueue,
): Promise<DispatchResult> {
  await requireScorableMonth(ctx, request.month);
  const engineerIds = (await engineersOfMonth(ctx, request.month)).map((e) => e.id);
  const runId = randomUUID();
  const email = request.email ?? true;
  await putRunDispatch(ctx.storage, {
    runId,
    month: request.month,
    engineerIds,
    email,
    dispatchedAt: ctx.now().toISOString(),
  });
  await queue.send(engineerIds.map((engineerId) => ({ month: request.month, engineerId, runId, email })));
  return { runId, month: request.month, engineerIds };
}
