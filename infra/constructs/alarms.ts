// CloudWatch alarms that need a person: messages parked in a dead-letter queue, and functions that fail.
// They notify an SNS topic (TLS only); an email subscription is added when `alarmEmail` is set.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { type Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class Alarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: { alarmEmail: string | undefined }) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'presales-kpi alarms', enforceSSL: true });
    // The topic policy replaces SNS's default one: let this account's alarms publish, explicitly.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key aws/sns, and the messages are alarm names and thresholds only (no personal data); a customer managed key would add US$1 a month for nothing to protect.',
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  /** Any message in a dead-letter queue is a job or an engineer that needs looking at. */
  deadLetters(id: string, queue: IQueue, what: string): Alarm {
    const alarm = queue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
      .createAlarm(this, id, {
        alarmDescription: `${what}: messages are waiting in ${id}; see the README "Deploy to AWS" on dead letters.`,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }

  /** A function error (an unhandled exception, a timeout) in any 5-minute period. */
  functionErrors(id: string, fn: IFunction): Alarm {
    const alarm = fn.metricErrors({ period: Duration.minutes(5) }).createAlarm(this, id, {
      alarmDescription: `${fn.node.id} failed; its log group has the details.`,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }
}
