// The scoring queue on one machine: the same worker function as on AWS, run in-process with bounded
// concurrency; a failing message is tried again after a growing pause and, after its last attempt, parked
// (the worker records it as parked, as the DLQ redrive does on AWS). The others go on.
import { reasonOf } from '../errors.ts';
import type { PipelineContext } from './context.ts';
import { forEachBounded } from './context.ts';
import type { ScoringQueue } from './dispatch.ts';
import {
  type MessageOutcome,
  ParkedError,
  processScoringMessage,
  type ScoringMessage,
  SummaryNotSentError,
} from './scoring.ts';
import type { SummaryOutcome } from './summary.ts';

export interface LocalQueueOptions {
  /** Messages processed at once (the SES sending rate is the real limit on AWS). */
  concurrency?: number;
  /** Attempts per message before it is parked (SQS maxReceiveCount on AWS). */
  maxAttempts?: number;
  /** Pause before the second attempt; doubled for each later one. */
  retryDelayMs?: number;
  /** Called once per message when it is done or parked. */
  onSettled?: (settled: SettledMessage) => void;
}

type SettledMessage =
  | { message: ScoringMessage; ok: true; outcome: MessageOutcome; attempts: number }
  | {
      message: ScoringMessage;
      ok: false;
      reason: string;
      attempts: number;
      /** Parking this one may have completed the run and sent the summary. */
      summary?: SummaryOutcome;
    };

export const LOCAL_QUEUE_DEFAULTS = { concurrency: 8, maxAttempts: 3, retryDelayMs: 500 } as const;

/** A queue whose `send` processes the messages in-process and resolves when every one is settled. */
export function localScoringQueue(
  ctx: PipelineContext,
  options: LocalQueueOptions = {},
): ScoringQueue & { settled: SettledMessage[] } {
  const concurrency = options.concurrency ?? LOCAL_QUEUE_DEFAULTS.concurrency;
  const maxAttempts = options.maxAttempts ?? LOCAL_QUEUE_DEFAULTS.maxAttempts;
  const retryDelayMs = options.retryDelayMs ?? LOCAL_QUEUE_DEFAULTS.retryDelayMs;
  const settled: SettledMessage[] = [];
  const settle = (s: SettledMessage) => {
    settled.push(s);
    options.onSettled?.(s);
  };
  return {
    settled,
    async send(messages) {
      await forEachBounded(messages, concurrency, async (message) => {
        // What an earlier attempt did before the summary failed (a retry finds the card stored and sent).
        let earlier: { changed: boolean; emailed: boolean } | undefined;
        for (let attempt = 1; ; attempt++) {
          try {
            const outcome = await processScoringMessage(ctx, message, { final: attempt >= maxAttempts });
            if (outcome.result && earlier) {
              outcome.result.changed ||= earlier.changed;
              outcome.result.emailed ||= earlier.emailed;
            }
            settle({ message, ok: true, outcome, attempts: attempt });
            return;
          } catch (error) {
            if (error instanceof SummaryNotSentError) {
              earlier = {
                changed: error.result.changed || (earlier?.changed ?? false),
                emailed: error.result.emailed || (earlier?.emailed ?? false),
              };
            }
            if (attempt >= maxAttempts) {
              settle({
                message,
                ok: false,
                reason: reasonOf(error),
                attempts: attempt,
                ...(error instanceof ParkedError ? { summary: error.summary } : {}),
              });
              return;
            }
            await new Promise((r) => setTimeout(r, retryDelayMs * 2 ** (attempt - 1)));
          }
        }
      });
    },
  };
}
