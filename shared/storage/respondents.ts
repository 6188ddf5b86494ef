// Repository: respondents (regional sales managers and customer contacts), listed through gsi1.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Respondent, respondentSchema } from '../domain/respondent.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { batchPut, conditional, fromItem, queryAll, type Storage } from './client.ts';
import { ENTITY, INDEX, keys } from './keys.ts';

function respondentItem(respondent: Respondent): Record<string, unknown> {
  return {
    ...keys.respondent(respondent.id),
    type: ENTITY.respondent,
    gsi1pk: keys.respondentsCollection,
    gsi1sk: respondent.id,
    ...respondent,
  };
}

export async function findRespondent(
  storage: Storage,
  respondentId: string,
): Promise<Respondent | undefined> {
  const out = await storage.doc.send(
    new GetCommand({
      TableName: storage.tableName,
      Key: keys.respondent(respondentId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromItem(respondentSchema, out.Item) : undefined;
}

export async function getRespondent(storage: Storage, respondentId: string): Promise<Respondent> {
  const respondent = await findRespondent(storage, respondentId);
  if (!respondent) throw new NotFoundError(`no respondent with id ${respondentId}`);
  return respondent;
}

/** Adds a respondent, or with `replace` overwrites the one with the same id. */
export async function putRespondent(
  storage: Storage,
  respondent: Respondent,
  options: { replace?: boolean } = {},
): Promise<void> {
  await conditional(
    () =>
      storage.doc.send(
        new PutCommand({
          TableName: storage.tableName,
          Item: respondentItem(respondent),
          ...(options.replace ? {} : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      ),
    () => new ConflictError(`a respondent with id ${respondent.id} already exists`),
  );
}

export async function putRespondents(storage: Storage, respondents: Respondent[]): Promise<void> {
  await batchPut(storage, respondents.map(respondentItem));
}

export async function listRespondents(storage: Storage): Promise<Respondent[]> {
  const items = await queryAll(storage, {
    IndexName: INDEX.byCollection,
    KeyConditionExpression: 'gsi1pk = :c',
    ExpressionAttributeValues: { ':c': keys.respondentsCollection },
  });
  return items.map((i) => fromItem(respondentSchema, i));
}
