// Lambda: the monthly scoring dispatcher (EventBridge Scheduler, default the 3rd 09:00 local, for the previous
// month; or `{ "month" }` by hand): records the run and queues one message per active engineer on SQS.

import { SQSClient } from '@aws-sdk/client-sqs';
import { logger } from '#shared/http/logger.ts';
import { dispatchMonth } from '#shared/pipeline/dispatch.ts';
import {
  lambdaPipelineContext,
  monthOfRun,
  parseJobEvent,
  pipelineEnvironment,
  sqsScoringQueue,
} from '#shared/pipeline/lambda.ts';

const sqs = new SQSClient({});

export const handler = async (event: unknown) => {
  const { SCORING_QUEUE_URL } = pipelineEnvironment();
  if (!SCORING_QUEUE_URL) throw new Error('SCORING_QUEUE_URL is not set');
  const ctx = lambdaPipelineContext();
  const month = await monthOfRun(ctx, parseJobEvent(event), 'previous');
  const { runId, engineerIds } = await dispatchMonth(ctx, { month }, sqsScoringQueue(sqs, SCORING_QUEUE_URL));
  logger.info('scoring dispatched', { month, runId, dispatched: engineerIds.length });
  return { month, runId, dispatched: engineerIds.length };
};
