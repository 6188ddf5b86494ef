// Assembles the scoring engine's input (shared/scoring/input.ts) for one engineer-month from the table, in five
// reads: the settings and the engineer (GetItem), their projects, their dated facts of the month ± the
// neighbouring weeks, and their monthly facts (one Query each).
import { dailyReportSchema, followUpVisitSchema } from '../domain/dailyReport.ts';
import {
  complaintSchema,
  examScoreSchema,
  overrideSchema,
  successStorySchema,
  supportRequestSchema,
  verdictSchema,
} from '../domain/facts.ts';
import { describeEmployment, employedInMonth } from '../domain/monthTimeline.ts';
import { storedSurveyResponseSchema } from '../domain/survey.ts';
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

/**
 * Reads everything the scorer needs for one engineer-month and returns it as a parsed ScoringInput.
 * 1. Read the organisation's settings (time zone, holidays, make-up workdays) and the engineer; a month
 *    entirely outside their employment is a NotFoundError.
 * 2. Query the engineer's projects.
 * 3. Query the engineer's dated facts from 4 days before to 4 days after the month: daily reports (their
 *    follow-up visits dated on the report's day), direct follow-up visits, complaints, success stories, support
 *    requests.
 * 4. Query the month's facts: exam score, verdict, overrides, survey responses (scored with the rubric).
 * 5. Parse with the engine's input schema, so stored data that breaks the contract fails here, loudly.
 */
export async function assembleScoringInput(
  storage: Storage,
  engineerId: string,
  month: string,
  rubric: Rubric = defaultRubric,
): Promise<ScoringInput> {
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

  const followUps: NonNullable<ScoringInputJson['followUps']> = [];
  const complaints: NonNullable<ScoringInputJson['complaints']> = [];
  const successStories: NonNullable<ScoringInputJson['successStories']> = [];
  const supportRequests: NonNullable<ScoringInputJson['supportRequests']> = [];
  const dailyReports: NonNullable<ScoringInputJson['dailyReports']> = [];
  const surveyResponses: NonNullable<ScoringInputJson['surveyResponses']> = [];
  const overrides: NonNullable<ScoringInputJson['overrides']> = [];
  let trainingScore: number | null = null;
  let dailyReportVerdict: ScoringInputJson['dailyReportVerdict'] = null;

  for (const item of dated) {
    switch (item.type) {
      case ENTITY.dailyReport: {
        const r = fromItem(dailyReportSchema, item);
        dailyReports.push({ date: r.date, submittedAt: r.submittedAt });
        // A visit logged in a daily report happened on the report's day.
        for (const f of r.followUps) followUps.push({ projectId: f.projectId, date: r.date });
        break;
      }
      case ENTITY.followUpVisit: {
        const v = fromItem(followUpVisitSchema, item);
        followUps.push({ projectId: v.projectId, date: v.date });
        break;
      }
      case ENTITY.complaint: {
        const c = fromItem(complaintSchema, item);
        complaints.push({ date: c.date, status: c.status });
        break;
      }
      case ENTITY.successStory: {
        const s = fromItem(successStorySchema, item);
        successStories.push({ date: s.date, title: s.title });
        break;
      }
      case ENTITY.supportRequest: {
        const r = fromItem(supportRequestSchema, item);
        supportRequests.push({
          id: r.id,
          customer: r.customer,
          dueAt: r.dueAt,
          resolvedAt: r.resolvedAt,
          independent: r.independent,
        });
        break;
      }
    }
  }
  for (const item of monthly) {
    switch (item.type) {
      case ENTITY.examScore:
        trainingScore = fromItem(examScoreSchema, item).score;
        break;
      case ENTITY.verdict:
        dailyReportVerdict = fromItem(verdictSchema, item).verdict;
        break;
      case ENTITY.override: {
        const o = fromItem(overrideSchema, item);
        overrides.push({ indicator: o.indicator, points: o.points, reason: o.reason, by: o.by, at: o.at });
        break;
      }
      case ENTITY.surveyResponse: {
        // The item's top-level answer is the latest revision: it is the one that counts.
        const r = fromItem(storedSurveyResponseSchema, item);
        surveyResponses.push({ score: responseScore(r.ratings, rubric), respondentId: r.respondentId });
        break;
      }
    }
  }

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
    supportRequests,
    surveyResponses,
    projects: projects.map((p) => ({ id: p.id, name: p.name, start: p.start, end: p.end ?? null })),
    followUps,
    complaints,
    trainingScore,
    successStories,
    dailyReports,
    dailyReportVerdict,
    overrides,
  };
  const parsed = scoringInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(
      `stored facts of ${engineerId} ${month} break the scoring contract: ${JSON.stringify(fieldProblems(parsed.error))}`,
    );
  }
  return parsed.data;
}
