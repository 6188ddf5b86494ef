// Use cases: looking at a month — its status while it runs (who has answered the survey, which daily reports
// are missing so far), its survey invitations and responses, and an engineer-month's assembled facts and
// score preview.

import { entityId, monthId } from '../domain/common.ts';
import { dailyReportProgress } from '../domain/dailyReportProgress.ts';
import type { Engineer } from '../domain/engineer.ts';
import { employedInMonth } from '../domain/monthTimeline.ts';
import { type Invitation, invitationId, type SurveyResponse } from '../domain/survey.ts';
import { DEFAULT_ZONE } from '../domain/values.ts';
import { defaultRubric } from '../rubric/default.ts';
import type { Rubric } from '../rubric/schema.ts';
import * as z from '../schema.ts';
import { engineerWorkdays, monthFrame } from '../scoring/calendar.ts';
import { scoreEngineerMonth } from '../scoring/engine.ts';
import type { ScoringInput } from '../scoring/input.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import { assembleScoringInput, monthReadRange } from '../storage/assemble.ts';
import { listDailyReports } from '../storage/dailyReports.ts';
import { listEngineers } from '../storage/engineers.ts';
import { findOrganisationSettings } from '../storage/organisation.ts';
import { listRespondents } from '../storage/respondents.ts';
import {
  findSurveyResponse,
  listAnsweredInvitations,
  listInvitationsOfMonth,
  listSurveyResponseRevisions,
  getInvitation as readInvitation,
} from '../storage/survey.ts';
import { type AdminContext, parseInput } from './context.ts';

export const monthStatusInput = z.strictObject({ month: monthId });

export interface InvitationStatusRow {
  invitationId: string;
  engineerId: string;
  engineerName: string | null;
  respondentId: string;
  respondentName: string | null;
  status: Invitation['status'];
  sentAt: string | null;
  remindedAt: string | null;
  /** When it was first answered (its response's first revision), null while unanswered. */
  answeredAt: string | null;
}

interface DailyReportStatusRow {
  engineerId: string;
  engineerName: string;
  /** The engineer's workdays of the month whose report deadline has passed. */
  workdaysDue: number;
  /** Of those, days with a report that counts (on time). */
  onTime: number;
  /** Days due without a report that counts (none, or only a late one). */
  missing: number;
  missingDays: string[];
  /** Days whose report came after the deadline (kept, but the day is still missed). */
  lateDays: string[];
}

export interface MonthStatus {
  month: string;
  asOf: string;
  survey: { invitations: number; answered: InvitationStatusRow[]; notAnswered: InvitationStatusRow[] };
  dailyReports: DailyReportStatusRow[];
}

async function dailyReportStatus(
  ctx: AdminContext,
  engineer: Engineer,
  month: string,
  frame: ReturnType<typeof monthFrame>,
): Promise<DailyReportStatusRow> {
  const { from, to } = monthReadRange(month);
  const reports = new Map(
    (await listDailyReports(ctx.storage, engineer.id, from, to)).map((r) => [
      r.date,
      Date.parse(r.submittedAt),
    ]),
  );
  const progress = dailyReportProgress(
    frame,
    engineerWorkdays(frame, engineer),
    reports,
    ctx.now().getTime(),
  );
  return {
    engineerId: engineer.id,
    engineerName: engineer.name,
    workdaysDue: progress.workdaysDue,
    onTime: progress.onTime,
    missing: progress.missingDays.length,
    missingDays: progress.missingDays,
    lateDays: progress.lateDays,
  };
}

/**
 * The status of a month while it runs.
 * 1. Parse the month. 2. Read the settings, the engineers, the respondents, the month's invitations and its
 *    responses (answered = has a response). 3. Split the invitations into answered / not answered, with names.
 * 4. For each active engineer employed in the month, count the workdays whose report deadline has passed and
 *    which of them have no report that counts (missing) or only a late one.
 */
