// Which months can be scored now and whom a month is about: the one guard the monthly run goes through (the
// `kpi run-month` command, the local scheduler and the dispatcher Lambda, scheduled or invoked by hand), and the
// one employment rule of invitations, scoring and the team summary (../shared/spec/lifecycle.md).
import type { Engineer } from '../domain/engineer.ts';
import {
  employedInMonth,
  type MonthTimeline,
  monthTimeline,
  scoringRefusal,
} from '../domain/monthTimeline.ts';
import type { OrganisationSettings } from '../domain/organisation.ts';
import { listEngineers } from '../storage/engineers.ts';
import { getOrganisationSettings } from '../storage/organisation.ts';
import type { PipelineReadContext } from './context.ts';

/**
 * The settings and timeline of `month` when it can be scored at `ctx.now()`; a MonthStateError (409, one line
 * saying when its evidence closes) when it has not begun or is still collecting evidence.
 */
export async function requireScorableMonth(
  ctx: PipelineReadContext,
  month: string,
): Promise<{ settings: OrganisationSettings; timeline: MonthTimeline }> {
  const settings = await getOrganisationSettings(ctx.storage);
  const timeline = monthTimeline(month, settings, ctx.rubric.dailyReportDeadline);
  const refusal = scoringRefusal(timeline, ctx.now());
  if (refusal) throw refusal;
  return { settings, timeline };
}

/** The active engineers employed on at least one day of `month`, by id (one Query on the sparse index). */
export async function engineersOfMonth(ctx: PipelineReadContext, month: string): Promise<Engineer[]> {
  return (await listEngineers(ctx.storage, { activeOnly: true }))
    .filter((e) => employedInMonth(e, month))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
