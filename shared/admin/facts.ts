// Use cases: the facts a manager records for an engineer's month — support requests, complaints (and their
// confirmation or dismissal), exam scores, success stories, the daily-report verdict, overrides, follow-up
// visits — and their per-month lists. Every write is a change of its month: the repositories take who makes it
// and store it with its record of changes, refused for a final month (MonthFinalError, 409).
import { randomUUID } from 'node:crypto';
import { entityId, monthId } from '../domain/common.ts';
import { type DailyReport, type FollowUpVisit, followUpVisitInput } from '../domain/dailyReport.ts';
import {
  type Complaint,
  complaintDecision,
  complaintInput,
  type ExamScore,
  examScoreInput,
  type Override,
  overrideInput,
  overrideKey,
  type SuccessStory,
  type SupportRequest,
  successStoryInput,
  supportRequestInput,
  supportRequestResolution,
  type Verdict,
  verdictInput,
} from '../domain/facts.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { defaultRubric } from '../rubric/default.ts';
import type { IndicatorKey } from '../rubric/indicators.ts';
import { indicatorRuleOf } from '../rubric/schema.ts';
import * as z from '../schema.ts';
import { monthReadRange } from '../storage/assemble.ts';
import type { Change } from '../storage/audit.ts';
import { createFollowUpVisit, listDailyReports, listFollowUpVisitsOfMonth } from '../storage/dailyReports.ts';
import { getEngineer } from '../storage/engineers.ts';
import {
  createComplaint,
  createSuccessStory,
  createSupportRequest,
  decideComplaint,
  deleteOverride,
  deleteSuccessStory,
  findComplaint,
  findSuccessStory,
  findSupportRequest,
  listComplaintsOfMonth,
  listExamScoresOfMonth,
  listOverridesOfMonth,
  listSuccessStoriesOfMonth,
  listSupportRequestsOfMonth,
  listVerdictsOfMonth,
  putExamScore,
  putOverride,
  putVerdict,
  replaceSupportRequest,
} from '../storage/facts.ts';
import { organisationTimezone } from '../storage/organisation.ts';
import { listEngineerProjects } from '../storage/projects.ts';
import { type AdminContext, parseInput } from './context.ts';

export const monthInput = z.strictObject({ month: monthId });
export const byIdInput = z.strictObject({ id: entityId });

const newId = () => randomUUID();

/**
 * Who makes the change and when, for the record of changes: always the caller (AdminContext.actor), also where
 * the input names someone else as `by` (that stays what the report shows).
 */
const changeBy = (ctx: AdminContext, at: string): Change => ({ actor: ctx.actor, at });

// ── support requests ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * Records a support request.
 * 1. Parse. 2. Check the engineer exists. 3. Refuse an id already used (ConflictError).
 * 4. Store under the engineer, listed in the month it is due (organisation time zone).
 */
export async function addSupportRequest(ctx: AdminContext, input: unknown): Promise<SupportRequest> {
  const fields = parseInput(supportRequestInput, input);
  await getEngineer(ctx.storage, fields.engineerId);
  if (fields.id && (await findSupportRequest(ctx.storage, fields.id))) {
    throw new ConflictError(`a support request with id ${fields.id} already exists`);
  }
  const at = ctx.now().toISOString();
  const request: SupportRequest = { ...fields, id: fields.id ?? newId(), createdAt: at, updatedAt: at };
  await createSupportRequest(
    ctx.storage,
    request,
    await organisationTimezone(ctx.storage),
    changeBy(ctx, at),
  );
  return request;
}

/**
 * Records how a request ended (or re-opens it with resolvedAt null).
 * 1. Parse. 2. Read the request (NotFoundError). 3. Store the resolution.
 */
export async function resolveSupportRequest(ctx: AdminContext, input: unknown): Promise<SupportRequest> {
  const resolution = parseInput(supportRequestResolution, input);
  const current = await findSupportRequest(ctx.storage, resolution.id);
  if (!current) throw new NotFoundError(`no support request with id ${resolution.id}`);
  const at = ctx.now().toISOString();
  const request: SupportRequest = { ...current, ...resolution, updatedAt: at };
  await replaceSupportRequest(ctx.storage, request, current, await organisationTimezone(ctx.storage), {
    ...changeBy(ctx, at),
    action:
      request.resolvedAt !== null ? 'resolved' : current.resolvedAt !== null ? 'reopened-request' : 'updated',
  });
  return request;
}

