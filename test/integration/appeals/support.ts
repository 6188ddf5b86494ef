// Shared by the appeal tests: an engineer-month scored and reported (its card stored as a revision, the month's
// record provisional with its appeal deadline), and the appeal link its report would carry.
import type { Engineer } from '../../../shared/domain/engineer.ts';
import { appealLink } from '../../../shared/links/links.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { scoreEngineerMonth } from '../../../shared/scoring/engine.ts';
import { assembleScoringInput } from '../../../shared/storage/assemble.ts';
import type { Storage } from '../../../shared/storage/client.ts';
import { recordFirstRun } from '../../../shared/storage/months.ts';
import { findLatestScoreCard, storeScoreCardRevision } from '../../../shared/storage/scoreCards.ts';

/** Scores `engineer`'s `month` from what is stored and keeps the card as the next revision. */
export async function storeCard(
  storage: Storage,
  engineer: Engineer,
  month: string,
  at: Date,
): Promise<number> {
  const input = await assembleScoringInput(storage, engineer.id, month, defaultRubric);
  const card = scoreEngineerMonth(input, defaultRubric);
  const latest = await findLatestScoreCard(storage, engineer.id, month);
  return (await storeScoreCardRevision(storage, card, latest?.revision ?? 0, at)).revision;
}

/**
 * `engineer`'s `month` as its first run leaves it: one card revision and (unless `legacy`, a month scored before
 * the lifecycle was recorded) the month's record, provisional until `deadline`. Returns the appeal link's token.
 */
export async function scoredMonth(
  storage: Storage,
  options: {
    engineer: Engineer;
    month: string;
    firstRunAt: Date;
    deadline: Date;
    legacy?: boolean;
    baseUrl?: string;
  },
): Promise<{ token: string; url: string; revision: number }> {
  const revision = await storeCard(storage, options.engineer, options.month, options.firstRunAt);
  if (!options.legacy) {
    await recordFirstRun(storage, options.month, {
      at: options.firstRunAt,
      appealDeadline: options.deadline,
      timezone: 'Asia/Shanghai',
    });
  }
  const link = await appealLink(
    { engineerId: options.engineer.id, month: options.month, cardRevision: revision },
    options.engineer,
    options.deadline,
    options.baseUrl ?? 'http://kpi.test/',
  );
  return { ...link, revision };
}
