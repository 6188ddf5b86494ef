// The pipeline's Lambda handlers with the events AWS gives them: the scoring worker's SQS batch (partial batch
// failures; a record on its last receive recorded as parked and named in the summary), the scheduled invitations
// run (month from the scheduled time in the organisation's zone), and the SQS adapter resending refused entries.
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as invitationsHandler } from '../../../functions/invitations/handler.ts';
import { handler as workerHandler } from '../../../functions/scoring-worker/handler.ts';
import { dispatchMonth } from '../../../shared/pipeline/dispatch.ts';
import { monthOfRun, parseJobEvent, sqsScoringQueue } from '../../../shared/pipeline/lambda.ts';
import type { ScoringMessage } from '../../../shared/pipeline/scoring.ts';
import { listRunOutcomes } from '../../../shared/storage/runs.ts';
import { readSentEmails, useSesLocal } from '../../support/ses.ts';
import { uniqueId, useStack } from '../../support/stack.ts';
import { scoringContext, testContext, testMonth } from './support.ts';

const sesHarness = useSesLocal();
beforeAll(() => {
  process.env.SES_ENDPOINT = sesHarness.ses.url;
});
const stack = useStack();

function record(body: string, receiveCount: number): SQSRecord {
  const messageId = uniqueId('msg');
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:scoring',
    awsRegion: 'us-east-1',
  };
}

const context = { functionName: 'scoring-worker', awsRequestId: 'test' } as Context;

describe('the pipeline on Lambda', () => {
  it('scores a batch, reports only the failed records, parks one on its last receive and names it', async () => {
    const month = testMonth();
    const good = await stack.engineer({ language: 'en' });
    await stack.engineer({ active: false });
    // A run whose set holds the good engineer and one whose record cannot be processed.
    const queued: ScoringMessage[] = [];
    // Dispatched once the month's evidence has closed.
    const ctx = scoringContext(stack.storage, sesHarness.client, stack.url, month);
    const run = await dispatchMonth(ctx, { month }, { send: async (m) => void queued.push(...m) });
    expect(run.engineerIds).toEqual([good.id]);
    const ghost = { ...queued[0]!, engineerId: uniqueId('gone') };
    // The ghost belongs to this run's set, as an engineer deleted after dispatch would.
    await stack.storage.doc.send(
      new PutCommand({
        TableName: stack.storage.tableName,
        Item: {
          pk: `RUN#${month}`,
          sk: 'DISPATCH',
          type: 'RunDispatch',
          runId: run.runId,
          month,
          engineerIds: [good.id, ghost.engineerId],
          email: true,
          dispatchedAt: new Date().toISOString(),
        },
      }),
    );
    const records = [
      record(JSON.stringify(queued[0]), 1),
      record('{"month":"2026-13"}', 1),
      record(JSON.stringify(ghost), 5),
    ];
    const out = await workerHandler({ Records: records } as SQSEvent, context);
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [records[1]!.messageId, records[2]!.messageId].sort(),
    );
    const outcomes = await listRunOutcomes(stack.storage, month, run.runId);
    expect(outcomes.map((o) => [o.engineerId, o.status]).sort()).toEqual(
      [
        [good.id, 'done'],
        [ghost.engineerId, 'parked'],
      ].sort(),
    );
    const emails = await readSentEmails(sesHarness.ses.url);
    expect(emails.filter((e) => e.to.includes(good.email))).toHaveLength(1);
    const summary = emails.filter((e) => e.to.includes('manager@example.com'));
    expect(summary).toHaveLength(1);
    expect(summary[0]!.text).toContain(ghost.engineerId);
  });

  it('invites for the month the scheduled time falls in, in the organisation’s zone', async () => {
    const region = uniqueId('region');
    await stack.engineer({ region });
    const manager = await stack.respondent({ kind: 'regional-sales-manager', region, customer: undefined });
    // 2026-10-31T20:00Z is already 1 November in Shanghai.
    const out = await invitationsHandler({ job: 'invitations', scheduledTime: '2026-10-31T20:00:00Z' });
    expect(out).toMatchObject({ month: '2026-11', created: 1 });
    await expect(invitationsHandler({ job: 'invitations' })).rejects.toThrow(/invalid job event/);
    const sent = (await readSentEmails(sesHarness.ses.url)).filter((e) => e.to.includes(manager.email));
    expect(sent).toHaveLength(out.sent);
  });

  it('scores the month before the scheduled time’s month, in the organisation’s zone', async () => {
    const ctx = testContext(stack.storage, sesHarness.client, stack.url);
    // 3 November 09:00 in Shanghai is still 2 November in UTC: the month scored is October either way.
    const event = parseJobEvent({ job: 'monthlyScoring', scheduledTime: '2026-11-03T01:00:00Z' });
    expect(await monthOfRun(ctx, event, 'previous')).toBe('2026-10');
    // 1 December 07:00 in Shanghai is 30 November in UTC: the zone decides, so November is scored.
    const early = parseJobEvent({ job: 'monthlyScoring', scheduledTime: '2026-11-30T23:00:00Z' });
    expect(await monthOfRun(ctx, early, 'previous')).toBe('2026-11');
    expect(await monthOfRun(ctx, parseJobEvent({ month: '2026-07' }), 'previous')).toBe('2026-07');
  });

  it('sends every scoring message to SQS by ten, resending the entries SQS refused', async () => {
    const sqs = new SQSClient({ region: 'us-east-1' });
    const batches: string[][] = [];
    let refused = false;
    mockClient(sqs)
      .on(SendMessageBatchCommand)
      .callsFake(async (input: { Entries: Array<{ Id: string }> }) => {
        batches.push(input.Entries.map((e) => e.Id));
        // The first batch comes back with two entries refused.
        if (!refused) {
          refused = true;
          return {
            Successful: [],
            Failed: [
              { Id: '3', SenderFault: false, Code: 'InternalError' },
              { Id: '7', SenderFault: false, Code: 'InternalError' },
            ],
          };
        }
        return { Successful: input.Entries.map((e) => ({ Id: e.Id })), Failed: [] };
      });
    const messages = Array.from({ length: 23 }, (_, i) => ({
      month: '2026-10',
      engineerId: `e-${i}`,
      runId: 'r',
      email: true,
    }));
    await sqsScoringQueue(sqs, 'https://sqs.us-east-1.amazonaws.com/123456789012/scoring').send(messages);
    expect(batches.map((b) => b.length)).toEqual([10, 2, 10, 3]);
    expect(batches[1]).toEqual(['3', '7']);
  });
});
