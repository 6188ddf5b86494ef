// Lambda: the monthly scoring dispatcher (EventBridge Scheduler, default the 3rd 09:00 local, for the previous
// month; or `{ "month" }` by hand): records the run and queues one message per active engineer employed in the
// month on SQS. A month whose evidence has not closed is refused: a scheduled run logs it and stops, a run by
// hand fails with the one-line reason. With `{ "action": "finalize" }` (its daily schedule from the 10th, or by
// hand with `"month"`) it is the finalise job: the final run is queued the same way.

import { SQSClient } from '@aws-sdk/client-sqs';
import { logger } from '#shared/logger.ts';
import {
  dispatchJob,
  finalizeJobOfEvent,
  isFinalizeEvent,
  lambdaPipelineContext,
  lambdaReadContext,
  parseDispatcherEvent,
  pipelineEnvironment,
  sqsScoringQueue,
} from '#shared/pipeline/lambda.ts';

const sqs = new SQSClient({});

export const handler = async (event: unknown) => {
  const { SCORING_QUEUE_URL } = pipelineEnvironment();
  if (!SCORING_QUEUE_URL) throw new Error('SCORING_QUEUE_URL is not set');
  const job = parseDispatcherEvent(event);
  const queue = sqsScoringQueue(sqs, SCORING_QUEUE_URL);
  if (isFinalizeEvent(job)) {
    const result = await finalizeJobOfEvent(lambdaPipelineContext(), job, queue);
    logger.info('finalise job', { ...result });
    return result;
  }
  const result = await dispatchJob(lambdaReadContext(), job, queue);
  if (result.refused) logger.warn('scoring not dispatched', { month: result.month, reason: result.refused });
  else logger.info('scoring dispatched', { ...result });
  return result;
};
