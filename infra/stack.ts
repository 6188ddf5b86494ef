// The one deployable stack: table, mail, queues, the functions of infra/functions.ts wired to their routes,
// schedules and queue with exactly their grants, and the alarms.
import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Match, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { CLAIM_TAG } from '../shared/mail/ses.ts';
import {
  APPEAL_PARTITION_PREFIX,
  OUTBOX_PARTITION_PREFIXES,
  PENDING_ALERTS_PARTITION,
} from '../shared/storage/keys.ts';
import { Alarms } from './constructs/alarms.ts';
import { AlertPipe } from './constructs/alertPipe.ts';
import { ConsoleAuth } from './constructs/consoleAuth.ts';
import { KpiHttpApi } from './constructs/httpApi.ts';
import { Mail } from './constructs/mail.ts';
import { DEFAULT_TIMEOUT, ProjectFunction } from './constructs/projectFunction.ts';
import { Queues, SCORING_MAX_RECEIVE_COUNT } from './constructs/queues.ts';
import { type ScheduledJob, ScheduledJobRun } from './constructs/schedules.ts';
import { KpiTable } from './constructs/table.ts';
import { type DeployContext, scoringWorkerConcurrency } from './context.ts';
import { FUNCTIONS, scoringWorker } from './functions.ts';

interface KpiStackProps extends StackProps {
  readonly context: DeployContext;
}

/** Messages one worker invocation takes; failures are reported per message, so a batch never repeats all. */
const SCORING_BATCH_SIZE = 5;

export class KpiStack extends Stack {
  readonly table: KpiTable;
  readonly httpApi: KpiHttpApi;
  readonly queues: Queues;
  readonly mail: Mail;
  readonly alarms: Alarms;
  readonly consoleAuth: ConsoleAuth;
  readonly functions = new Map<string, ProjectFunction>();
  readonly alertPipes: AlertPipe[] = [];

