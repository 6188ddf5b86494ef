// Lambda: the scoring worker, fed by the scoring queue in batches with partial batch failures: each record is
// one engineer-month (validated), scored, stored, emailed; a failing record is retried by SQS, and on its last
// receive (ApproximateReceiveCount = maxReceiveCount) recorded as parked before SQS moves it to the DLQ.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { ValidationError } from '#shared/errors.ts';
import { logger } from '#shared/logger.ts';
import { lambdaPipelineContext, pipelineEnvironment } from '#shared/pipeline/lambda.ts';
import { processScoringMessage, scoringMessageSchema } from '#shared/pipeline/scoring.ts';
import { parseWith } from '#shared/validation.ts';

const processor = new BatchProcessor(EventType.SQS);

async function scoreRecord(record: SQSRecord): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new ValidationError([{ path: 'body', message: 'expected a JSON scoring message' }]);
  }
  const message = parseWith(scoringMessageSchema, body, 'invalid scoring message');
  const receives = Number(record.attributes.ApproximateReceiveCount);
  const { result, summary } = await processScoringMessage(lambdaPipelineContext(), message, {
    final: receives >= pipelineEnvironment().SCORING_MAX_RECEIVE_COUNT,
  });
  // Not retried (only SES's evidence resolves it): recorded in the run, and said here for the operator.
  if (result?.inDoubt || summary === 'in-doubt' || summary === 'held') {
    logger.warn('email in doubt', {
      month: message.month,
      engineerId: message.engineerId,
      report: result?.inDoubt,
      summary,
    });
  }
}

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, scoreRecord, processor, { context });
