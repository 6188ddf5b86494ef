// An answer with a low rating is stored together with its waiting low-score alert, in one transaction: the
// alert names the answer's revision and carries the answer as given; an answer refused (stale form, a final
// month) leaves neither; an alert that cannot be written keeps the answer out too; concurrent low answers are all kept, each
// with its own alert; a calm answer writes no alert.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ConflictError, MonthFinalError } from '../../../shared/errors.ts';
import { answerInvitation } from '../../../shared/forms/survey.ts';
import { keys } from '../../../shared/storage/keys.ts';
import {
  findPendingLowScoreAlert,
  listPendingLowScoreAlerts,
} from '../../../shared/storage/lowScoreAlerts.ts';
import { finalizeMonthRecord } from '../../../shared/storage/months.ts';
import { createInvitation, listSurveyResponseRevisions } from '../../../shared/storage/survey.ts';
import { uniqueId, useDynamoDb } from '../../support/dynamo.ts';

const db = useDynamoDb();
const NOW = new Date('2026-10-20T03:00:00.000Z');
const low = { q1: 2, q2: 4 };
const calm = { q1: 4, q2: 5 };

async function invitation() {
  const { invitation } = await createInvitation(db.storage, {
    month: '2026-10',
    respondentId: uniqueId('r'),
    engineerId: uniqueId('e'),
    expiresAt: '2026-11-05T15:59:59.000Z',
    now: NOW,
  });
  return invitation;
}

const answer = (ratings: Record<string, number>, comment = '', expectedRevision?: number) => ({
  ratings,
  comment,
  ...(expectedRevision === undefined ? {} : { expectedRevision }),
});

describe('an answer with a low rating and its alert', () => {
  it('stores the revision and its waiting alert with the answer as given; a calm answer waits for nothing', async () => {
    const inv = await invitation();
    const first = await answerInvitation(db.storage, {
      invitationId: inv.id,
      answer: answer(calm, 'fine'),
      now: NOW,
      raisesAlert: false,
    });
    expect(first.revision).toBe(1);
    const second = await answerInvitation(db.storage, {
      invitationId: inv.id,
      answer: answer(low, 'slow', 1),
      now: new Date(NOW.getTime() + 60_000),
      raisesAlert: true,
    });
    expect(second).toMatchObject({ revision: 2, ratings: low, comment: 'slow', engineerId: inv.engineerId });
    expect(await listSurveyResponseRevisions(db.storage, inv)).toHaveLength(2);
    expect(await findPendingLowScoreAlert(db.storage, keys.pendingLowScoreAlert(inv.id, 1))).toBeUndefined();
    expect(await findPendingLowScoreAlert(db.storage, keys.pendingLowScoreAlert(inv.id, 2))).toEqual(second);
  });

  it('writes neither the answer nor the alert when the form was stale', async () => {
    const inv = await invitation();
    await answerInvitation(db.storage, { invitationId: inv.id, answer: answer(calm), now: NOW });
    const stale = answerInvitation(db.storage, {
      invitationId: inv.id,
      answer: answer(low, 'from an old tab', 0),
      now: NOW,
      raisesAlert: true,
    });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    expect(await listSurveyResponseRevisions(db.storage, inv)).toHaveLength(1);
    expect(await findPendingLowScoreAlert(db.storage, keys.pendingLowScoreAlert(inv.id, 2))).toBeUndefined();
  });

  it('keeps the answer out when its alert cannot be written', async () => {
    const inv = await invitation();
    // Something already holds the alert's key: the alert's put fails, so the whole write does.
    await db.storage.doc.send(
      new PutCommand({
        TableName: db.storage.tableName,
        Item: { ...keys.pendingLowScoreAlert(inv.id, 1), type: 'Blocker' },
      }),
    );
    const blocked = answerInvitation(db.storage, {
      invitationId: inv.id,
      answer: answer(low),
      now: NOW,
      raisesAlert: true,
    });
    await expect(blocked).rejects.toBeInstanceOf(ConflictError);
    expect(await listSurveyResponseRevisions(db.storage, inv)).toEqual([]);
  });

  it('of a final month is refused with MonthFinalError, leaving the answer and the alert out', async () => {
    const storage = await db.freshStorage();
    const { invitation: inv } = await createInvitation(storage, {
      month: '2026-10',
      respondentId: uniqueId('r'),
      engineerId: uniqueId('e'),
      expiresAt: '2026-11-15T15:59:59.000Z',
      now: NOW,
    });
    await answerInvitation(storage, { invitationId: inv.id, answer: answer(calm, 'first'), now: NOW });
    await finalizeMonthRecord(
      storage,
      '2026-10',
      { actor: 'hr', at: new Date('2026-11-10T01:00:00Z'), timezone: 'Asia/Shanghai' },
      undefined,
    );
    const refused = answerInvitation(storage, {
      invitationId: inv.id,
      answer: answer(low, 'too late', 1),
      now: new Date('2026-11-11T01:00:00Z'),
      raisesAlert: true,
    });
    await expect(refused).rejects.toBeInstanceOf(MonthFinalError);
    await expect(refused).rejects.toThrow('2026-10 is final since 2026-11-10 09:00 (Asia/Shanghai)');
    expect((await listSurveyResponseRevisions(storage, inv)).map((r) => r.comment)).toEqual(['first']);
    expect(await listPendingLowScoreAlerts(storage)).toEqual([]);
  });

  it('keeps every one of concurrent low answers, each with its own alert', async () => {
    const storage = await db.freshStorage();
    const { invitation: inv } = await createInvitation(storage, {
      month: '2026-10',
      respondentId: uniqueId('r'),
      engineerId: uniqueId('e'),
      expiresAt: '2026-11-05T15:59:59.000Z',
      now: NOW,
    });
    const saved = await Promise.all(
      [1, 2, 3].map((n) =>
        answerInvitation(storage, {
          invitationId: inv.id,
          answer: answer(low, `answer ${n}`),
          now: NOW,
          raisesAlert: true,
        }),
      ),
    );
    expect(saved.map((r) => r.revision).sort()).toEqual([1, 2, 3]);
    expect(await listSurveyResponseRevisions(storage, inv)).toHaveLength(3);
    const waiting = await listPendingLowScoreAlerts(storage);
    expect(waiting).toHaveLength(3);
    for (const response of saved) {
      expect(
        await findPendingLowScoreAlert(storage, keys.pendingLowScoreAlert(inv.id, response.revision)),
      ).toEqual(response);
    }
  });
});
