// What the scheduled pipeline functions share on Lambda: the event EventBridge Scheduler sends (or a month given
// by hand), the month a run works on, the pipeline context built once per container from the configuration,
// and the SQS adapter of the scoring queue.
import * as z from 'zod';
import { isoTimestamp, monthId } from '../domain/common.ts';
import { monthOf, previousMonth } from '../domain/values.ts';
import { MonthStateError } from '../errors.ts';
import { mailConfigFromEnvironment } from '../mail/config.ts';
import { defaultRubric } from '../rubric/default.ts';
import { storage } from '../storage/fromConfig.ts';
import { getOrganisationSettings } from '../storage/organisation.ts';
import { parseWith } from '../validation.ts';
import { type PipelineContext, type PipelineReadContext, pipelineContext } from './context.ts';
import { dispatchMonth, type ScoringQueue } from './dispatch.ts';
import { type FinalizeJobResult, finalizeJob } from './finalizeJob.ts';
import { queuedMonthRuns } from './monthRuns.ts';

export { sqsScoringQueue } from './sqsQueue.ts';

/**
 * The finalise job (the dispatcher's schedule, daily from `schedule.finalize` to the month's end): the month
 * before the scheduled time's, or `month` by hand.
 */
const finalizeEventSchema = z.strictObject({
  action: z.literal('finalize'),
  scheduledTime: z.optional(isoTimestamp),
  month: z.optional(monthId),
});
type FinalizeEvent = z.output<typeof finalizeEventSchema>;

/** A scheduled run (the scheduler's event) or a run by hand for a named month. */
const jobEventSchema = z.union([
  z.object({
    job: z.enum(['invitations', 'reminder', 'monthlyScoring']),
    /** The instant the run was scheduled for: the same on every retry of that run. */
    scheduledTime: isoTimestamp,
  }),
  z.strictObject({ month: monthId }),
]);
type JobEvent = z.output<typeof jobEventSchema>;

export function parseJobEvent(event: unknown): JobEvent {
  return parseWith(jobEventSchema, event, 'invalid job event');
}

/** The dispatcher's event: a scoring run (scheduled or by hand) or the finalise job. */
export function parseDispatcherEvent(event: unknown): JobEvent | FinalizeEvent {
  return parseWith(z.union([jobEventSchema, finalizeEventSchema]), event, 'invalid job event');
}

export function isFinalizeEvent(event: JobEvent | FinalizeEvent): event is FinalizeEvent {
  return 'action' in event;
}

/**
 * The finalise job on Lambda: the month (given, else the one before the scheduled time's, else before now's,
 * in the organisation's zone), then finalizeJob; the final run is dispatched to the scoring queue.
 */
export async function finalizeJobOfEvent(
  ctx: PipelineContext,
  event: FinalizeEvent,
  queue: ScoringQueue,
): Promise<FinalizeJobResult> {
  const month = await monthOfRun(
    ctx,
    event.month
      ? { month: event.month }
      : { job: 'monthlyScoring', scheduledTime: event.scheduledTime ?? ctx.now().toISOString() },
    'previous',
  );
  return finalizeJob(
    ctx,
    month,
    queuedMonthRuns(
      () => ctx,
      () => queue,
    ),
  );
}

/**
 * The month a run works on: the given one, else the month of the scheduled time in the organisation's zone
 * (invitations, reminder) or the month before it (scoring, on the 3rd, scores the previous month).
 */
export async function monthOfRun(
  ctx: PipelineReadContext,
  event: JobEvent,
  which: 'current' | 'previous',
): Promise<string> {
  if ('month' in event) return event.month;
  const { timezone } = await getOrganisationSettings(ctx.storage);
  const month = monthOf(new Date(event.scheduledTime), timezone);
  return which === 'previous' ? previousMonth(month) : month;
}

interface DispatchJobResult {
  month: string;
  runId?: string;
  dispatched: number;
  /** Why a scheduled run did nothing: the month cannot be scored yet (one line, when its evidence closes). */
  refused?: string;
}

/**
 * The dispatcher's job: the month of the event, then dispatchMonth. A scheduled run for a month that cannot be
 * scored yet scores and sends nothing and reports why (a retry would be refused the same way, so it is not an
 * error); a run by hand (`{ "month" }`) is refused with the MonthStateError, which the invoker sees.
 */
export async function dispatchJob(
  ctx: PipelineReadContext,
  event: JobEvent,
  queue: ScoringQueue,
): Promise<DispatchJobResult> {
  const month = await monthOfRun(ctx, event, 'previous');
  try {
    const { runId, engineerIds } = await dispatchMonth(ctx, { month }, queue);
    return { month, runId, dispatched: engineerIds.length };
  } catch (error) {
    if (error instanceof MonthStateError && !('month' in event)) {
      return { month, dispatched: 0, refused: error.message };
    }
    throw error;
  }
}

const environment = z.object({
  /** The scoring queue (the dispatcher sends to it). */
  SCORING_QUEUE_URL: z.url({ error: 'expected the scoring queue URL' }).optional(),
  /** The queue's maxReceiveCount: the worker records an engineer as parked on the last receive. */
  SCORING_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).default(5),
});

let env: z.output<typeof environment> | undefined;

/** The pipeline's own settings from the environment, validated once. */
export function pipelineEnvironment(): z.output<typeof environment> {
  if (!env) {
    env = parseWith(environment, process.env, 'invalid configuration');
  }
  return env;
}

let current: PipelineContext | undefined;

/** The context of this container: the table, SES and the sender from the configuration. */
export function lambdaPipelineContext(): PipelineContext {
  current ??= pipelineContext({ storage: storage(), mail: mailConfigFromEnvironment() });
  return current;
}

/** The context of a function that sends no email (the dispatcher): the table and the clock, no SES client. */
export function lambdaReadContext(): PipelineReadContext {
  return { storage: storage(), now: () => new Date(), rubric: defaultRubric };
}
