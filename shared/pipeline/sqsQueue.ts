// The scoring queue on AWS (SQS), for the dispatcher and for the admin API's runs. Its own module, on zod/mini
// only, so the admin API's bundle does not carry the pipeline's Lambda wiring.
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { defaultRubric } from '../rubric/default.ts';
import { storage } from '../storage/fromConfig.ts';
import type { ScoringQueue } from './dispatch.ts';
import { type MonthRuns, queuedMonthRuns } from './monthRuns.ts';
import type { ScoringMessage } from './scoring.ts';

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

/** The admin API's runs on AWS: dispatched to the scoring queue SCORING_QUEUE_URL names (sqs:SendMessage only). */
export function sqsMonthRuns(client: SQSClient): MonthRuns {
  return queuedMonthRuns(
    () => ({ storage: storage(), now: () => new Date(), rubric: defaultRubric }),
    () => {
      const url = process.env.SCORING_QUEUE_URL;
      if (!url) throw new Error('SCORING_QUEUE_URL is not set: the admin API cannot dispatch runs');
      return sqsScoringQueue(client, url);
    },
  );
}
