// Use case of "my month" (我的考核, lifecycle.md "The engineer's own page"), opened from the daily-report link:
// the engineer's figures so far for the current month, their last six reports with the cards, and their
// appeals with outcomes. Only the link's own engineer is read, and of survey answers only their count: the
// page can show nobody else and no respondent's identity or comment.
import type { Appeal } from '../domain/appeal.ts';
import type { Engineer } from '../domain/engineer.ts';
import type { ScoreCardRecord } from '../domain/scoreCardRecord.ts';
import {
  addDays,
  instantOfLocalTime,
  type Language,
  localDate,
  monthOf,
  monthsEndingWith,
  type Zone,
} from '../domain/values.ts';
import type { FormPage } from '../html/page.ts';
import { defaultRubric } from '../rubric/default.ts';
import type { Rubric } from '../rubric/schema.ts';
import { scoreEngineerMonth } from '../scoring/engine.ts';
import { listAppealsOfEngineer } from '../storage/appeals.ts';
import { assembleScoringInput } from '../storage/assemble.ts';
import type { Storage } from '../storage/client.ts';
import { organisationTimezone } from '../storage/organisation.ts';
import { latestScoreCards } from '../storage/scoreCards.ts';
import { engineerOfLink } from './dailyReport.ts';
import { renderMyMonth } from './myMonthView.ts';

/** The current month's figures so far: what the engineer can still act on. */
export interface MonthSoFar {
  month: string;
  /** Workdays whose report deadline has passed without an on-time report (a late report still misses it). */
  missedDays: string[];
  /** Per project, the required weeks begun so far that have no follow-up visit yet. */
  openFollowUpWeeks: Array<{ project: string; weeks: Array<{ week: string; start: string; end: string }> }>;
  /** Support requests due this month and not resolved: the customer and when it is due. */
  openRequests: Array<{ customer: string; dueAt: string }>;
  /** How many survey answers arrived: a count, never who answered or what. */
  surveyResponses: number;
}

export interface MyMonth {
  engineer: Engineer;
  timezone: Zone;
  today: string;
  soFar: MonthSoFar;
  /** The latest card of each of the last six months that have one, newest first. */
  reports: ScoreCardRecord[];
  /** The engineer's own appeals of those months (never another's: read under their own partition). */
  appeals: Appeal[];
}

/** The deadline of `date`'s report has passed at `now` (the rubric's deadline, local time). */
function deadlinePassed(date: string, rubric: Rubric, timezone: Zone, now: Date): boolean {
  const { daysAfter, time } = rubric.dailyReportDeadline;
  const [hour, minute] = time.split(':').map(Number);
  return instantOfLocalTime(addDays(date, daysAfter), hour!, minute!, timezone) <= now.getTime();
}

/**
 * What the page shows.
 * 1. Check the link (the daily report's: signed, not expired, not revoked, an active engineer).
 * 2. The current month in the organisation's zone; its facts so far scored by the engine, of which only what
 *    has already happened is kept (a day whose deadline has not passed is not missed yet, a week not begun is
 *    not open).
 * 3. The latest cards of the six months before and this one, and the appeals of those months.
 */
export async function openMyMonth(
  storage: Storage,
  token: string,
  now: Date,
  rubric: Rubric = defaultRubric,
): Promise<MyMonth> {
  const engineer = await engineerOfLink(storage, token, now);
  const timezone = await organisationTimezone(storage);
  const today = localDate(now, timezone);
  const month = monthOf(now, timezone);
  const months = monthsEndingWith(month, 7);
  const [input, cards, appeals] = await Promise.all([
    assembleScoringInput(storage, engineer.id, month, rubric),
    // The engineer is the link's, read already: only the cards.
    latestScoreCards(
      storage,
      months.map((m) => ({ engineerId: engineer.id, month: m })),
    ),
    listAppealsOfEngineer(storage, engineer.id, months),
  ]);
  const card = scoreEngineerMonth(input, rubric);
  const soFar: MonthSoFar = {
    month,
    missedDays: [],
    openFollowUpWeeks: [],
    openRequests: [],
    surveyResponses: 0,
  };
  for (const result of card.indicators) {
    if (result.key === 'dailyReport') {
      soFar.missedDays = result.measured.missedDays.filter((d) => deadlinePassed(d, rubric, timezone, now));
    }
    if (result.key === 'followUp') {
      const { weeks, projects } = result.measured;
      soFar.openFollowUpWeeks = projects.flatMap((p) => {
        const open = weeks.filter((w, i) => p.cells[i] === 'missed' && w.start <= today);
        return open.length > 0
          ? [
              {
                project: p.name ?? p.projectId,
                weeks: open.map(({ week, start, end }) => ({ week, start, end })),
              },
            ]
          : [];
      });
    }
  }
  soFar.openRequests = input.supportRequests
    .filter((r) => r.resolvedAt === null)
    .map((r) => ({ customer: r.customer, dueAt: r.dueAt }));
  soFar.surveyResponses = input.surveyResponses.length;
  return {
    engineer,
    timezone,
    today,
    soFar,
    reports: cards.sort((a, b) => (a.month < b.month ? 1 : -1)).slice(0, 6),
    appeals,
  };
}

/** The page, in the language asked for (`lang`) or else the engineer's own. */
export async function myMonthPage(
  storage: Storage,
  token: string,
  lang: Language | undefined,
  now: Date,
): Promise<FormPage> {
  const view = await openMyMonth(storage, token, now);
  return {
    status: 200,
    html: renderMyMonth({ ...view, token, lang: lang ?? view.engineer.language, rubric: defaultRubric }),
  };
}
