// Use case: the stored revisions of an engineer-month's card, each with what changed since the one before
// (shared/domain/revision.ts) — the same data the revised report email and "my month" show.
import { entityId, monthId } from '../domain/common.ts';
import type { RevisionChanges } from '../domain/revision.ts';
import type { IndicatorKey } from '../rubric/indicators.ts';
import * as z from '../schema.ts';
import { getEngineer } from '../storage/engineers.ts';
import { listScoreCardRevisions } from '../storage/scoreCards.ts';
import { type AdminContext, parseInput } from './context.ts';

export const cardRevisionsInput = z.strictObject({ engineerId: entityId, month: monthId });

export interface CardRevision {
  revision: number;
  createdAt: string;
  total: number;
  points: Partial<Record<IndicatorKey, number>>;
  /** Absent on a first revision and on revisions stored before changes were recorded. */
  changes?: RevisionChanges;
}

/**
 * Every revision of the card, oldest first. 1. Parse. 2. Check the engineer (NotFoundError). 3. Read the
 * revisions; an engineer-month never scored has none.
 */
export async function cardRevisions(ctx: AdminContext, input: unknown): Promise<CardRevision[]> {
  const { engineerId, month } = parseInput(cardRevisionsInput, input);
  await getEngineer(ctx.storage, engineerId);
  const revisions = await listScoreCardRevisions(ctx.storage, engineerId, month);
  return revisions.map((r) => ({
    revision: r.revision,
    createdAt: r.createdAt,
    total: r.card.total,
    points: Object.fromEntries(r.card.indicators.map((i) => [i.key, i.points])),
    ...(r.changes ? { changes: r.changes } : {}),
  }));
}
