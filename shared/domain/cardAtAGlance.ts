// A stored card at a glance: what the month overview shows of it — the six points, the total, which indicators
// had no data or were overridden, and the counts behind the month's evidence progress. Derived from the card when
// it is stored and kept on its LATEST item, so the overview reads one small attribute per engineer instead of
// picking some forty paths out of every card (storage/cardSummaries.ts); cards stored before it existed are
// derived the same way on read.
import { INDICATOR_KEYS, type IndicatorKey } from '../rubric/indicators.ts';
import * as z from '../schema.ts';

const count = z.number().check(z.int(), z.gte(0));

export const cardAtAGlanceSchema = z.strictObject({
  total: z.number(),
  maxTotal: z.number(),
  points: z.record(z.enum(INDICATOR_KEYS), z.number()),
  noData: z.array(z.enum(INDICATOR_KEYS)),
  overridden: z.array(z.enum(INDICATOR_KEYS)),
  /** Daily reports filed of the workdays due; absent when the card measured no workdays. */
  dailyReports: z.optional(z.strictObject({ filed: count, due: count })),
  /** Project-weeks with a follow-up visit, of those due (a visited week counts as due). */
  followUpWeeks: z.strictObject({ done: count, due: count }),
});
export type CardAtAGlance = z.output<typeof cardAtAGlanceSchema>;

/** The parts of a card the glance is made from: a whole engine card, or the same paths read from a stored one. */
export interface GlanceSource {
  total: number;
  maxTotal: number;
  indicators: ReadonlyArray<{
    key: IndicatorKey;
    points: number;
    flags: readonly string[];
    measured?: unknown;
  }>;
}

interface MeasuredCounts {
  workdays?: number;
  missed?: number;
  projects?: ReadonlyArray<{ cells: readonly string[] }>;
}

export function cardAtAGlance(card: GlanceSource): CardAtAGlance {
  const points = Object.fromEntries(INDICATOR_KEYS.map((k) => [k, 0])) as Record<IndicatorKey, number>;
  const flagged = (flag: string) =>
    INDICATOR_KEYS.filter((k) => card.indicators.some((i) => i.key === k && i.flags.includes(flag)));
  let dailyReports: CardAtAGlance['dailyReports'];
  const followUpWeeks = { done: 0, due: 0 };
  for (const indicator of card.indicators) {
    points[indicator.key] = indicator.points;
    const measured = (indicator.measured ?? {}) as MeasuredCounts;
    if (indicator.key === 'dailyReport' && measured.workdays !== undefined) {
      dailyReports = { filed: measured.workdays - (measured.missed ?? 0), due: measured.workdays };
    }
    if (indicator.key === 'followUp') {
      for (const project of measured.projects ?? []) {
        for (const cell of project.cells) {
          // The grid does not say whether a visited week was due: a visited week counts as due and done.
          if (cell === 'missed') followUpWeeks.due++;
          if (cell === 'visited') {
            followUpWeeks.due++;
            followUpWeeks.done++;
          }
        }
      }
    }
  }
  return {
    total: card.total,
    maxTotal: card.maxTotal,
    points,
    noData: flagged('no-data'),
    overridden: flagged('overridden'),
    ...(dailyReports ? { dailyReports } : {}),
    followUpWeeks,
  };
}
