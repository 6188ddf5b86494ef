// Assembles the scoring engine's input (shared/scoring/input.ts) for one engineer-month from the table, in five
// reads: the settings and the engineer (GetItem), their projects, their dated facts of the month ± the
// neighbouring weeks, and their monthly facts (one Query each).
import {
  type DailyReport,
  dailyReportSchema,
  type FollowUpVisit,
  followUpVisitSchema,
} from '../domain/dailyReport.ts';
import type { Engineer } from '../domain/engineer.ts';
import {
  type Complaint,
  complaintSchema,
  type ExamScore,
  examScoreSchema,
  type Override,
  overrideSchema,
  type SuccessStory,
  type SupportRequest,
  successStorySchema,
  supportRequestSchema,
  type Verdict,
  verdictSchema,
} from '../domain/facts.ts';
import { describeEmployment, employedInMonth } from '../domain/monthTimeline.ts';
import type { OrganisationSettings } from '../domain/organisation.ts';
import type { Project } from '../domain/project.ts';
import { type StoredSurveyResponse, storedSurveyResponseSchema } from '../domain/survey.ts';
import { addDays, DEFAULT_ZONE, firstDayOf, isMonth, lastDayOf } from '../domain/values.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { defaultRubric } from '../rubric/default.ts';
import type { Rubric } from '../rubric/schema.ts';
import { responseScore } from '../scoring/engine.ts';
import { type ScoringInput, type ScoringInputJson, scoringInputSchema } from '../scoring/input.ts';
import { fieldProblems } from '../validation.ts';
import { fromItem, queryAll, type Storage } from './client.ts';
import { findEngineer } from './engineers.ts';
import { ENTITY, keys } from './keys.ts';
import { findOrganisationSettings } from './organisation.ts';
import { listEngineerProjects } from './projects.ts';

/**
 * Days read before and after the month. The month's ISO weeks reach at most 3 days beyond it; one more day
 * covers support requests, which are keyed by the UTC date of their due time (any zone is within a day of UTC).
 */
const MARGIN_DAYS = 4;

/** The dates from..to (inclusive) whose facts the scorer may need for `month`. */
export function monthReadRange(month: string): { from: string; to: string } {
  if (!isMonth(month)) throw new ValidationError([{ path: 'month', message: 'expected a month YYYY-MM' }]);
  return { from: addDays(firstDayOf(month), -MARGIN_DAYS), to: addDays(lastDayOf(month), MARGIN_DAYS) };
}

/** An engineer-month's stored facts as the manager recorded them: what the scorer reads, before it is reduced. */
export interface EngineerMonthFacts {
  month: string;
  settings: OrganisationSettings | undefined;
  engineer: Engineer;
  projects: Project[];
  /** The dated facts from 4 days before to 4 days after the month (the weeks the month's grid needs). */
  dailyReports: DailyReport[];
  followUpVisits: FollowUpVisit[];
  complaints: Complaint[];
  successStories: SuccessStory[];
  supportRequests: SupportRequest[];
  /** The month's own facts. */
  examScore: ExamScore | null;
  verdict: Verdict | null;
  overrides: Override[];
  surveyResponses: StoredSurveyResponse[];
}

/**
 * Reads everything the scorer needs for one engineer-month, as the stored facts themselves (the console shows
 * them as the card's evidence; assembleScoringInput reduces them to the engine's input).
 * 1. Read the organisation's settings (time zone, holidays, make-up workdays) and the engineer; a month
 *    entirely outside their employment is a NotFoundError.
 * 2. Query the engineer's projects.
 * 3. Query the engineer's dated facts from 4 days before to 4 days after the month: daily reports (their
 *    follow-up visits dated on the report's day), direct follow-up visits, complaints, success stories, support
 *    requests.
 * 4. Query the month's facts: exam score, verdict, overrides, survey responses.
 */
