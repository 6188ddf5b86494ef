// Lambda: the scoring worker, fed by the scoring queue in batches with partial batch failures: each record is
// one engineer-month (validated), scored, stored, emailed; a failing record is retried by SQS, and on its last
// receive (ApproximateReceiveCount = maxReceiveCount) recorded as parked before SQS moves it to the DLQ.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '#shared/logger.ts';
import { scoreQueuedRecord } from '#shared/pipeline/worker.ts';

const processor = new BatchProcessor(EventType.SQS);

async function scoreRecord(record: SQSRecord): Promise<void> {
  const { message, result, summary } = await scoreQueuedRecord(
    record.body,
    Number(record.attributes.ApproximateReceiveCount),
  );
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
