// Lambda: the notifier of low-score alerts. An EventBridge pipe from the table's stream hands it, one at a time,
// the keys of a waiting alert the survey form stored with an answer that holds a low rating; it emails the
// department manager through the outbox and drops the alert once sent. An alert that could not be sent (SES
// down, or in doubt until SES's evidence decides) fails the invocation, and the pipe retries it.
// `{ "pending": true }` by hand sends every alert still waiting (after the pipe gave up on one).
import type { DynamoDBRecord } from 'aws-lambda';
import * as z from 'zod';
import { config } from '#shared/config.ts';
import { RetryableError } from '#shared/errors.ts';
import { logger } from '#shared/logger.ts';
import { lambdaPipelineContext } from '#shared/pipeline/lambda.ts';
import { deliverLowScoreAlert, type LowScoreAlertContext } from '#shared/pipeline/lowScoreAlert.ts';
import type { Key } from '#shared/storage/keys.ts';
import { isPendingLowScoreAlertKey, listPendingLowScoreAlerts } from '#shared/storage/lowScoreAlerts.ts';
import { parseWith } from '#shared/validation.ts';

/** The pipe's batch: stream records of waiting alerts, keys only. */
const pipeBatch = z.array(
  z.object({
    dynamodb: z.object({
      Keys: z.object({ pk: z.object({ S: z.string() }), sk: z.object({ S: z.string() }) }),
    }),
  }),
);
/** A sweep by hand. */
const sweep = z.strictObject({ pending: z.literal(true) });

let ctx: LowScoreAlertContext | undefined;
function context(): LowScoreAlertContext {
  ctx ??= { ...lambdaPipelineContext(), fallbackRecipient: config().departmentManagerEmail };
  return ctx;
}

async function notify(key: Key): Promise<void> {
  const outcome = await deliverLowScoreAlert(context(), key);
  if (outcome.state === 'in-doubt') {
    logger.warn('low-score alert in doubt', { alert: key.sk, reason: outcome.reason });
    throw new RetryableError('the alert is in doubt until SES records it; tried again later');
  }
  logger.info('low-score alert', { alert: key.sk, outcome: outcome.state });
}

export const handler = async (event: DynamoDBRecord[] | { pending: true }) => {
  let keys: Key[];
  if (Array.isArray(event)) {
    keys = parseWith(pipeBatch, event, 'invalid notifier event').map(({ dynamodb: { Keys } }) => ({
      pk: Keys.pk.S,
      sk: Keys.sk.S,
    }));
  } else {
    parseWith(sweep, event, 'invalid notifier event');
    keys = await listPendingLowScoreAlerts(context().storage);
  }
  // The pipe's filter passes only waiting alerts; anything else is not this function's to touch.
  const results = await Promise.allSettled(keys.filter(isPendingLowScoreAlertKey).map(notify));
  const failed = results.filter((r) => r.status === 'rejected');
  // Each alert was tried; one that failed fails the invocation, so it is tried again (the others are done).
  if (failed.length > 0) throw failed[0]!.reason;
  return { alerts: results.length };
};
