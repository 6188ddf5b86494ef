// The outbox as it runs on AWS: no store to look into, so a send whose answer was lost stays in doubt — never
// guessed, however long — until SES's own "Email Sent"/"Email Delivered" event, carrying the email's claim tag,
// reaches the SendEvents function and confirms it. Emails really go through the SES v2 stand-in; the tag
// comes from what the stand-in received.
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/send-events/handler.ts';
import { ValidationError } from '../../../shared/errors.ts';
import { mailConfig } from '../../../shared/mail/config.ts';
import { sendEmail } from '../../../shared/mail/send.ts';
import { CLAIM_HEADER, type OutgoingEmail } from '../../../shared/mail/ses.ts';
import {
  deliverOnce,
  IN_FLIGHT_MS,
  noEvidence,
  type OutboxContext,
  type OutboxEmail,
} from '../../../shared/outbox/outbox.ts';
import { readOutboxClaim } from '../../../shared/storage/outbox.ts';
import { useSesLocal } from '../../support/ses.ts';
import { uniqueId, useStack } from '../../support/stack.ts';

const sesHarness = useSesLocal();
const stack = useStack();
const mail = mailConfig({ from: 'KPI <kpi@example.com>' });

let to: string;
beforeAll(() => {
  to = `${uniqueId('eng')}@example.com`;
});

/** An outbox on AWS: SES through the stand-in; `loseAnswer` drops SES's answer after SES took the email. */
function awsOutbox(now: () => Date, loseAnswer = false): OutboxContext {
  return {
    storage: stack.storage,
    now,
    evidence: noEvidence,
    send: async (email, options) => {
      const answer = await sendEmail(email, mail, { client: sesHarness.client, ...options });
      if (loseAnswer) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return answer;
    },
  };
}

function reportEmail(id: string): OutboxEmail {
  const email: OutgoingEmail = { to: [to], subject: `Report ${id}`, html: '<p>r</p>', text: 'r' };
  return {
    key: { pk: `ENG#${id}`, sk: 'M#2026-10#EMAILED#000001' },
    type: 'ScoreCardEmailed',
    label: `report of ${id} 2026-10 r1`,
    render: async () => email,
  };
}

/** The "Email Sent" event SES publishes for the stand-in's email with this subject (its claim tag included). */
async function sentEventFor(subject: string): Promise<Record<string, unknown>> {
  const store = (await (await fetch(`${sesHarness.ses.url}/store`)).json()) as {
    emails: Array<{ messageId: string; subject: string; headers?: Array<{ name: string; value: string }> }>;
  };
  const email = store.emails.find((e) => e.subject === subject)!;
  const tag = email.headers!.find((h) => h.name === CLAIM_HEADER)!.value;
  return {
    version: '0',
    source: 'aws.ses',
    'detail-type': 'Email Sent',
    detail: {
      eventType: 'Send',
      mail: {
        messageId: email.messageId,
        tags: { 'ses:configuration-set': ['presales-kpi'], 'kpi-claim': [tag] },
      },
      send: {},
    },
  };
}

const sentTo = async () =>
  (
    (await (await fetch(`${sesHarness.ses.url}/store`)).json()) as {
      emails: Array<{ destination: { to: string[] } }>;
    }
  ).emails.filter((e) => e.destination.to.includes(to)).length;

describe('a send whose answer was lost, on AWS', () => {
  it('stays in doubt without evidence, is confirmed by the SES event, and is never sent twice', async () => {
    const id = uniqueId('e');
    const email = reportEmail(id);
    const start = Date.now();
    const first = await deliverOnce(
      awsOutbox(() => new Date(start), true),
      email,
    );
    expect(first).toMatchObject({ state: 'in-doubt', label: `report of ${id} 2026-10 r1` });
    expect((await readOutboxClaim(stack.storage, email.key))?.state).toBe('sending');

    // Hours later, still no event: still in doubt. Nothing is resent on a guess.
    const hoursLater = () => new Date(start + IN_FLIGHT_MS * 50);
    expect(await deliverOnce(awsOutbox(hoursLater), email)).toMatchObject({ state: 'in-doubt' });
    const before = await sentTo();

    expect(await handler(await sentEventFor(`Report ${id}`))).toEqual({ outcome: 'confirmed' });
    const record = await readOutboxClaim(stack.storage, email.key);
    expect(record).toMatchObject({ state: 'sent', confirmedBy: 'evidence' });
    expect(await deliverOnce(awsOutbox(hoursLater), email)).toEqual({ state: 'already', by: 'evidence' });
    // A repeated or later event (Delivery after Send) confirms again, harmlessly.
    expect(await handler(await sentEventFor(`Report ${id}`))).toEqual({ outcome: 'confirmed' });
    expect(await sentTo()).toBe(before);
  });

  it('leaves an email that is not ours alone, and refuses a malformed event naming the field', async () => {
    const event = await (async () => {
      const id = uniqueId('e');
      await deliverOnce(
        awsOutbox(() => new Date()),
        reportEmail(id),
      );
      return sentEventFor(`Report ${id}`);
    })();
    const detail = event.detail as { mail: { tags: Record<string, string[]>; messageId?: string } };
    const untagged = { ...event, detail: { ...detail, mail: { ...detail.mail, tags: {} } } };
    expect(await handler(untagged)).toEqual({ outcome: 'not-ours' });
    const foreign = {
      ...event,
      detail: { ...detail, mail: { ...detail.mail, tags: { 'kpi-claim': ['bm90LW91cnM'] } } },
    };
    expect(await handler(foreign)).toEqual({ outcome: 'not-ours' });

    const malformed = { ...event, detail: { ...detail, mail: { tags: detail.mail.tags } } };
    const error = await handler(malformed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.path)).toEqual(['detail.mail.messageId']);
  });

  it('gives the claim back when SES refused the email (throttled), so the next attempt sends it once', async () => {
    const id = uniqueId('e');
    const email = reportEmail(id);
    const throttled: OutboxContext = {
      ...awsOutbox(() => new Date()),
      send: async () => {
        throw Object.assign(new Error('Maximum sending rate exceeded.'), {
          name: 'TooManyRequestsException',
          $metadata: { httpStatusCode: 429 },
        });
      },
    };
    await expect(deliverOnce(throttled, email)).rejects.toThrow(/Maximum sending rate/);
    expect(await readOutboxClaim(stack.storage, email.key)).toBeUndefined();
    expect(
      await deliverOnce(
        awsOutbox(() => new Date()),
        email,
      ),
    ).toMatchObject({ state: 'sent' });
    expect(
      await deliverOnce(
        awsOutbox(() => new Date()),
        email,
      ),
    ).toEqual({ state: 'already', by: 'answer' });
  });
});
