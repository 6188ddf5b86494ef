// The month overview (console.md "What it shows" 1): the month's state and dates, and every engineer the
// signed-in user may see with the six points, total and flags of their STORED latest card — read from the
// month's list of cards (paged), never re-scored — with the score distribution. A viewer sees their region(s)
// only; asking for another region is a 403, not an empty page.
import { type MonthLifecycle, monthLifecycle } from '../domain/monthRecord.ts';
import { latestClosedMonth, monthTimeline } from '../domain/monthTimeline.ts';
import type { OrganisationSettings } from '../domain/organisation.ts';
import { isMonth, monthsEndingWith } from '../domain/values.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { defaultRubric } from '../rubric/default.ts';
import { INDICATOR_KEYS, type IndicatorKey } from '../rubric/indicators.ts';
import { listCardSummariesOfMonth } from '../storage/cardSummaries.ts';
import type { Storage } from '../storage/client.ts';
import { listEngineers } from '../storage/engineers.ts';
import { findMonthRecord } from '../storage/months.ts';
import { getOrganisationSettings } from '../storage/organisation.ts';
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
}

export interface OverviewQuery {
  month?: string | undefined;
  region?: string | undefined;
  sort?: string | undefined;
}

/** The month in focus when none is asked for: the latest month whose evidence has closed. */
function monthInFocus(settings: OrganisationSettings, now: Date): string {
  return latestClosedMonth(now, settings, defaultRubric.dailyReportDeadline);
}

function parseQuery(query: OverviewQuery): { month?: string; sort: OverviewSort } {
  if (query.month !== undefined && !isMonth(query.month)) {
    throw new ValidationError([{ path: 'month', message: 'expected a month YYYY-MM' }]);
  }
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
    Promise.all([findMonthRecord(storage, m), listCardSummariesOfMonth(storage, m)]);
  const early = asked ? monthReads(asked) : undefined;
  // Awaited below; until then a failure must not count as unhandled if the settings read fails first.
  early?.catch(() => {});
  const [settings, engineers] = await Promise.all([getOrganisationSettings(storage), listEngineers(storage)]);
  const focus = monthInFocus(settings, now);
  const month = asked ?? focus;
  const months = [...new Set([...monthsEndingWith(focus, 12), month])].sort().reverse();
  const [record, cards] = await (early ?? monthReads(month));
  const lifecycle = monthLifecycle(
    monthTimeline(month, settings, defaultRubric.dailyReportDeadline),
    record,
    cards.length > 0,
    settings,
    now,
  );

  const cardOf = new Map(cards.map((c) => [c.engineerId, c]));
  const appealing = new Set(lifecycle.openAppeals.map((a) => a.engineerId));
  const visible = engineers.filter((e) => maySee(principal, e.region));
  // Every engineer with a card, and the active ones still without one (not scored yet).
  const shown = visible.filter((e) => cardOf.has(e.id) || e.active);
  const regions =
    principal.role === 'admin' ? [...new Set(engineers.map((e) => e.region))].sort() : principal.regions;
  const rows: OverviewRow[] = shown
    .filter((e) => query.region === undefined || e.region === query.region)
    .map((e) => {
      const stored = cardOf.get(e.id);
      return {
        engineerId: e.id,
        name: e.name,
        region: e.region,
        openAppeal: appealing.has(e.id),
        card: stored
          ? {
              revision: stored.revision,
              points: Object.fromEntries(stored.card.indicators.map((i) => [i.key, i.points])) as Record<
                IndicatorKey,
                number
              >,
              total: stored.card.total,
              maxTotal: stored.card.maxTotal,
              noData: INDICATOR_KEYS.filter((k) =>
                stored.card.indicators.some((i) => i.key === k && i.flags.includes('no-data')),
              ),
              overridden: INDICATOR_KEYS.filter((k) =>
                stored.card.indicators.some((i) => i.key === k && i.flags.includes('overridden')),
              ),
            }
          : null,
      };
    });
  rows.sort(compareRows(sort));
  const scored = rows.flatMap((r) => (r.card ? [r.card] : []));
  const maxTotal = Math.max(100, ...scored.map((c) => c.maxTotal));
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
  };
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
