// The survey form's way of sending (SES v2 simple content with one signed request, no SES client) as SES sees
// it: SigV4 for `ses` in the SES region (recomputed by a local server), the SendEmail body, SES's refusals named
// and not retried, throttling tried again and then RetryableError; and into the stand-in, read back like others.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RetryableError, ValidationError } from '#shared/errors.ts';
import { sendSimpleEmailSigned } from '#shared/mail/signedSend.ts';
import { emailsTo, useSesLocal } from '../../support/ses.ts';
import { readBody, verifySigV4 } from '../../support/sigv4.ts';

const REGION = 'ap-southeast-1';
const CREDENTIALS = {
  accessKeyId: 'AKIDSESTEST',
  secretAccessKey: 'ses-test-secret',
  sessionToken: 'fn-role',
};
const email = { to: ['Carol@Example.com'], subject: '低分提醒', html: '<p>低分</p>', text: '低分' };
const sender = { from: 'KPI 考核 <kpi@example.com>', configurationSetName: 'kpi-events' };

let script: Array<(res: ServerResponse) => void> = [];
const requests: Array<{ method: string; path: string; body: unknown; verified: boolean }> = [];
let server: Server;
let endpoint: string;
const stack = useSesLocal();

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    const verified = await verifySigV4(req, body, {
      credentials: CREDENTIALS,
      region: REGION,
      service: 'ses',
    });
    requests.push({ method: req.method!, path: req.url!, body: JSON.parse(body), verified });
    const next = script.shift();
    if (!verified) {
      res
        .writeHead(403, { 'x-amzn-errortype': 'SignatureDoesNotMatch:http://internal.amazon.com/' })
        .end('{}');
    } else if (next) {
      next(res);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"MessageId":"m-signed"}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  requests.length = 0;
  script = [];
});

const send = (credentials = CREDENTIALS) =>
  sendSimpleEmailSigned(email, sender, { region: REGION, endpoint, credentials });

const refuse = (status: number, name: string, message: string) => (res: ServerResponse) =>
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'x-amzn-errortype': `${name}:http://internal.amazon.com/`,
    })
    .end(JSON.stringify({ message }));

describe('sending simple content with a signed request', () => {
  it('is one signed SendEmail with the sender, both lists, the configuration set and both parts', async () => {
    expect(await send()).toEqual({ messageId: 'm-signed' });
    expect(requests).toEqual([
      {
        method: 'POST',
        path: '/v2/email/outbound-emails',
        verified: true,
        body: {
          FromEmailAddress: `=?UTF-8?B?${Buffer.from('KPI 考核').toString('base64')}?= <kpi@example.com>`,
          Destination: { ToAddresses: ['carol@example.com'], CcAddresses: [] },
          Content: {
            Simple: {
              Subject: { Data: '低分提醒', Charset: 'UTF-8' },
              Body: {
                Html: { Data: '<p>低分</p>', Charset: 'UTF-8' },
                Text: { Data: '低分', Charset: 'UTF-8' },
              },
            },
          },
          ConfigurationSetName: 'kpi-events',
        },
      },
    ]);
  });

  it('throws a rejected message as SES named it, without trying again', async () => {
    script = [refuse(400, 'MessageRejected', 'Email address is not verified.')];
    const error = await send().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MessageRejected', message: 'Email address is not verified.' });
    expect(error).not.toBeInstanceOf(RetryableError);
    expect(requests).toHaveLength(1);
  });

  it('tries throttling again, and gives a RetryableError keeping the cause when it persists', async () => {
    script = [refuse(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.')];
    expect(await send()).toEqual({ messageId: 'm-signed' });
    expect(requests).toHaveLength(2);

    requests.length = 0;
    script = [1, 2, 3].map(() => refuse(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.'));
    const error = await send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).cause).toMatchObject({ name: 'TooManyRequestsException' });
    expect(requests).toHaveLength(3);
  });

  it('is refused when signed with other credentials, and refuses attachments before sending', async () => {
    const error = await send({ ...CREDENTIALS, secretAccessKey: 'wrong' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SignatureDoesNotMatch' });
    const attachment = { filename: 'a.csv', contentType: 'text/csv', content: Buffer.from('x') };
    await expect(
      sendSimpleEmailSigned({ ...email, attachments: [attachment] }, sender, { region: REGION, endpoint }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(requests.map((r) => r.verified)).toEqual([false]);
  });

  it('lands in the stand-in like a client-sent email', async () => {
    const to = `signed-${Math.random().toString(36).slice(2, 10)}@example.com`;
    const { messageId } = await sendSimpleEmailSigned({ ...email, to: [to] }, sender, {
      region: REGION,
      endpoint: stack.ses.url,
    });
    const [sent] = await emailsTo(stack.ses.url, to);
    expect(sent).toEqual({
      messageId,
      from: 'kpi@example.com',
      to: [to],
      cc: [],
      subject: '低分提醒',
      html: '<p>低分</p>',
      text: '低分',
      attachments: [],
    });
  });
});
