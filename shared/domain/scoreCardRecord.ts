// Stored score cards: every (re)run of a month stores a new revision; an email is sent at most once per
// revision. The card itself is the engine's output (shared/scoring/scoreCard.ts), kept as JSON. On zod/mini
// (shared/schema.ts): the appeal page reads a card revision, and no form bundles classic zod.
import * as z from '../schema.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import { entityId, isoTimestamp, monthId } from './common.ts';

export const scoreCardRecordSchema = z.strictObject({
  engineerId: entityId,
  month: monthId,
  revision: z.number().check(z.int(), z.gte(1)),
  card: z.custom<ScoreCard>((v) => typeof v === 'object' && v !== null && 'indicators' in v, {
    error: 'expected a score card',
  }),
  createdAt: isoTimestamp,
  /** The revision whose email went out (set after the send succeeded). */
  emailedRevision: z.optional(z.number().check(z.int(), z.gte(1))),
});
export type ScoreCardRecord = z.output<typeof scoreCardRecordSchema>;