export async function monthStatus(
  ctx: AdminContext,
  input: unknown,
  rubric: Rubric = defaultRubric,
): Promise<MonthStatus> {
  const { month } = parseInput(monthStatusInput, input);
  const [settings, engineers, respondents, invitations] = await Promise.all([
    findOrganisationSettings(ctx.storage),
    listEngineers(ctx.storage),
    listRespondents(ctx.storage),
    invitationsWithAnswers(ctx, month),
  ]);
  const engineerName = new Map(engineers.map((e) => [e.id, e.name]));
  const respondentName = new Map(respondents.map((r) => [r.id, r.name]));
  const rows = invitations
    .map(
      (i): InvitationStatusRow => ({
        invitationId: i.id,
        engineerId: i.engineerId,
        engineerName: engineerName.get(i.engineerId) ?? null,
        respondentId: i.respondentId,
        respondentName: respondentName.get(i.respondentId) ?? null,
        status: i.status,
        sentAt: i.sentAt ?? null,
        remindedAt: i.remindedAt ?? null,
        answeredAt: i.answeredAt,
      }),
    )
    .sort((a, b) => a.engineerId.localeCompare(b.engineerId) || a.respondentId.localeCompare(b.respondentId));
  const frame = monthFrame(
    month,
    settings?.timezone ?? DEFAULT_ZONE,
    { holidays: settings?.holidays ?? [], workdays: settings?.makeUpWorkdays ?? [] },
    rubric.dailyReportDeadline,
  );
  const active = engineers
    .filter((e) => e.active && employedInMonth(e, month))
    .sort((a, b) => a.id.localeCompare(b.id));
  const dailyReports: DailyReportStatusRow[] = [];
  // One engineer at a time: a handful of small queries, no burst against a small table.
  for (const engineer of active) dailyReports.push(await dailyReportStatus(ctx, engineer, month, frame));
  return {
    month,
    asOf: ctx.now().toISOString(),
    survey: {
      invitations: rows.length,
      answered: rows.filter((r) => r.answeredAt !== null),
      notAnswered: rows.filter((r) => r.answeredAt === null),
    },
    dailyReports,
  };
}

export const listInvitationsInput = z.strictObject({ month: monthId });

/** An invitation with when it was first answered (from its response; null while unanswered). */
type InvitationWithAnswer = Invitation & { answeredAt: string | null };

/** A month's invitations joined with its responses: two Queries (INVITATIONS#<month>, RESPONSES#<month>). */
async function invitationsWithAnswers(ctx: AdminContext, month: string): Promise<InvitationWithAnswer[]> {
  const [invitations, answered] = await Promise.all([
    listInvitationsOfMonth(ctx.storage, month),
    listAnsweredInvitations(ctx.storage, month),
  ]);
  const firstAnswer = new Map(answered.map((a) => [a.invitationId, a.firstAnsweredAt]));
  return invitations.map((i) => ({ ...i, answeredAt: firstAnswer.get(i.id) ?? null }));
}

/** A month's survey invitations, each with when it was first answered. */
export async function listInvitations(ctx: AdminContext, input: unknown): Promise<InvitationWithAnswer[]> {
  return invitationsWithAnswers(ctx, parseInput(listInvitationsInput, input).month);
}

export const invitationInputById = z.strictObject({ id: invitationId });

/**
 * One invitation with its response: the latest answer and every earlier revision.
 * 1. Parse the id. 2. Read the invitation (NotFoundError). 3. Read its response and revisions.
 */
export async function getInvitation(
  ctx: AdminContext,
  input: unknown,
): Promise<{ invitation: Invitation; response: SurveyResponse | null; revisions: SurveyResponse[] }> {
  const { id } = parseInput(invitationInputById, input);
  const invitation = await readInvitation(ctx.storage, id);
  const [response, revisions] = await Promise.all([
    findSurveyResponse(ctx.storage, invitation),
    listSurveyResponseRevisions(ctx.storage, invitation),
  ]);
  return { invitation, response: response ?? null, revisions };
}

export const engineerMonthInput = z.strictObject({ engineerId: entityId, month: monthId });

/** The scoring engine's input for an engineer-month, as assembled from the table (what the monthly job scores). */
export async function scoringInput(ctx: AdminContext, input: unknown): Promise<ScoringInput> {
  const { engineerId, month } = parseInput(engineerMonthInput, input);
  return assembleScoringInput(ctx.storage, engineerId, month);
}

/** A preview of an engineer-month's score card from the facts stored so far (stores nothing, sends nothing). */
export async function scorePreview(ctx: AdminContext, input: unknown): Promise<ScoreCard> {
  const { engineerId, month } = parseInput(engineerMonthInput, input);
  return scoreEngineerMonth(await assembleScoringInput(ctx.storage, engineerId, month), defaultRubric);
}
