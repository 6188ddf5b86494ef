// The Appeals page's read model (console.md "What it shows" 4): a month's open and resolved appeals with the
// engineer's name and region — read through the admin use case behind `kpi appeals list`, so the console and the
// command line cannot disagree. A viewer sees the appeals of their own region's engineers only.

import { listAppeals, resolveAppeal } from '../admin/appeals.ts';
import type { AdminContext } from '../admin/context.ts';
import { listEngineers } from '../admin/people.ts';
import type { Appeal } from '../domain/appeal.ts';
import { getOrganisationSettings } from '../storage/organisation.ts';
import { askedMonth, monthInFocus, monthsToChoose } from './overview.ts';
import { maySee, type Principal } from './roles.ts';
import { type Submitted, submit } from './setup.ts';

export interface AppealRow {
  appeal: Appeal;
  engineer: { id: string; name: string; region: string };
}

export interface AppealsView {
  month: string;
  months: string[];
  timezone: string;
  open: AppealRow[];
  resolved: AppealRow[];
}

/**
 * A month's appeals as `principal` may see them: the month asked for (a 400 naming `month` if it is not
 * YYYY-MM), else the overview's month in focus (the latest whose evidence has closed); open ones by filing time,
 * resolved ones latest first.
 */
export async function appealsOfMonth(
  ctx: AdminContext,
  principal: Principal,
  asked: string | undefined,
): Promise<AppealsView> {
  askedMonth(asked);
  const settings = await getOrganisationSettings(ctx.storage);
  const focus = monthInFocus(settings, ctx.now());
  const month = asked ?? focus;
  const [appeals, engineers] = await Promise.all([listAppeals(ctx, { month }), listEngineers(ctx, {})]);
  const byId = new Map(engineers.map((e) => [e.id, e]));
  const rows = appeals.flatMap((appeal): AppealRow[] => {
    const e = byId.get(appeal.engineerId);
    // An engineer removed from the roster has no region: an admin still sees their appeal.
    const region = e?.region ?? '';
    if (!maySee(principal, region)) return [];
    return [{ appeal, engineer: { id: appeal.engineerId, name: e?.name ?? appeal.engineerId, region } }];
  });
  return {
    month,
    months: monthsToChoose(focus, month),
    timezone: settings.timezone,
    open: rows
      .filter((r) => r.appeal.status === 'open')
      .sort((a, b) => (a.appeal.filedAt < b.appeal.filedAt ? -1 : 1)),
    resolved: rows
      .filter((r) => r.appeal.status !== 'open')
      .sort((a, b) => ((a.appeal.resolvedAt ?? '') < (b.appeal.resolvedAt ?? '') ? 1 : -1)),
  };
}

/** The resolve form's fields as sent (a refused form is shown again with them). */
export interface ResolveValues {
  outcome?: string;
  reason?: string;
  indicator?: string;
  points?: string;
}

/**
 * An admin's resolve form → the same use case as `kpi appeals resolve` (`upheld` or `rejected` from the outcome
 * chosen; the correction's indicator and points only when given), the form's values kept for a refusal.
 */
export async function resolveAppealFromForm(
  ctx: AdminContext,
  id: string,
  form: URLSearchParams,
): Promise<{ values: ResolveValues; outcome: Submitted<Appeal> }> {
  const field = (name: string) => {
    const value = form.get(name)?.trim();
    return value ? value : undefined;
  };
  const values: ResolveValues = {};
  for (const name of ['outcome', 'reason', 'indicator', 'points'] as const) {
    const value = field(name);
    if (value !== undefined) values[name] = value;
  }
  const input = {
    id,
    upheld: values.outcome === 'upheld',
    rejected: values.outcome === 'rejected',
    reason: values.reason ?? '',
    ...(values.indicator ? { indicator: values.indicator } : {}),
    ...(values.points ? { points: values.points } : {}),
  };
  return { values, outcome: await submit(() => resolveAppeal(ctx, input)) };
}
