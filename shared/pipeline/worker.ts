// The scoring worker's use case: one record of the scoring queue, scored in this container. Its own module so
// that the functions which only read the pipeline's Lambda wiring (lambda.ts) do not carry the scoring path
// and the workbook writer with it.
import { ValidationError } from '../errors.ts';
import { parseWith } from '../validation.ts';
import { lambdaPipelineContext, pipelineEnvironment } from './lambda.ts';
import {
  type MessageOutcome,
  processScoringMessage,
  type ScoringMessage,
  scoringMessageSchema,
} from './scoring.ts';

/**
 * A record's body must be a JSON scoring message (else a ValidationError naming it: SQS retries, then parks
 * it); `receives` (SQS's ApproximateReceiveCount) says whether this is the last try, on which a failure is
 * recorded as parked.
 */
export async function scoreQueuedRecord(
  body: string,
  receives: number,
): Promise<MessageOutcome & { message: ScoringMessage }> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ValidationError([{ path: 'body', message: 'expected a JSON scoring message' }]);
  }
  const message = parseWith(scoringMessageSchema, json, 'invalid scoring message');
  const outcome = await processScoringMessage(lambdaPipelineContext(), message, {
    final: receives >= pipelineEnvironment().SCORING_MAX_RECEIVE_COUNT,
  });
  return { ...outcome, message };
}
