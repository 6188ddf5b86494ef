// Stored score cards: every (re)run of a month stores a new revision; an email is sent at most once per
// revision. The card itself is the engine's output (shared/scoring/scoreCard.ts), kept as JSON.
// zod/mini: the engineer's own page (a form function) reads stored cards.
import * as z from '../schema.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import { entityId, isoTimestamp, monthId } from './common.ts';
import type { RevisionChanges } from './revision.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export const scoreCardRecordSchema = z.strictObject({
  engineerId: entityId,
  month: monthId,
  revision: z.number().check(z.int(), z.gte(1)),
  card: z.custom<ScoreCard>((v) => isObject(v) && 'indicators' in v, { error: 'expected a score card' }),
  createdAt: isoTimestamp,
  /** The revision whose email went out (set after the send succeeded). */
  emailedRevision: z.optional(z.number().check(z.int(), z.gte(1))),
  /** What changed since the revision before (shared/domain/revision.ts); absent on a first revision and on
   * revisions stored before changes were recorded. */
  changes: z.optional(
    z.custom<RevisionChanges>((v) => isObject(v) && Array.isArray(v.indicators), {
      error: 'expected the changes since the previous revision',
    }),
  ),
});
export type ScoreCardRecord = z.output<typeof scoreCardRecordSchema>;
