// Repository: what the month overview shows of a month's stored cards — each engineer's latest card at a glance
// (shared/domain/cardAtAGlance.ts: the six points, total, flags and the counts behind the evidence progress) —
// read from the month's list of cards (gsi2 `SCORECARDS#<month>`), never re-scored.
// Apart from scoreCards.ts so that the console's bundle needs no classic zod (the full card's schema uses it).
import { type CardAtAGlance, cardAtAGlance, cardAtAGlanceSchema } from '../domain/cardAtAGlance.ts';
import { INDICATOR_KEYS } from '../rubric/indicators.ts';
import * as z from '../schema.ts';
import { batchGet, fromItem, queryAll, type Storage } from './client.ts';
import { INDEX, keys } from './keys.ts';

/** The paths of a stored card a glance is made from, for cards stored before their glance was. */
const glanceSourceSchema = z.object({
  engineerId: z.string(),
  card: z.object({
    total: z.number(),
    maxTotal: z.number(),
    indicators: z.array(
      z.object({
        key: z.enum(INDICATOR_KEYS),
        points: z.number(),
        flags: z.array(z.string()),
        /** Only what the evidence progress counts: dailyReport's workdays and missed, followUp's grid. */
        measured: z.optional(
          z.object({
            workdays: z.optional(z.number()),
            missed: z.optional(z.number()),
            projects: z.optional(z.array(z.object({ cells: z.array(z.string()) }))),
          }),
        ),
      }),
    ),
  }),
});

const GLANCE_SOURCE_PROJECTION = [
  'engineerId',
  'card.#total',
  'card.maxTotal',
  ...INDICATOR_KEYS.flatMap((_, i) => [
    `card.indicators[${i}].#key`,
    `card.indicators[${i}].points`,
    `card.indicators[${i}].flags`,
    // Paths an indicator does not have are left out of the item: each reads what it has.
    `card.indicators[${i}].measured.workdays`,
    `card.indicators[${i}].measured.missed`,
    `card.indicators[${i}].measured.projects`,
  ]),
].join(', ');

const glancedSchema = z.object({
  engineerId: z.string(),
  revision: z.number(),
  createdAt: z.string(),
});

export interface CardSummary {
  engineerId: string;
  revision: number;
  createdAt: string;
  glance: CardAtAGlance;
}

/**
 * The latest card of every engineer of `month` at a glance (gsi2 `SCORECARDS#<month>`, paged, projected to the
 * glance stored with each card): stored results only, never a re-score. The pages are those of the whole cards
 * (DynamoDB pages before projecting); the projection saves the transfer and the parsing of the evidence. A card
 * stored before its glance was gets it derived from its stored paths (one BatchGetItem per 100 such cards).
 */
export async function listCardSummariesOfMonth(storage: Storage, month: string): Promise<CardSummary[]> {
  const items = await queryAll(storage, {
    IndexName: INDEX.byMonth,
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': keys.monthList('SCORECARDS', month) },
    ProjectionExpression: 'engineerId, revision, createdAt, atAGlance',
  });
  // The glance is storage's own attribute (keys.ts ATTR), which fromItem strips: parsed on its own.
  const read = items.map(({ atAGlance, ...rest }) => ({
    ...fromItem(glancedSchema, rest),
    atAGlance:
      atAGlance === undefined
        ? undefined
        : fromItem(cardAtAGlanceSchema, atAGlance as Record<string, unknown>),
  }));
  const older = read.filter((c) => c.atAGlance === undefined);
  const derived = new Map<string, CardAtAGlance>();
  if (older.length > 0) {
    const sources = await batchGet(
      storage,
      older.map((c) => keys.scoreCardLatest(c.engineerId, month)),
      { expression: GLANCE_SOURCE_PROJECTION, names: { '#key': 'key', '#total': 'total' } },
    );
    for (const source of sources.map((i) => fromItem(glanceSourceSchema, i))) {
      derived.set(source.engineerId, cardAtAGlance(source.card));
    }
  }
  return read.flatMap(({ engineerId, revision, createdAt, atAGlance }) => {
    const glance = atAGlance ?? derived.get(engineerId);
    // Only a card deleted between the two reads has neither.
    return glance ? [{ engineerId, revision, createdAt, glance }] : [];
  });
}
