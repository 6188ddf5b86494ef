// EventBridge Scheduler: the three monthly jobs at local times in the organisation's time zone, and the finalise
// job daily from its day to the month's end (a month held by open appeals is finalised by a later firing), with
// retries and a dead-letter queue. Each target gets the scheduled time, so a retried run works on the same month.
// L1 (CfnSchedule) with its own role: the L2 target would also grant invoking every version (`arn:*`).
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DayTime } from '../context.ts';

export type ScheduledJob = 'invitations' | 'reminder' | 'monthlyScoring' | 'finalize';

/** The event each job's handler receives (the dispatcher tells the finalise job by its `action`). */
type ScheduledJobEvent =
  | {
      job: Exclude<ScheduledJob, 'finalize'>;
      /** ISO 8601 UTC instant the run was scheduled for (the same on every retry of that run). */
      scheduledTime: string;
    }
  | { action: 'finalize'; scheduledTime: string };

/** Scheduler fills this in at each run. */
const SCHEDULED_TIME = '<aws.scheduler.scheduled-time>';

/** Each job is safe to run twice, so a failed invocation is retried; after that it is parked in the DLQ. */
const SCHEDULE_RETRY = { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 6 * 60 * 60 };

interface ScheduledJobProps {
  readonly job: ScheduledJob;
  readonly when: DayTime;
  readonly timeZone: string;
  readonly target: IFunction;
  readonly deadLetterQueue: IQueue;
}

/**
 * EventBridge Scheduler's cron for day D at HH:MM every month: cron(minutes hours day-of-month month dow year);
 * the finalise job's fires every day from D to the month's end (days a month lacks are skipped).
 */
function scheduleCron(job: ScheduledJob, when: DayTime): string {
  const days = job === 'finalize' ? `${when.day}-31` : String(when.day);
  return `cron(${when.minute} ${when.hour} ${days} * ? *)`;
}

export class ScheduledJobRun extends Construct {
  readonly schedule: CfnSchedule;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `presales-kpi scheduler: invoke the ${props.job} function`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.target.functionArn] }),
    );
    props.deadLetterQueue.grantSendMessages(role);

    const input: ScheduledJobEvent =
      props.job === 'finalize'
        ? { action: 'finalize', scheduledTime: SCHEDULED_TIME }
        : { job: props.job, scheduledTime: SCHEDULED_TIME };
    const hhmm = `${String(props.when.hour).padStart(2, '0')}:${String(props.when.minute).padStart(2, '0')}`;
    this.schedule = new CfnSchedule(this, 'Schedule', {
      description:
        props.job === 'finalize'
          ? `presales-kpi finalize: daily from day ${props.when.day} to the month's end, ${hhmm} ${props.timeZone}`
          : `presales-kpi ${props.job}: day ${props.when.day} of each month, ${hhmm} ${props.timeZone}`,
      scheduleExpression: scheduleCron(props.job, props.when),
      scheduleExpressionTimezone: props.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: props.target.functionArn,
        roleArn: role.roleArn,
        input: JSON.stringify(input),
        retryPolicy: SCHEDULE_RETRY,
        deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
      },
    });
  }
}