  constructor(scope: Construct, id: string, props: KpiStackProps) {
    super(scope, id, props);
    const ctx = props.context;
    const logRetention = ctx.logRetentionDays as RetentionDays;

    this.table = new KpiTable(this, 'Table');
    this.mail = new Mail(this, 'Mail', ctx);
    this.queues = new Queues(this, 'Queues', {
      scoringWorkerTimeout: scoringWorker.timeout ?? DEFAULT_TIMEOUT,
    });
    this.httpApi = new KpiHttpApi(this, 'Http', {
      rateLimit: ctx.apiRateLimit,
      burstLimit: ctx.apiBurstLimit,
      logRetention,
    });
    const alarms = new Alarms(this, 'Alarms', { alarmEmail: ctx.alarmEmail });
    this.alarms = alarms;
    alarms.deadLetters(
      'ScoringDeadLettersAlarm',
      this.queues.scoringDeadLetters,
      'Engineers whose scoring failed',
    );
    alarms.deadLetters(
      'ScheduleDeadLettersAlarm',
      this.queues.scheduleDeadLetters,
      'Scheduled jobs that failed',
    );
    alarms.deadLetters(
      'AlertDeadLettersAlarm',
      this.queues.alertDeadLetters,
      'Low-score alerts still waiting after a day of retries (invoke LowScoreAlerts with {"pending":true})',
    );

    const publicUrl = ctx.publicBaseUrl ?? this.httpApi.url;
    this.consoleAuth = new ConsoleAuth(this, 'ConsoleAuth', {
      publicUrl,
      domainPrefix: ctx.consoleDomainPrefix,
    });
    const schedules: Record<ScheduledJob, DeployContext['invitationsSchedule']> = {
      invitations: ctx.invitationsSchedule,
      reminder: ctx.reminderSchedule,
      monthlyScoring: ctx.scoringSchedule,
      finalize: ctx.finalizeSchedule,
    };

    for (const declaration of FUNCTIONS) {
      const fn = new ProjectFunction(this, declaration.id, {
        entry: declaration.entry,
        handler: declaration.handler,
        description: declaration.description,
        memorySize: declaration.memorySize,
        timeout: declaration.timeout,
        logRetention,
        environment: { POWERTOOLS_SERVICE_NAME: 'presales-kpi' },
        ...(declaration.grants.linkKey && {
          linkKey: { parameterName: ctx.linkKeyParameterName, kmsKeyArn: ctx.linkKeyKmsKeyArn },
        }),
        ...(declaration.bundledFiles && { bundledFiles: declaration.bundledFiles }),
      });
      this.functions.set(declaration.id, fn);
      const { grants } = declaration;

      if (grants.table === 'confirm') fn.bindOutboxConfirm(this.table, OUTBOX_PARTITION_PREFIXES);
      else if (grants.table === 'notify') {
        // Its outbox claims live under the invitation (INV#<id>) or the appeal (APPEAL#<id>), the waiting alerts
        // and appeal emails in their own partition.
        fn.bindAlertNotifier(this.table, ['INV#*', `${APPEAL_PARTITION_PREFIX}*`, PENDING_ALERTS_PARTITION]);
      } else if (grants.table) fn.bindTable(this.table, this.table.indexNames, grants.table);
      if (grants.linkKey) fn.addEnvironment('LINK_KEY_REVISION', ctx.linkKeyRevision);
      if (grants.email) {
        fn.grantSendEmail(this.mail);
        fn.addEnvironment('MAIL_FROM', this.mail.senderAddress);
        fn.addEnvironment('SES_CONFIGURATION_SET', this.mail.configurationSetName);
        fn.addEnvironment('SES_REGION', this.mail.region);
        fn.addEnvironment('DEPARTMENT_MANAGER_EMAIL', ctx.departmentManagerAddress);
      }
      if (grants.scoringQueue) fn.grantQueueSend(this.queues.scoring, 'SCORING_QUEUE_URL');
      if (grants.publicUrl) fn.addEnvironment('PUBLIC_BASE_URL', publicUrl);
      if (grants.consoleSignIn) {
        fn.addEnvironment('CONSOLE_ISSUER', this.consoleAuth.issuer);
        fn.addEnvironment('CONSOLE_CLIENT_ID', this.consoleAuth.client.userPoolClientId);
      }
      if (declaration.routes?.some((r) => r.auth === 'iam')) fn.addEnvironment('ADMIN_AUTH', 'iam');

      for (const [i, route] of (declaration.routes ?? []).entries()) {
        this.httpApi.addRoutes(`${declaration.id}Route${i}`, fn, route);
      }
      for (const job of declaration.schedules ?? []) {
        // The first job keeps the construct id it always had, so adding a job replaces no schedule.
        const suffix = job === declaration.schedules?.[0] ? '' : job[0]!.toUpperCase() + job.slice(1);
        new ScheduledJobRun(this, `${declaration.id}Schedule${suffix}`, {
          job,
          when: schedules[job],
          timeZone: ctx.timeZone,
          target: fn,
          deadLetterQueue: this.queues.scheduleDeadLetters,
        });
      }
      if (declaration.consumesScoringQueue) {
        // The worker records an engineer as parked on the last receive, before SQS moves the message away.
        fn.addEnvironment('SCORING_MAX_RECEIVE_COUNT', String(SCORING_MAX_RECEIVE_COUNT));
        fn.addEventSource(
          new SqsEventSource(this.queues.scoring, {
            batchSize: SCORING_BATCH_SIZE,
            reportBatchItemFailures: true,
            maxConcurrency: scoringWorkerConcurrency(ctx),
          }),
        );
      }
      if (declaration.consumesSendingEvents && this.mail.publishSendingEvents()) {
        new Rule(this, `${declaration.id}Rule`, {
          description:
            "SES's Send and Delivery events of the configuration set, for emails tagged with a claim",
          eventPattern: {
            source: ['aws.ses'],
            detailType: ['Email Sent', 'Email Delivered'],
            detail: {
              mail: {
                tags: {
                  [CLAIM_TAG]: Match.exists(),
                  'ses:configuration-set': [this.mail.configurationSetName],
                },
              },
            },
          },
          // An event that keeps failing is kept, not lost: it is the only evidence a send in doubt may get.
          targets: [
            new LambdaFunction(fn, {
              retryAttempts: 8,
              maxEventAge: Duration.hours(24),
              deadLetterQueue: this.queues.scheduleDeadLetters,
            }),
          ],
        });
      }
      if (declaration.consumesWaitingAlerts) {
        const pipe = new AlertPipe(this, `${declaration.id}Pipe`, {
          table: this.table,
          notifier: fn,
          deadLetters: this.queues.alertDeadLetters,
          partition: PENDING_ALERTS_PARTITION,
        });
        this.alertPipes.push(pipe);
        new CfnOutput(this, `${declaration.id}FunctionName`, {
          value: fn.functionName,
          description: 'Invoke with {"pending":true} to send every low-score alert still waiting',
        });
      }
      alarms.functionErrors(`${declaration.id}Errors`, fn);
      acknowledgeFunctionFindings(fn);
    }

    new CfnOutput(this, 'ApiUrl', {
      value: this.httpApi.url,
      description: 'Base URL of the forms and the admin API',
    });
    new CfnOutput(this, 'AdminPolicyArn', {
      value: this.httpApi.adminPolicy.managedPolicyArn,
      description: 'Attach to the IAM users or roles that run the admin CLI (kpi --aws-profile)',
    });
    new CfnOutput(this, 'ConsoleUrl', {
      value: `${publicUrl}/console`,
      description: 'The manager console (sign in with a user of the ConsoleUserPoolId pool)',
    });
    new CfnOutput(this, 'ConsoleUserPoolId', {
      value: this.consoleAuth.userPool.userPoolId,
      description: 'Add managers here (kpi-admin, or kpi-viewer + kpi-region-<region>); README "Console"',
    });
    new CfnOutput(this, 'ConsoleLoginDomain', { value: this.consoleAuth.domain.baseUrl() });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'ScoringDeadLetterQueueUrl', { value: this.queues.scoringDeadLetters.queueUrl });
    new CfnOutput(this, 'ScoringDeadLetterQueueArn', {
      value: this.queues.scoringDeadLetters.queueArn,
      description:
        'aws sqs start-message-move-task --source-arn <this> moves parked engineers back for scoring',
    });
  }
}

/** The cdk-nag findings every project function carries, each with the reason it is accepted. */
function acknowledgeFunctionFindings(fn: ProjectFunction): void {
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'nodejs24.x is the runtime this project targets (Node 20 APIs only, so the Node 20 machines test the same code); moving to a newer one is a deliberate upgrade.',
  });
}
