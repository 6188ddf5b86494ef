// Repository: what the month overview shows of a month's stored cards — the six points, total and flags of each
// engineer's latest card, and the counts behind its evidence progress (workdays and missed daily reports, the
// follow-up grid) — read from the month's list of cards (gsi2 `SCORECARDS#<month>`), never re-scored.
// Apart from scoreCards.ts so that the console's bundle needs no classic zod (the full card's schema uses it).
import { INDICATOR_KEYS } from '../rubric/indicators.ts';
import * as z from '../schema.ts';
import { fromItem, queryAll, type Storage } from './client.ts';
import { INDEX, keys } from './keys.ts';

/** What the month overview shows of a stored card: its points, total and flags, not the evidence behind them. */
export const cardSummarySchema = z.object({
  engineerId: z.string(),
  revision: z.number(),
  createdAt: z.string(),
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
export type CardSummary = z.output<typeof cardSummarySchema>;

const SUMMARY_PROJECTION = [
  'engineerId',
  'revision',
  'createdAt',
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

/**
 * The latest card of every engineer of `month` (gsi2 `SCORECARDS#<month>`, paged), projected to what the month
 * overview shows: stored results only, never a re-score. The pages are those of the whole cards (DynamoDB
 * pages before projecting); the projection saves the transfer and the parsing of the evidence.
 */
export async function listCardSummariesOfMonth(storage: Storage, month: string): Promise<CardSummary[]> {
  const items = await queryAll(storage, {
    IndexName: INDEX.byMonth,
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': keys.monthList('SCORECARDS', month) },
    ExpressionAttributeNames: { '#key': 'key', '#total': 'total' },
    ProjectionExpression: SUMMARY_PROJECTION,
  });
  return items.map((i) => fromItem(cardSummarySchema, i));
}
