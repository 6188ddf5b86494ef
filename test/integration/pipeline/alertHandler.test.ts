// The LowScoreAlerts function as the pipe invokes it (a batch of stream records, keys only) and as an operator
// does (`{ "pending": true }`), on DynamoDB Local and the SES v2 stand-in: the alert goes to the manager once,
// a record repeated by the pipe sends nothing more, keys that are not waiting alerts are left alone, and an
// event of another shape is refused naming the field.
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/low-score-alert/handler.ts';
import { ValidationError } from '../../../shared/errors.ts';
import { keys } from '../../../shared/storage/keys.ts';
import { findPendingLowScoreAlert } from '../../../shared/storage/lowScoreAlerts.ts';
import { emailsTo, useSesLocal } from '../../support/ses.ts';
import { useStack } from '../../support/stack.ts';
import { answerSurvey } from './support.ts';

const MANAGER = 'manager@example.com';
const ses = useSesLocal();
beforeAll(() => {
  process.env.SES_ENDPOINT = ses.ses.url;
});
const stack = useStack();

/** The pipe's event: the stream record of the waiting alert's insert (KEYS_ONLY). */
const pipeEvent = (key: { pk: string; sk: string }) => [
  {
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: { Keys: { pk: { S: key.pk }, sk: { S: key.sk } }, StreamViewType: 'KEYS_ONLY' },
  },
];

const alertsAbout = async (name: string) =>
  (await emailsTo(ses.ses.url, MANAGER)).filter((e) => e.text.includes(name));

describe('the LowScoreAlerts function', () => {
  it('sends the alert of the record the pipe hands it, once even when the pipe hands it again', async () => {
    const { url, invitation, engineer } = await stack.surveyCase({ language: 'en' });
    expect(await answerSurvey(url, [2, 4, 4, 4, 4], 'late again')).toBe(200);
    const waiting = keys.pendingLowScoreAlert(invitation.id, 1);
    expect(await handler(pipeEvent(waiting) as never)).toEqual({ alerts: 1 });
    expect(await handler(pipeEvent(waiting) as never)).toEqual({ alerts: 1 });
    const alerts = await alertsAbout(engineer.name);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain('late again');
    expect(await findPendingLowScoreAlert(stack.storage, waiting)).toBeUndefined();
  });

  it('leaves alone a record that is not a waiting alert', async () => {
    const { invitation } = await stack.surveyCase({ language: 'en' });
    expect(await handler(pipeEvent(keys.invitation(invitation.id)) as never)).toEqual({ alerts: 0 });
  });

  it('sends every waiting alert on {"pending": true}', async () => {
    const { url, engineer } = await stack.surveyCase({ language: 'en' });
    expect(await answerSurvey(url, [1, 4, 4, 4, 4], 'left waiting')).toBe(200);
    await handler({ pending: true });
    expect(await alertsAbout(engineer.name)).toHaveLength(1);
    expect(await handler({ pending: true })).toEqual({ alerts: 0 });
  });

  it('refuses an event of another shape, naming the field', async () => {
    const refused = await handler([{ dynamodb: { Keys: { pk: { N: '1' } } } }] as never).catch((e) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).problems.map((p) => p.path)).toContain('[0].dynamodb.Keys.pk.S');
  });
});
