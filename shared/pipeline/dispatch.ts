// The monthly dispatcher: starts a run of the month over every active engineer and queues one scoring message
// per engineer (SQS on AWS, the in-process queue locally).
import { randomUUID } from 'node:crypto';
import { listEngineers } from '../storage/engineers.ts';
import type { PipelineContext } from './context.ts';
import type { ScoringMessage } from './scoring.ts';
import { putRunDispatch } from './store.ts';

/** Where scoring messages go. */
export interface ScoringQueue {
  send(messages: readonly ScoringMessage[]): Promise<void>;
}

export interface DispatchResult {
  runId: string;
  month: string;
  engineerIds: string[];
}

/**
 * Dispatches the scoring of `month`.
 * 1. List the active engineers (one Query on the sparse index).
 * 2. Record the run: its id and the dispatched set (replacing an earlier run's), so the workers can tell when
 *    all of them are done.
 * 3. Queue one message per engineer.
 */
export async function dispatchMonth(
  ctx: PipelineContext,
  request: { month: string; email?: boolean },
  queue: ScoringQueue,
): Promise<DispatchResult> {
  const engineers = await listEngineers(ctx.storage, { activeOnly: true });
  const engineerIds = engineers.map((e) => e.id).sort();
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