/** The requests due in a month, by due time. */
export async function listSupportRequests(ctx: AdminContext, input: unknown): Promise<SupportRequest[]> {
  const { month } = parseInput(monthInput, input);
  return listSupportRequestsOfMonth(ctx.storage, month);
}

// ── complaints ────────────────────────────────────────────────────────────────────────────────────────────────

/** Records a complaint as pending. 1. Parse. 2. Check the engineer. 3. Store (ConflictError on a used id). */
export async function addComplaint(ctx: AdminContext, input: unknown): Promise<Complaint> {
  const fields = parseInput(complaintInput, input);
  await getEngineer(ctx.storage, fields.engineerId);
  const complaint: Complaint = {
    ...fields,
    id: fields.id ?? newId(),
    status: 'pending',
    createdAt: ctx.now().toISOString(),
  };
  await createComplaint(ctx.storage, complaint, changeBy(ctx, complaint.createdAt));
  return complaint;
}

async function decide(
  ctx: AdminContext,
  input: unknown,
  status: 'confirmed' | 'dismissed',
): Promise<Complaint> {
  const { id, by } = parseInput(complaintDecision, input);
  const complaint = await findComplaint(ctx.storage, id);
  if (!complaint) throw new NotFoundError(`no complaint with id ${id}`);
  const at = ctx.now().toISOString();
  return decideComplaint(ctx.storage, complaint, { status, by: by ?? ctx.actor, at }, changeBy(ctx, at));
}

/** Confirms a complaint: it now counts. 1. Parse. 2. Read it (NotFoundError). 3. Record status, who, when. */
export async function confirmComplaint(ctx: AdminContext, input: unknown): Promise<Complaint> {
  return decide(ctx, input, 'confirmed');
}

/** Dismisses a complaint: it does not count. 1. Parse. 2. Read it (NotFoundError). 3. Record status, who, when. */
export async function dismissComplaint(ctx: AdminContext, input: unknown): Promise<Complaint> {
  return decide(ctx, input, 'dismissed');
}

export async function listComplaints(ctx: AdminContext, input: unknown): Promise<Complaint[]> {
  const { month } = parseInput(monthInput, input);
  return listComplaintsOfMonth(ctx.storage, month);
}

// ── learning ──────────────────────────────────────────────────────────────────────────────────────────────────

/** Sets an engineer's exam score of a month (replacing an earlier one). 1. Parse. 2. Check the engineer. 3. Store. */
export async function setExamScore(ctx: AdminContext, input: unknown): Promise<ExamScore> {
  const fields = parseInput(examScoreInput, input);
  await getEngineer(ctx.storage, fields.engineerId);
  const exam: ExamScore = { ...fields, by: fields.by ?? ctx.actor, at: ctx.now().toISOString() };
  await putExamScore(ctx.storage, exam, changeBy(ctx, exam.at));
  return exam;
}

export async function listExamScores(ctx: AdminContext, input: unknown): Promise<ExamScore[]> {
  return listExamScoresOfMonth(ctx.storage, parseInput(monthInput, input).month);
}

/** Records a success story the engineer shared. 1. Parse. 2. Check the engineer. 3. Store. */
export async function addSuccessStory(ctx: AdminContext, input: unknown): Promise<SuccessStory> {
  const fields = parseInput(successStoryInput, input);
  await getEngineer(ctx.storage, fields.engineerId);
  const story: SuccessStory = { ...fields, id: fields.id ?? newId(), createdAt: ctx.now().toISOString() };
  await createSuccessStory(ctx.storage, story, changeBy(ctx, story.createdAt));
  return story;
}

/** Removes a success story recorded by mistake. 1. Read it (NotFoundError). 2. Delete it. */
export async function removeSuccessStory(ctx: AdminContext, input: unknown): Promise<SuccessStory> {
  const { id } = parseInput(byIdInput, input);
  const story = await findSuccessStory(ctx.storage, id);
  if (!story) throw new NotFoundError(`no success story with id ${id}`);
  await deleteSuccessStory(ctx.storage, story, changeBy(ctx, ctx.now().toISOString()));
  return story;
}

export async function listSuccessStories(ctx: AdminContext, input: unknown): Promise<SuccessStory[]> {
  return listSuccessStoriesOfMonth(ctx.storage, parseInput(monthInput, input).month);
}

// ── daily-report verdict, overrides ───────────────────────────────────────────────────────────────────────────

