// The deployment settings (cdk.json / -c): defaults, refusals that name the key, the SES-derived concurrency
// cap, and the schedule built from them — without bundling any function.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { ScheduledJobRun } from '../../infra/constructs/schedules.ts';
import { readDeployContext, scoringWorkerConcurrency } from '../../infra/context.ts';
import { CDK_JSON_CONTEXT } from './support.ts';

const read = (context: Record<string, unknown>) => readDeployContext(new App({ context }).node);
const required = { senderAddress: 'kpi@corp.example', departmentManagerAddress: 'boss@corp.example' };

describe('deploy context', () => {
  it('defaults to Asia/Shanghai and the 25th / 28th / 3rd at 09:00', () => {
    const ctx = read(required);
    expect(ctx.timeZone).toBe('Asia/Shanghai');
    expect(ctx.invitationsSchedule).toEqual({ day: 25, hour: 9, minute: 0 });
    expect(ctx.reminderSchedule).toEqual({ day: 28, hour: 9, minute: 0 });
    expect(ctx.scoringSchedule).toEqual({ day: 3, hour: 9, minute: 0 });
    expect(ctx.linkKeyParameterName).toBe('/presales-kpi/link-key');
  });

  it('reads cdk.json as shipped', () => {
    expect(() => read(CDK_JSON_CONTEXT)).not.toThrow();
  });

  it('takes -c values, which arrive as strings', () => {
    const ctx = read({
      ...required,
      timeZone: 'Europe/Berlin',
      sesMaxSendRate: '14',
      createSesIdentity: 'false',
      scoringSchedule: '4 07:30',
      logRetentionDays: '30',
    });
    expect(ctx).toMatchObject({
      timeZone: 'Europe/Berlin',
      sesMaxSendRate: 14,
      createSesIdentity: false,
      scoringSchedule: { day: 4, hour: 7, minute: 30 },
      logRetentionDays: 30,
    });
  });

  it('lists the sandbox recipients given comma-separated, none by default', () => {
    expect(read(required).sesSandboxRecipients).toEqual([]);
    expect(
      read({ ...required, sesSandboxRecipients: 'a@corp.example, corp.example' }).sesSandboxRecipients,
    ).toEqual(['a@corp.example', 'corp.example']);
    expect(() => read({ ...required, sesSandboxRecipients: 'not an address' })).toThrow(
      /sesSandboxRecipients/,
    );
  });

  it('refuses bad values, naming each key and the reason', () => {
    let message = '';
    try {
      read({
        senderAddress: 'not-an-address',
        departmentManagerAddress: 'boss@corp.example',
        timeZone: 'Mars/Olympus',
        invitationsSchedule: '31 09:00',
        logRetentionDays: 42,
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('context senderAddress: expected an email address');
    expect(message).toContain('context timeZone: unknown IANA time zone');
    expect(message).toContain('context invitationsSchedule: day must be 1–28');
    expect(message).toContain('context logRetentionDays: expected one of');
  });

  it('requires the sender and the department manager addresses', () => {
    expect(() => read({})).toThrow(/senderAddress[\s\S]*departmentManagerAddress/);
  });
});

describe('scoring worker concurrency', () => {
  it('keeps the workers within the SES send rate', () => {
    expect(scoringWorkerConcurrency({ sesMaxSendRate: 50, workerEmailsPerSecond: 5 })).toBe(10);
    expect(scoringWorkerConcurrency({ sesMaxSendRate: 14, workerEmailsPerSecond: 5 })).toBe(2);
  });

  it('stays within what SQS event sources accept (2 to 1000)', () => {
    expect(scoringWorkerConcurrency({ sesMaxSendRate: 1, workerEmailsPerSecond: 5 })).toBe(2);
    expect(scoringWorkerConcurrency({ sesMaxSendRate: 100_000, workerEmailsPerSecond: 1 })).toBe(1000);
  });
});

describe('a scheduled job', () => {
  it('fires at the context day and local time in the context time zone', () => {
    const app = new App({
      context: { ...required, timeZone: 'Europe/Berlin', reminderSchedule: '27 18:30' },
    });
    const ctx = readDeployContext(app.node);
    const stack = new Stack(app, 'S');
    const target = new LambdaFunction(stack, 'Fn', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => {};'),
    });
    new ScheduledJobRun(stack, 'Reminder', {
      job: 'reminder',
      when: ctx.reminderSchedule,
      timeZone: ctx.timeZone,
      target,
      deadLetterQueue: new Queue(stack, 'Dlq'),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 18 27 * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
    });
  });
});
