// The month overview (console.md "What it shows" 1): the month's state and dates, its evidence progress, and
// every engineer the signed-in user may see with the six points, total and flags of their STORED latest card —
// read from the month's list of cards (paged), never re-scored — with what needs attention, the score
// distribution and the team's trend over 12 months. A viewer sees their region(s) only; asking for another region
// is a 403, not an empty page.
//
// DynamoDB requests of one page, all at once (the month's after the settings when none is asked for): the
// settings (1), the engineers (paged), the month's record (1), its cards at a glance (paged), its invitations, its
// answered invitations and its days of daily reports filed (paged each), its run (1; its parked engineers'
// outcomes only when it parked any), and the team's trend (1 GetItem) (bench:console counts them at 100 and 1,000
// engineers). Pages hold 1 MB, so the count grows with engineers ÷ hundreds, never one request per engineer.
import { dailyReportProgress } from '../domain/dailyReportProgress.ts';
import type { Engineer } from '../domain/engineer.ts';
import { type MonthLifecycle, monthLifecycle } from '../domain/monthRecord.ts';
import { latestClosedMonth, monthTimeline } from '../domain/monthTimeline.ts';
import type { OrganisationSettings } from '../domain/organisation.ts';
import { isMonth, monthsEndingWith } from '../domain/values.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { defaultRubric } from '../rubric/default.ts';
import type { IndicatorKey } from '../rubric/indicators.ts';
import { engineerWorkdays, type MonthFrame } from '../scoring/calendar.ts';
import { type CardSummary, listCardSummariesOfMonth } from '../storage/cardSummaries.ts';
import type { Storage } from '../storage/client.ts';
import { listReportDaysOfMonth } from '../storage/dailyReports.ts';
import { listEngineers } from '../storage/engineers.ts';
import { findMonthRecord } from '../storage/months.ts';
import { getOrganisationSettings } from '../storage/organisation.ts';
import { findParkedOfCurrentRun, listSummaryTotals } from '../storage/runs.ts';
import { listAnsweredInvitationIds, listInvitationEngineersOfMonth } from '../storage/survey.ts';
import { maySee, type Principal } from './roles.ts';

export const OVERVIEW_SORTS = ['total', 'name', 'region'] as const;
export type OverviewSort = (typeof OVERVIEW_SORTS)[number];

export interface OverviewRow {
  engineerId: string;
  name: string;
  region: string;
  /** Null when the engineer has no stored card for the month (not scored yet). */
  card: {
    revision: number;
    points: Record<IndicatorKey, number>;
    total: number;
    maxTotal: number;
    /** Indicators the engine had no data for, and those a manager overrode. */
    noData: IndicatorKey[];
    overridden: IndicatorKey[];
  } | null;
  openAppeal: boolean;
  /** Invitations about the engineer this month not answered yet. */
  unansweredSurveys: number;
  /** Why the month's last run parked the engineer (the card shown is from before it), or null. */
  parked: string | null;
}

/** How far the month's evidence has come, for the engineers shown. */
export interface EvidenceProgress {
  /** Survey invitations sent out and answered (live, from the month's lists). */
  surveys: { invited: number; answered: number };
  /** Daily reports in on time of the workdays due so far (live; see dailyReportsSoFar). */
  dailyReports: { filed: number; due: number };
  /** Weekly follow-ups done of the project-weeks due, as of the stored cards (null: nothing scored yet). */
  followUpWeeks: { done: number; due: number } | null;
}

/** One month of the team's trend: the mean total of the engineers shown (null: no scores stored). */
export interface TrendPoint {
  month: string;
  average: number | null;
  engineers: number;
}

export interface MonthOverview {
  month: string;
  lifecycle: MonthLifecycle;
  /** The regions the user may filter by (a viewer's own; every region of the engineers for an admin). */
  regions: string[];
  region: string | undefined;
  /** The months to choose from: the year up to the month in focus (and the month shown, if older). */
  months: string[];
  sort: OverviewSort;
  rows: OverviewRow[];
  /** Totals in bands of ten points (the last band holds the top score), of the rows shown. */
  distribution: Array<{ from: number; to: number; count: number }>;
  evidence: EvidenceProgress;
  /**
   * The 12 months ending with the month shown, oldest first: each earlier month from what its last team summary
   * showed (the stored cards' totals when it was sent), the month shown from its cards.
   */
  trend: TrendPoint[];
}

export interface OverviewQuery {
  month?: string | undefined;
  region?: string | undefined;
  sort?: string | undefined;
}

/** The month in focus when none is asked for: the latest month whose evidence has closed. */
export function monthInFocus(settings: OrganisationSettings, now: Date): string {
  return latestClosedMonth(now, settings, defaultRubric.dailyReportDeadline);
}

/** A console page's month as asked for: YYYY-MM (else a 400 naming `month`), or undefined when none was. */
export function askedMonth(asked: string | undefined): string | undefined {
  if (asked !== undefined && !isMonth(asked)) {
    throw new ValidationError([{ path: 'month', message: 'expected a month YYYY-MM' }]);
  }
  return asked;
}