export async function readEngineerMonthFacts(
  storage: Storage,
  engineerId: string,
  month: string,
): Promise<EngineerMonthFacts> {
  const { from, to } = monthReadRange(month);
  const pk = keys.engineerPartition(engineerId);
  const [settings, engineer, projects, dated, monthly] = await Promise.all([
    // Strongly consistent reads: a preview right after a manager's write must see it.
    findOrganisationSettings(storage),
    findEngineer(storage, engineerId),
    listEngineerProjects(storage, engineerId),
    queryAll(storage, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': pk,
        ':from': keys.datedPrefix(from),
        ':to': keys.datedUpperBound(to),
      },
      ConsistentRead: true,
    }),
    queryAll(storage, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': keys.monthFactsPrefix(month) },
      ConsistentRead: true,
    }),
  ]);
  if (!engineer) throw new NotFoundError(`no engineer with id ${engineerId}`);
  // A month entirely outside the employment is not the engineer's: there is nothing to score, preview or report.
  if (!employedInMonth(engineer, month)) {
    throw new NotFoundError(
      `${engineerId} was not employed in ${month} (${describeEmployment(engineer)}): there is no card for that month`,
    );
  }
  const facts: EngineerMonthFacts = {
    month,
    settings,
    engineer,
    projects,
    dailyReports: [],
    followUpVisits: [],
    complaints: [],
    successStories: [],
    supportRequests: [],
    examScore: null,
    verdict: null,
    overrides: [],
    surveyResponses: [],
  };
  for (const item of dated) {
    switch (item.type) {
      case ENTITY.dailyReport:
        facts.dailyReports.push(fromItem(dailyReportSchema, item));
        break;
      case ENTITY.followUpVisit:
        facts.followUpVisits.push(fromItem(followUpVisitSchema, item));
        break;
      case ENTITY.complaint:
        facts.complaints.push(fromItem(complaintSchema, item));
        break;
      case ENTITY.successStory:
        facts.successStories.push(fromItem(successStorySchema, item));
        break;
      case ENTITY.supportRequest:
        facts.supportRequests.push(fromItem(supportRequestSchema, item));
        break;
    }
  }
  for (const item of monthly) {
    switch (item.type) {
      case ENTITY.examScore:
        facts.examScore = fromItem(examScoreSchema, item);
        break;
      case ENTITY.verdict:
        facts.verdict = fromItem(verdictSchema, item);
        break;
      case ENTITY.override:
        facts.overrides.push(fromItem(overrideSchema, item));
        break;
      case ENTITY.surveyResponse:
        facts.surveyResponses.push(fromItem(storedSurveyResponseSchema, item));
        break;
    }
  }
  return facts;
}

/**
 * The engine's input of an engineer-month's facts, parsed with the engine's input schema, so stored data that
 * breaks the contract fails here, loudly. Pure: a preview applies a proposed change to the facts first.
 */
export function scoringInputOf(facts: EngineerMonthFacts, rubric: Rubric = defaultRubric): ScoringInput {
  const { settings, engineer, month } = facts;
  // A visit logged in a daily report happened on the report's day.
  const followUps: NonNullable<ScoringInputJson['followUps']> = [
    ...facts.dailyReports.flatMap((r) => r.followUps.map((f) => ({ projectId: f.projectId, date: r.date }))),
    ...facts.followUpVisits.map((v) => ({ projectId: v.projectId, date: v.date })),
  ];
  const input: ScoringInputJson = {
    month,
    timezone: settings?.timezone ?? DEFAULT_ZONE,
    calendar: { holidays: settings?.holidays ?? [], workdays: settings?.makeUpWorkdays ?? [] },
    engineer: {
      id: engineer.id,
      startDate: engineer.startDate ?? null,
      endDate: engineer.endDate ?? null,
      leave: engineer.leave,
    },
    supportRequests: facts.supportRequests.map((r) => ({
      id: r.id,
      customer: r.customer,
      dueAt: r.dueAt,
      resolvedAt: r.resolvedAt,
      independent: r.independent,
    })),
    // The item's top-level answer is the latest revision: it is the one that counts.
    surveyResponses: facts.surveyResponses.map((r) => ({
      score: responseScore(r.ratings, rubric),
      respondentId: r.respondentId,
    })),
    projects: facts.projects.map((p) => ({ id: p.id, name: p.name, start: p.start, end: p.end ?? null })),
    followUps,
    complaints: facts.complaints.map((c) => ({ date: c.date, status: c.status })),
    trainingScore: facts.examScore?.score ?? null,
    successStories: facts.successStories.map((s) => ({ date: s.date, title: s.title })),
    dailyReports: facts.dailyReports.map((r) => ({ date: r.date, submittedAt: r.submittedAt })),
    dailyReportVerdict: facts.verdict?.verdict ?? null,
    overrides: facts.overrides.map((o) => ({
      indicator: o.indicator,
      points: o.points,
      reason: o.reason,
      by: o.by,
      at: o.at,
    })),
  };
  const parsed = scoringInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(
      `stored facts of ${engineer.id} ${month} break the scoring contract: ${JSON.stringify(fieldProblems(parsed.error))}`,
    );
  }
  return parsed.data;
}

/** Reads an engineer-month's facts (readEngineerMonthFacts) and returns them as a parsed ScoringInput. */
export async function assembleScoringInput(
  storage: Storage,
  engineerId: string,
  month: string,
  rubric: Rubric = defaultRubric,
): Promise<ScoringInput> {
  return scoringInputOf(await readEngineerMonthFacts(storage, engineerId, month), rubric);
}
