// Sending failures as the pipeline sees them (faults injected into the SES client): throttling and an
// unreachable endpoint are RetryableError; a rejected message is not; a bad email never reaches SES.
import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { RetryableError, ValidationError } from '#shared/errors.ts';
import { sendEmail } from '#shared/mail/send.ts';
import { sesTookNothing } from '#shared/mail/ses.ts';
import { config } from './fixtures.ts';

const email = { to: ['someone@example.com'], subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' };
const client = new SESv2Client({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const ses = mockClient(client);

afterEach(() => {
  ses.reset();
});

describe('sending', () => {
  it('turns SES throttling into a RetryableError that keeps the cause', async () => {
    const throttled = new TooManyRequestsException({
      message: 'Maximum sending rate exceeded.',
      $metadata: {},
    });
    ses.on(SendEmailCommand).rejects(throttled);
    const error = await sendEmail(email, config, { client }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).cause).toBe(throttled);
    expect((error as RetryableError).status).toBe(503);
  });

  it('turns an unreachable endpoint and SES-side 5xx into a RetryableError', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
    await expect(sendEmail(email, config, { client })).rejects.toBeInstanceOf(RetryableError);
    ses
      .on(SendEmailCommand)
      .rejects(
        Object.assign(new Error('oops'), { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }),
      );
    await expect(sendEmail(email, config, { client })).rejects.toBeInstanceOf(RetryableError);
  });

  it('lets a rejected message through as it is: retrying would not help', async () => {
    const rejected = new MessageRejected({ message: 'Email address is not verified.', $metadata: {} });
    ses.on(SendEmailCommand).rejects(rejected);
    await expect(sendEmail(email, config, { client })).rejects.toBe(rejected);
  });

  it('sends an email without attachments as simple content from the configured sender with the configuration set', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const result = await sendEmail(
      { ...email, cc: ['Boss@Example.com'] },
      { from: 'KPI 考核 <kpi@example.com>', configurationSetName: 'kpi-events' },
      { client },
    );
    expect(result.messageId).toBe('m-1');
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    // The display name travels in SES's field, encoded as SES requires for non-ASCII names.
    expect(input.FromEmailAddress).toBe(
      `=?UTF-8?B?${Buffer.from('KPI 考核').toString('base64')}?= <kpi@example.com>`,
    );
    expect(input.ConfigurationSetName).toBe('kpi-events');
    expect(input.Destination).toEqual({
      ToAddresses: ['someone@example.com'],
      CcAddresses: ['boss@example.com'],
    });
    expect(input.Content?.Raw).toBeUndefined();
    expect(input.Content?.Simple).toEqual({
      Subject: { Data: 'Hi', Charset: 'UTF-8' },
      Body: { Html: { Data: '<p>Hi</p>', Charset: 'UTF-8' }, Text: { Data: 'Hi', Charset: 'UTF-8' } },
    });
  });

  it('quotes an ASCII display name instead of encoding it', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await sendEmail(email, { from: 'KPI Team <kpi@example.com>' }, { client });
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.FromEmailAddress).toBe(
      '"KPI Team" <kpi@example.com>',
    );
  });

  it('sends attachments as SES simple-content attachments, with the outbox claim as message tag and header', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    const attachment = { filename: 'a.csv', contentType: 'text/csv', content: Buffer.from('a,b\n1,2\n') };
    const result = await sendEmail(
      { ...email, cc: ['Boss@Example.com'], attachments: [attachment] },
      { from: 'KPI 考核 <kpi@example.com>', configurationSetName: 'kpi-events' },
      { client, claimTag: 'WyJFTkcjZS0xIl0' },
    );
    expect(result.messageId).toBe('m-2');
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.ConfigurationSetName).toBe('kpi-events');
    expect(input.Destination).toEqual({
      ToAddresses: ['someone@example.com'],
      CcAddresses: ['boss@example.com'],
    });
    expect(input.Content?.Raw).toBeUndefined();
    expect(input.Content?.Simple?.Attachments).toEqual([
      {
        FileName: 'a.csv',
        ContentType: 'text/csv',
        ContentDisposition: 'ATTACHMENT',
        RawContent: attachment.content,
      },
    ]);
    // SES's sending events report the tag; the local stand-in keeps the header.
    expect(input.EmailTags).toEqual([{ Name: 'kpi-claim', Value: 'WyJFTkcjZS0xIl0' }]);
    expect(input.Content?.Simple?.Headers).toEqual([{ Name: 'X-Kpi-Claim', Value: 'WyJFTkcjZS0xIl0' }]);
  });

  it('refuses an email without a recipient or with a bad address before calling SES', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const error = await sendEmail({ ...email, to: ['not-an-address'] }, config, { client }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      { path: 'to[0]', message: 'expected an email address' },
    ]);
    await expect(sendEmail({ ...email, to: [] }, config, { client })).rejects.toBeInstanceOf(ValidationError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('tells a refusal SES answered (nothing taken) from a lost answer (SES may have the email)', () => {
    const answered = (status: number) =>
      Object.assign(new Error('x'), { $metadata: { httpStatusCode: status } });
    expect(sesTookNothing(answered(429))).toBe(true);
    expect(sesTookNothing(new MessageRejected({ message: 'no', $metadata: { httpStatusCode: 400 } }))).toBe(
      true,
    );
    expect(sesTookNothing(new RetryableError('later', { cause: answered(429) }))).toBe(true);
    expect(sesTookNothing(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(sesTookNothing(new ValidationError([{ path: 'to', message: 'x' }]))).toBe(true);
    expect(sesTookNothing(answered(500))).toBe(false);
    expect(sesTookNothing(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(false);
    expect(sesTookNothing(Object.assign(new Error('slow'), { name: 'TimeoutError' }))).toBe(false);
    expect(sesTookNothing(new RetryableError('later', { cause: answered(503) }))).toBe(false);
  });
});