/** The months a page offers: the year up to `anchor`, and the month shown if it is older; latest first. */
export function monthsToChoose(anchor: string, month: string): string[] {
  return [...new Set([...monthsEndingWith(anchor, 12), month])].sort().reverse();
}

function parseQuery(query: OverviewQuery): { month?: string; sort: OverviewSort } {
  askedMonth(query.month);
  const sort = query.sort ?? 'total';
  if (!OVERVIEW_SORTS.includes(sort as OverviewSort)) {
    throw new ValidationError([{ path: 'sort', message: `expected one of ${OVERVIEW_SORTS.join(', ')}` }]);
  }
  return { ...(query.month ? { month: query.month } : {}), sort: sort as OverviewSort };
}

export function distributionOf(totals: readonly number[], maxTotal: number): MonthOverview['distribution'] {
  const bands: MonthOverview['distribution'] = [];
  for (let from = 0; from < maxTotal; from += 10)
    bands.push({ from, to: Math.min(from + 9, maxTotal), count: 0 });
  if (bands.length === 0) bands.push({ from: 0, to: maxTotal, count: 0 });
  for (const total of totals) {
    const index = Math.min(Math.floor(Math.max(total, 0) / 10), bands.length - 1);
    bands[index]!.count++;
  }
  // The last band reaches the top score (a total of exactly 100 is counted in 90–100).
  bands[bands.length - 1]!.to = maxTotal;
  return bands;
}

/** The overview of a month for `principal`, from the stored cards in a bounded number of paged queries. */
export async function monthOverview(
  storage: Storage,
  principal: Principal,
  query: OverviewQuery,
  now: Date,
): Promise<MonthOverview> {
  const { month: asked, sort } = parseQuery(query);
  if (query.region !== undefined && !maySee(principal, query.region)) {
    throw new ForbiddenError(`you may see the engineers of ${principal.regions.join(', ')} only`);
  }
  // Every read at once; only a page without a month must first read the settings to know which month it shows.
  const monthReads = (m: string) =>
    Promise.all([
      findMonthRecord(storage, m),
      listCardSummariesOfMonth(storage, m),
      listInvitationEngineersOfMonth(storage, m),
      listAnsweredInvitationIds(storage, m),
      findParkedOfCurrentRun(storage, m),
      listSummaryTotals(storage, monthsEndingWith(m, 12).slice(0, -1)),
    ]);
  const early = asked ? monthReads(asked) : undefined;
  // Awaited below; until then a failure must not count as unhandled if the settings read fails first.
  early?.catch(() => {});
  const [settings, engineers] = await Promise.all([getOrganisationSettings(storage), listEngineers(storage)]);
  const focus = monthInFocus(settings, now);
  const month = asked ?? focus;
  const months = monthsToChoose(focus, month);
  const [record, cards, invitations, answers, parked, summaries] = await (early ?? monthReads(month));
  const timeline = monthTimeline(month, settings, defaultRubric.dailyReportDeadline);
  const lifecycle = monthLifecycle(timeline, record, cards.length > 0, settings, now);

  const cardOf = new Map(cards.map((c) => [c.engineerId, c]));
  const appealing = new Set(lifecycle.openAppeals.map((a) => a.engineerId));
  const visible = engineers.filter((e) => maySee(principal, e.region));
  // Every engineer with a card, and the active ones still without one (not scored yet).
  const shown = visible.filter((e) => cardOf.has(e.id) || e.active);
  const regions =
    principal.role === 'admin' ? [...new Set(engineers.map((e) => e.region))].sort() : principal.regions;
  const inView = (e: { region: string }) =>
    maySee(principal, e.region) && (query.region === undefined || e.region === query.region);
  const answered = new Set(answers);
  const unanswered = new Map<string, number>();
  for (const i of invitations) {
    if (!answered.has(i.id)) unanswered.set(i.engineerId, (unanswered.get(i.engineerId) ?? 0) + 1);
  }
  const rows: OverviewRow[] = shown.filter(inView).map((e) => {
    const stored = cardOf.get(e.id);
    return {
      engineerId: e.id,
      name: e.name,
      region: e.region,
      openAppeal: appealing.has(e.id),
      unansweredSurveys: unanswered.get(e.id) ?? 0,
      parked: parked.get(e.id) ?? null,
      card: stored
        ? {
            revision: stored.revision,
            points: stored.glance.points,
            total: stored.glance.total,
            maxTotal: stored.glance.maxTotal,
            noData: stored.glance.noData,
            overridden: stored.glance.overridden,
          }
        : null,
    };
  });
  rows.sort(compareRows(sort));
  const scored = rows.flatMap((r) => (r.card ? [r.card] : []));
  const maxTotal = Math.max(100, ...scored.map((c) => c.maxTotal));
  const shownIds = new Set(rows.map((r) => r.engineerId));
  const engineerOf = new Map(engineers.map((e) => [e.id, e]));
  const regionOf = new Map(engineers.map((e) => [e.id, e.region]));
  // A summary's region totals are by the region each engineer was in when it was sent; '' holds those who had
  // left the roster, and of older summaries (engineer by engineer) those who have left since: only an admin's
  // whole-team trend counts them.
  const regionInTrend = (region: string | undefined) =>
    region === undefined || region === ''
      ? principal.role === 'admin' && query.region === undefined
      : inView({ region });
  const earlier = (m: string): TrendPoint => {
    const shownThen = summaries.find((s) => s.month === m);
    const totals =
      shownThen === undefined
        ? []
        : 'regions' in shownThen
          ? Object.entries(shownThen.regions).filter(([region]) => regionInTrend(region))
          : Object.entries(shownThen.engineers)
              .filter(([id]) => regionInTrend(regionOf.get(id)))
              .map(([, e]) => ['', { sum: e.total, count: 1 }] as const);
    return trendPoint(
      m,
      totals.reduce((a, [, t]) => a + t.sum, 0),
      totals.reduce((a, [, t]) => a + t.count, 0),
    );
  };
  const shownInvitations = invitations.filter((i) => shownIds.has(i.engineerId));
  return {
    month,
    lifecycle,
    regions,
    region: query.region,
    months,
    sort,
    rows,
    distribution: distributionOf(
      scored.map((c) => c.total),
      maxTotal,
    ),
    evidence: {
      surveys: {
        invited: shownInvitations.length,
        answered: shownInvitations.filter((i) => answered.has(i.id)).length,
      },
      dailyReports: await dailyReportsSoFar(
        storage,
        rows.map((r) => engineerOf.get(r.engineerId)!),
        cardOf,
        timeline.lastReportDeadline,
        timeline.frame,
        now,
      ),
      followUpWeeks: storedFollowUps(cards.filter((c) => shownIds.has(c.engineerId))),
    },
    trend: [
      ...monthsEndingWith(month, 12).slice(0, -1).map(earlier),
      trendPoint(
        month,
        scored.reduce((a, c) => a + c.total, 0),
        scored.length,
      ),
    ],
  };
}

