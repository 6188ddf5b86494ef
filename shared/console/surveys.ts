// The Surveys page (console.md "What it shows" 3): for the month in focus, every invitation (respondent ×
// engineer) with when it was emailed, answered and reminded — read through the admin use case behind
// `kpi invitations list`, so the console and the command line cannot disagree. A viewer sees the invitations
// about their own region's engineers only. The invitation's link is a credential: nothing here carries it.
import type { AdminContext } from '../admin/context.ts';
import { listInvitations } from '../admin/months.ts';
import { listEngineers, listRespondents } from '../admin/people.ts';
import { monthOf } from '../domain/values.ts';
import { organisationTimezone } from '../storage/organisation.ts';
import { askedMonth, monthsToChoose } from './overview.ts';
import { maySee, type Principal } from './roles.ts';

export interface SurveyRow {
  invitationId: string;
  engineer: { id: string; name: string; region: string };
  respondent: { id: string; name: string; kind: string };
  sentAt: string | null;
  answeredAt: string | null;
  remindedAt: string | null;
  /** Whether it can still be answered (and so resent): open and inside its window. */
  open: boolean;
}

export interface SurveysView {
  month: string;
  /** The months to choose from: the year up to the current month (and the month shown, if older). */
  months: string[];
  timezone: string;
  rows: SurveyRow[];
  invited: number;
  answered: number;
  reminded: number;
}

/**
 * A month's invitations as `principal` may see them.
 * 1. The month asked for (a 400 naming `month` if it is not YYYY-MM), else the current month in the
 *    organisation's zone (the month whose invitations go out). 2. The invitations with their answers, the
 *    engineers and the respondents, at once. 3. Only the engineers `principal` may see, by engineer then
 *    respondent.
 */
export async function surveysOfMonth(
  ctx: AdminContext,
  principal: Principal,
  asked: string | undefined,
): Promise<SurveysView> {
  askedMonth(asked);
  const timezone = await organisationTimezone(ctx.storage);
  const current = monthOf(ctx.now(), timezone);
  const month = asked ?? current;
  const [invitations, engineers, respondents] = await Promise.all([
    listInvitations(ctx, { month }),
    listEngineers(ctx, {}),
    listRespondents(ctx, {}),
  ]);
  const engineerById = new Map(engineers.map((e) => [e.id, e]));
  const respondentById = new Map(respondents.map((r) => [r.id, r]));
  const now = ctx.now().getTime();
  const rows: SurveyRow[] = invitations.flatMap((i) => {
    const engineer = engineerById.get(i.engineerId);
    if (!engineer || !maySee(principal, engineer.region)) return [];
    const respondent = respondentById.get(i.respondentId);
    return [
      {
        invitationId: i.id,
        engineer: { id: engineer.id, name: engineer.name, region: engineer.region },
        respondent: {
          id: i.respondentId,
          name: respondent?.name ?? i.respondentId,
          kind: respondent?.kind ?? '',
        },
        sentAt: i.sentAt ?? null,
        answeredAt: i.answeredAt,
        remindedAt: i.remindedAt ?? null,
        open: i.status === 'open' && Date.parse(i.expiresAt) > now,
      },
    ];
  });
  const collator = new Intl.Collator('zh-CN');
  rows.sort(
    (a, b) =>
      collator.compare(a.engineer.name, b.engineer.name) ||
      a.engineer.id.localeCompare(b.engineer.id) ||
      collator.compare(a.respondent.name, b.respondent.name),
  );
  return {
    month,
    months: monthsToChoose(current, month),
    timezone,
    rows,
    invited: rows.length,
    answered: rows.filter((r) => r.answeredAt !== null).length,
    reminded: rows.filter((r) => r.remindedAt !== null).length,
  };
}
