// What the scheduled pipeline functions share on Lambda: the event EventBridge Scheduler sends (or a month given
// by hand), the month a run works on, the pipeline context built once per container from the configuration,
// and the SQS adapter of the scoring queue.
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
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
import type { ScoringMessage } from './scoring.ts';

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

/** SQS takes at most ten messages per SendMessageBatch. */
const SQS_BATCH = 10;

/** The scoring queue on AWS: SendMessageBatch by ten; entries SQS refused are sent again, then it fails loudly. */
export function sqsScoringQueue(client: SQSClient, queueUrl: string): ScoringQueue {
  return {
    async send(messages: readonly ScoringMessage[]) {
      for (let i = 0; i < messages.length; i += SQS_BATCH) {
        let entries = messages
          .slice(i, i + SQS_BATCH)
          .map((m, j) => ({ Id: String(i + j), MessageBody: JSON.stringify(m) }));
        for (let attempt = 0; entries.length > 0; attempt++) {
          if (attempt > 4) {
            throw new Error(`SQS refused ${entries.length} scoring messages after ${attempt} attempts`);
          }
          if (attempt > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
          const out = await client.send(
            new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
          );
          const failed = new Set((out.Failed ?? []).map((f) => f.Id));
          entries = entries.filter((e) => failed.has(e.Id));
        }
      }
    },
  };
}