function trendPoint(month: string, sum: number, engineers: number): TrendPoint {
  const average = engineers === 0 ? null : Math.round((sum / engineers) * 10) / 10;
  return { month, average, engineers };
}

/**
 * Daily reports in on time of the workdays due so far, by the rule of the score's indicator
 * (dailyReportProgress): a workday counts once its report's deadline has passed, and a report counts if it came
 * in by then — so once the month's last deadline has passed the count cannot change, and a card scored after it
 * holds it. Each engineer counts as such a card does; the others (a month still collecting, or not scored since)
 * count live, from their days filed — the month's list of them read only then (one paged Query). An engineer
 * with no days kept but an earlier card (reports filed before the days were kept) counts as that card does.
 */
async function dailyReportsSoFar(
  storage: Storage,
  engineers: readonly Engineer[],
  cards: ReadonlyMap<string, CardSummary>,
  lastReportDeadline: Date | undefined,
  frame: MonthFrame,
  now: Date,
): Promise<EvidenceProgress['dailyReports']> {
  const settled = (engineer: Engineer) => {
    const card = cards.get(engineer.id);
    return (
      card?.glance.dailyReports !== undefined &&
      (lastReportDeadline === undefined || Date.parse(card.createdAt) > lastReportDeadline.getTime())
    );
  };
  const reportDays = engineers.every(settled)
    ? new Map<string, Map<string, number>>()
    : await listReportDaysOfMonth(storage, frame.month);
  const total = { filed: 0, due: 0 };
  for (const engineer of engineers) {
    const days = reportDays.get(engineer.id);
    const stored = cards.get(engineer.id)?.glance.dailyReports;
    if (stored && (settled(engineer) || days === undefined)) {
      total.filed += stored.filed;
      total.due += stored.due;
      continue;
    }
    const progress = dailyReportProgress(
      frame,
      engineerWorkdays(frame, engineer),
      days ?? new Map(),
      now.getTime(),
    );
    total.filed += progress.onTime;
    total.due += progress.workdaysDue;
  }
  return total;
}

/** Weekly follow-ups done of the project-weeks due, summed from the stored cards' glances (as of the last run). */
function storedFollowUps(cards: readonly CardSummary[]): EvidenceProgress['followUpWeeks'] {
  if (cards.length === 0) return null;
  const followUpWeeks = { done: 0, due: 0 };
  for (const { glance } of cards) {
    followUpWeeks.done += glance.followUpWeeks.done;
    followUpWeeks.due += glance.followUpWeeks.due;
  }
  return followUpWeeks;
}

function compareRows(sort: OverviewSort): (a: OverviewRow, b: OverviewRow) => number {
  const byName = (a: OverviewRow, b: OverviewRow) =>
    a.name.localeCompare(b.name, 'zh-CN') || (a.engineerId < b.engineerId ? -1 : 1);
  switch (sort) {
    case 'name':
      return byName;
    case 'region':
      return (a, b) => a.region.localeCompare(b.region, 'zh-CN') || byName(a, b);
    case 'total':
      // Highest first; not yet scored last.
      return (a, b) => (b.card?.total ?? -1) - (a.card?.total ?? -1) || byName(a, b);
  }
}
