// Repository: score cards. Each stored card is a revision with a LATEST pointer beside it, written in one
// transaction, so a crash never leaves a revision without its pointer or the reverse. The once-only claims of
// their report emails are the outbox's (shared/storage/outbox.ts).
import { cardAtAGlance } from '../domain/cardAtAGlance.ts';
import { type Engineer, engineerSchema } from '../domain/engineer.ts';
import type { RevisionChanges } from '../domain/revision.ts';
import { type ScoreCardRecord, scoreCardRecordSchema } from '../domain/scoreCardRecord.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import {
  batchGet,
  fromItem,
  getItem,
  isoNow,
  listMonth,
  listPrefix,
  type Storage,
  transact,
} from './client.ts';
import { ENTITY, keys } from './keys.ts';

export function findLatestScoreCard(
  storage: Storage,
  engineerId: string,
  month: string,
): Promise<ScoreCardRecord | undefined> {
  return getItem(storage, keys.scoreCardLatest(engineerId, month), scoreCardRecordSchema);
}

/** One stored revision of an engineer-month's card (the one a report showed). */
export function findScoreCardRevision(
  storage: Storage,
  engineerId: string,
  month: string,
  revision: number,
): Promise<ScoreCardRecord | undefined> {
  return getItem(storage, keys.scoreCardRevision(engineerId, month, revision), scoreCardRecordSchema);
}

/**
 * Stores `card` as revision `previous + 1` (with what changed since `previous`, when given) and moves the
 * LATEST pointer to it, in one transaction conditioned on the pointer still being at `previous`
 * (ConflictError when another run got there first).
 */
export async function storeScoreCardRevision(
  storage: Storage,
  card: ScoreCard,
  previous: number,
  now: Date,
  changes?: RevisionChanges,
): Promise<ScoreCardRecord> {
  // Through JSON: the card is plain data, and undefined fields must not reach the marshaller.
  const record: ScoreCardRecord = {
    engineerId: card.engineerId,
    month: card.month,
    revision: previous + 1,
    card: JSON.parse(JSON.stringify(card)) as ScoreCard,
    createdAt: isoNow(now),
    ...(changes ? { changes: JSON.parse(JSON.stringify(changes)) as RevisionChanges } : {}),
  };
  await transact(
    storage,
    [
      {
        Put: {
          TableName: storage.tableName,
          Item: {
            ...keys.scoreCardRevision(card.engineerId, card.month, record.revision),
            type: ENTITY.scoreCard,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: storage.tableName,
          Item: latestScoreCardItem(record),
          ...(previous === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'revision = :previous',
                ExpressionAttributeValues: { ':previous': previous },
              }),
        },
      },
    ],
    () => new ConflictError(`the score card of ${card.engineerId} ${card.month} was stored concurrently`),
  );
  return record;
}

/** The LATEST item of a stored card: the record, on the month's list of cards, with the card at a glance. */
export function latestScoreCardItem(record: ScoreCardRecord): Record<string, unknown> {
  return {
    ...keys.scoreCardLatest(record.engineerId, record.month),
    type: ENTITY.scoreCardLatest,
    gsi2pk: keys.monthList('SCORECARDS', record.month),
    gsi2sk: record.engineerId,
    ...record,
    atAGlance: cardAtAGlance(record.card),
  };
}

/** Every revision of an engineer-month's card, oldest first. */
export function listScoreCardRevisions(
  storage: Storage,
  engineerId: string,
  month: string,
): Promise<ScoreCardRecord[]> {
  return listPrefix(
    storage,
    keys.engineerPartition(engineerId),
    keys.scoreCardRevisionPrefix(month),
    scoreCardRecordSchema,
  );
}

/** The latest cards of these engineer-months (those that exist). */
export async function latestScoreCards(
  storage: Storage,
  wanted: ReadonlyArray<{ engineerId: string; month: string }>,
): Promise<ScoreCardRecord[]> {
  const items = await batchGet(
    storage,
    wanted.map((w) => keys.scoreCardLatest(w.engineerId, w.month)),
  );
  return items.map((i) => fromItem(scoreCardRecordSchema, i));
}

/**
 * An engineer's profile and the latest cards of `months` (those that exist), in one strongly consistent
 * BatchGet; NotFoundError when there is no such engineer.
 */
export async function findEngineerWithCards(
  storage: Storage,
  engineerId: string,
  months: readonly string[],
): Promise<{ engineer: Engineer; cards: ScoreCardRecord[] }> {
  const items = await batchGet(storage, [
    keys.engineer(engineerId),
    ...months.map((m) => keys.scoreCardLatest(engineerId, m)),
  ]);
  const profile = items.find((i) => i.type === ENTITY.engineer);
  if (!profile) throw new NotFoundError(`no engineer with id ${engineerId}`);
  return {
    engineer: fromItem(engineerSchema, profile),
    cards: items
      .filter((i) => i.type === ENTITY.scoreCardLatest)
      .map((i) => fromItem(scoreCardRecordSchema, i)),
  };
}

/** Every latest card of `month`, whole (what the overview is measured against: the bare reads of the cards). */
export function listLatestScoreCardsOfMonth(storage: Storage, month: string): Promise<ScoreCardRecord[]> {
  return listMonth(storage, 'SCORECARDS', month, scoreCardRecordSchema);
}
