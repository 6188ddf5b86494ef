// The low-score alerts' way to the notifier: an EventBridge pipe from the table's stream (keys only), filtered
// to the inserts of waiting alerts, invoking the notifier one alert at a time. A pipe rather than a Lambda event
// source mapping because the stream's ListStreams right exists only on every resource: it belongs to the
// pipe's own role, and no function role holds a right on "*". A failing alert is retried until the stream drops
// its record (24 hours), then the record is parked in the dead-letter queue; the alert itself stays waiting.
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../nag.ts';

export interface AlertPipeProps {
  readonly table: ITable;
  readonly notifier: IFunction;
  readonly deadLetters: IQueue;
  /** The partition of waiting alerts (shared/storage/keys.ts). */
  readonly partition: string;
}

/** How long a failing alert is retried: as long as DynamoDB Streams keeps a record. */
export const ALERT_RETRY_WINDOW = Duration.hours(24);

export class AlertPipe extends Construct {
  readonly pipe: CfnPipe;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AlertPipeProps) {
    super(scope, id);
    const streamArn = props.table.tableStreamArn;
    if (!streamArn)
      throw new Error('the table has no stream: the low-score alerts cannot reach the notifier');
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'presales-kpi low-score alert pipe',
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [streamArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [props.notifier.functionArn],
      }),
    );
    props.deadLetters.grantSendMessages(this.role);
    acknowledgeWildcardResource(
      this.role,
      '*',
      'dynamodb:ListStreams has no resource-level permission (it is granted on "*" or not at all); every other right of this role names the one stream, function and queue.',
    );

    this.pipe = new CfnPipe(this, 'Pipe', {
      description: 'Waiting low-score alerts (table stream inserts) to the notifier',
      roleArn: this.role.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          // One alert per invocation: a failing one is retried alone and never resends another.
          batchSize: 1,
          maximumRetryAttempts: -1,
          maximumRecordAgeInSeconds: ALERT_RETRY_WINDOW.toSeconds(),
          deadLetterConfig: { arn: props.deadLetters.queueArn },
        },
        filterCriteria: {
          filters: [
            {
              pattern: JSON.stringify({
                eventName: ['INSERT'],
                dynamodb: { Keys: { pk: { S: [props.partition] } } },
              }),
            },
          ],
        },
      },
      target: props.notifier.functionArn,
      targetParameters: { lambdaFunctionParameters: { invocationType: 'REQUEST_RESPONSE' } },
    });
    this.pipe.node.addDependency(this.role);
  }
}
