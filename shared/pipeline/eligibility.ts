// Which months can be scored now and whom a month is about: the one guard the monthly run goes through (the
// `kpi run-month` command, the local scheduler and the dispatcher Lambda, scheduled or invoked by hand), and the
// one employment rule of invitations, scoring and the team summary (../shared/spec/lifecycle.md).
import type { Engineer } from '../domain/engineer.ts';
import type { MonthRecord } from '../domain/monthRecord.ts';
import {
  employedInMonth,
  type MonthTimeline,
  monthTimeline,
  scoringRefusal,
} from '../domain/monthTimeline.ts';
import type { OrganisationSettings } from '../domain/organisation.ts';
import { MonthStateError } from '../errors.ts';
import { listEngineers } from '../storage/engineers.ts';
import { findMonthRecord, monthFinalError } from '../storage/months.ts';
import { getOrganisationSettings } from '../storage/organisation.ts';
import type { PipelineReadContext } from './context.ts';

/**
 * Which run asks: a run that stores and sends (`run`), a dry run that stores and sends nothing (`dry`), or the
 * final run of a finalisation (`final`).
 */
export type ScoringRunKind = 'run' | 'dry' | 'final';

/**
 * The settings, timeline and stored record of `month` when it can be scored at `ctx.now()` by a run of `kind`;
 * else the one-line refusal: a MonthStateError (409, saying when its evidence closes) when it has not begun or
 * is still collecting evidence; a MonthFinalError (since when) for a run of a final month — only its
 * finalisation's own final run scores a final month, and a final run of a month that is not final (reopened
 * meanwhile) is refused too.
 */
export async function requireScorableMonth(
  ctx: PipelineReadContext,
  month: string,
  kind: ScoringRunKind = 'run',
): Promise<{ settings: OrganisationSettings; timeline: MonthTimeline; record: MonthRecord | undefined }> {
  const [settings, record] = await Promise.all([
    getOrganisationSettings(ctx.storage),
    findMonthRecord(ctx.storage, month),
  ]);
  const timeline = monthTimeline(month, settings, ctx.rubric.dailyReportDeadline);
  const refusal = scoringRefusal(timeline, ctx.now());
  if (refusal) throw refusal;
  if (kind === 'run' && record?.state === 'final') throw await monthFinalError(ctx.storage, month);
  if (kind === 'final' && record?.state !== 'final') {
    throw new MonthStateError(
      month,
      record?.state ?? 'provisional',
      `${month} is not final; a final run needs a finalised month`,
    );
  }
  return { settings, timeline, record };
}

/** The active engineers employed on at least one day of `month`, by id (one Query on the sparse index). */
export async function engineersOfMonth(ctx: PipelineReadContext, month: string): Promise<Engineer[]> {
  return (await listEngineers(ctx.storage, { activeOnly: true }))
    .filter((e) => employedInMonth(e, month))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
