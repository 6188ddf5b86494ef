// Stored score cards: every (re)run of a month stores a new revision; an email is sent at most once per
// revision. The card itself is the engine's output (shared/scoring/scoreCard.ts), kept as JSON.
import * as z from 'zod';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import { entityId, isoTimestamp, monthId } from './common.ts';

export const scoreCardRecordSchema = z.strictObject({
  engineerId: entityId,
  month: monthId,
  revision: z.number().int().min(1),
  card: z.custom<ScoreCard>((v) => typeof v === 'object' && v !== null && 'indicators' in v, {
    error: 'expected a score card',
  }),
  createdAt: isoTimestamp,
  /** The revision whose email went out (set after the send succeeded). */
  emailedRevision: z.number().int().min(1).optional(),
});
export type ScoreCardRecord = z.output<typeof scoreCardRecordSchema>;
