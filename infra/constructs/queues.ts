// The queues: the scoring queue (one message per engineer-month, from the monthly dispatcher) with its
// dead-letter queue, and the dead-letter queues of the schedules and of the low-score alert notifier.
// Encrypted, TLS only.
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Deliveries of one engineer's message before it is parked; SES throttling is retried through these. */
export const SCORING_MAX_RECEIVE_COUNT = 5;

const dlqProps = {
  encryption: QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
  // Parked messages wait for a person: the longest SQS keeps them.
  retentionPeriod: Duration.days(14),
};

export class Queues extends Construct {
  readonly scoring: Queue;
  readonly scoringDeadLetters: Queue;
  readonly scheduleDeadLetters: Queue;
  /** Stream records of low-score alerts the notifier gave up on (the alerts themselves stay waiting). */
  readonly alertDeadLetters: Queue;

  constructor(scope: Construct, id: string, props: { scoringWorkerTimeout: Duration }) {
    super(scope, id);
    this.scoringDeadLetters = new Queue(this, 'ScoringDeadLetters', dlqProps);
    this.scoring = new Queue(this, 'Scoring', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's rule for Lambda event sources: at least six times the function timeout, so a message is not
      // redelivered while a worker still holds it.
      visibilityTimeout: Duration.seconds(props.scoringWorkerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.scoringDeadLetters, maxReceiveCount: SCORING_MAX_RECEIVE_COUNT },
    });
    this.scheduleDeadLetters = new Queue(this, 'ScheduleDeadLetters', dlqProps);
    this.alertDeadLetters = new Queue(this, 'AlertDeadLetters', dlqProps);

    for (const dlq of [this.scoringDeadLetters, this.scheduleDeadLetters, this.alertDeadLetters]) {
      Validations.of(dlq).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself a dead-letter queue; a DLQ of a DLQ would only move the problem.',
      });
    }
  }
}