/** Sets the month's verdict on an engineer's daily reports. 1. Parse. 2. Check the engineer. 3. Store. */
export async function setVerdict(ctx: AdminContext, input: unknown): Promise<Verdict> {
  const fields = parseInput(verdictInput, input);
  await getEngineer(ctx.storage, fields.engineerId);
  const verdict: Verdict = { ...fields, by: fields.by ?? ctx.actor, at: ctx.now().toISOString() };
  await putVerdict(ctx.storage, verdict, changeBy(ctx, verdict.at));
  return verdict;
}

export async function listVerdicts(ctx: AdminContext, input: unknown): Promise<Verdict[]> {
  return listVerdictsOfMonth(ctx.storage, parseInput(monthInput, input).month);
}

/** Refuses override points above what the rubric lets the indicator score (a 400 naming `points`). */
export function checkOverridePoints(indicator: IndicatorKey, points: number): void {
  const { maxPoints } = indicatorRuleOf(defaultRubric, indicator);
  if (points > maxPoints) {
    throw new ValidationError([
      { path: 'points', message: `${points} is above the most ${indicator} can score (${maxPoints})` },
    ]);
  }
}

/** An override's input, its points checked against what the rubric lets the indicator score. */
export function parseOverride(input: unknown): z.output<typeof overrideInput> {
  const fields = parseInput(overrideInput, input);
  checkOverridePoints(fields.indicator, fields.points);
  return fields;
}

/**
 * Overrides one indicator's points for an engineer-month, with a reason; shown on the report beside the
 * computed figure. 1. Parse. 2. Check the points against what the rubric lets the indicator score (the engine
 * refuses a card with a higher override, so it must be refused here, before the monthly run).
 * 3. Check the engineer. 4. Store (replacing an earlier override of that indicator).
 */
export async function setOverride(ctx: AdminContext, input: unknown): Promise<Override> {
  const fields = parseOverride(input);
  await getEngineer(ctx.storage, fields.engineerId);
  const override: Override = { ...fields, by: fields.by ?? ctx.actor, at: ctx.now().toISOString() };
  await putOverride(ctx.storage, override, changeBy(ctx, override.at));
  return override;
}

/** Removes an override. 1. Parse. 2. Delete it (NotFoundError when there was none). */
export async function removeOverride(ctx: AdminContext, input: unknown): Promise<{ removed: true }> {
  const key = parseInput(overrideKey, input);
  await deleteOverride(ctx.storage, key, changeBy(ctx, ctx.now().toISOString()));
  return { removed: true };
}

export async function listOverrides(ctx: AdminContext, input: unknown): Promise<Override[]> {
  return listOverridesOfMonth(ctx.storage, parseInput(monthInput, input).month);
}

// ── follow-up visits, daily reports ───────────────────────────────────────────────────────────────────────────

/**
 * Records a follow-up visit not logged in a daily report.
 * 1. Parse. 2. Check the project is one of the engineer's. 3. Store.
 */
export async function addFollowUpVisit(ctx: AdminContext, input: unknown): Promise<FollowUpVisit> {
  const fields = parseInput(followUpVisitInput, input);
  await getEngineer(ctx.storage, fields.engineerId);
  const projects = await listEngineerProjects(ctx.storage, fields.engineerId);
  if (!projects.some((p) => p.id === fields.projectId)) {
    throw new ValidationError([
      { path: 'projectId', message: `${fields.projectId} is not a project of ${fields.engineerId}` },
    ]);
  }
  const visit: FollowUpVisit = { ...fields, id: fields.id ?? newId(), createdAt: ctx.now().toISOString() };
  await createFollowUpVisit(ctx.storage, visit, changeBy(ctx, visit.createdAt));
  return visit;
}

export async function listFollowUpVisits(ctx: AdminContext, input: unknown): Promise<FollowUpVisit[]> {
  return listFollowUpVisitsOfMonth(ctx.storage, parseInput(monthInput, input).month);
}

export const engineerMonthInput = z.strictObject({ engineerId: entityId, month: monthId });

/** An engineer's daily reports of a month (the current revision of each day). */
export async function listEngineerDailyReports(ctx: AdminContext, input: unknown): Promise<DailyReport[]> {
  const { engineerId, month } = parseInput(engineerMonthInput, input);
  await getEngineer(ctx.storage, engineerId);
  const { from, to } = monthReadRange(month);
  const reports = await listDailyReports(ctx.storage, engineerId, from, to);
  return reports.filter((r) => r.date.startsWith(month));
}
