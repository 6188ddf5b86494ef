// Repository: low-score alerts waiting to be sent. An answer revision with a low rating is stored together with
// one pending item (the same transaction, storage/survey.ts), so an answer never exists without its alert; the
// notifier sends the alert through the outbox and then deletes the pending item. The item carries the answer
// as it was, so the alert says what the respondent said even after a later edit.

import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { type SurveyResponse, surveyResponseSchema } from '../domain/survey.ts';
import * as z from '../schema.ts';
import { getItem, queryAll, type Storage } from './client.ts';
import { ENTITY, type Key, keys, PENDING_ALERTS_PARTITION } from './keys.ts';

const pendingSchema = z.strictObject({ response: surveyResponseSchema });

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The transaction item that records the alert of `response` as waiting (once per revision). */
export function pendingLowScoreAlertPut(storage: Storage, response: SurveyResponse): TransactItem {
  return {
    Put: {
      TableName: storage.tableName,
      Item: {
        ...keys.pendingLowScoreAlert(response.invitationId, response.revision),
        type: ENTITY.pendingLowScoreAlert,
        response,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The answer of a waiting alert; undefined when it has been sent (and deleted) already. */
export async function findPendingLowScoreAlert(
  storage: Storage,
  key: Key,
): Promise<SurveyResponse | undefined> {
  return (await getItem(storage, key, pendingSchema))?.response;
}

/** Every alert still waiting (the local notifier's poll; a handful at most). */
export async function listPendingLowScoreAlerts(storage: Storage): Promise<Key[]> {
  const items = await queryAll(storage, {
    KeyConditionExpression: 'pk = :p',
    ProjectionExpression: 'pk, sk',
    ExpressionAttributeValues: { ':p': PENDING_ALERTS_PARTITION },
  });
  return items.map((i) => ({ pk: String(i.pk), sk: String(i.sk) }));
}

/** Whether `key` names a waiting alert (what the notifier accepts from its stream). */
export function isPendingLowScoreAlertKey(key: Key): boolean {
  return key.pk === PENDING_ALERTS_PARTITION;
}

/** Removes a waiting alert once its email went out (idempotent). */
export async function dropPendingLowScoreAlert(storage: Storage, key: Key): Promise<void> {
  await storage.doc.send(new DeleteCommand({ TableName: storage.tableName, Key: key }));
}
