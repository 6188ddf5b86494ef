// Test builders: a perfect October 2026 (Asia/Shanghai, 22 workdays) to change one fact at a time, and
// small helpers to score it and read an indicator.
import { defaultRubric } from '#shared/rubric/default.ts';
import type { IndicatorKey } from '#shared/rubric/indicators.ts';
import type { Rubric } from '#shared/rubric/schema.ts';
import { scoreEngineerMonth } from '#shared/scoring/engine.ts';
import { type ScoringInputJson, scoringInputSchema } from '#shared/scoring/input.ts';
import type { IndicatorResult, ScoreCard } from '#shared/scoring/scoreCard.ts';

/** The 22 weekdays of October 2026. */
export const OCTOBER_WORKDAYS = [
  1, 2, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26, 27, 28, 29, 30,
].map((d) => `2026-10-${String(d).padStart(2, '0')}`);

/** One visit in each week that belongs to October (28 Sep–1 Nov). */
export const OCTOBER_WEEKLY_VISITS = ['2026-09-29', '2026-10-06', '2026-10-13', '2026-10-20', '2026-10-27'];

export function onTimeReports(days: readonly string[] = OCTOBER_WORKDAYS) {
  return days.map((date) => ({ date, submittedAt: `${date}T19:00:00+08:00` }));
}

/** Every indicator at its best without bonuses: 35 + 15 + 15 + 15 + 10 + 10 = 100. */
export function perfectMonth(): ScoringInputJson {
  return {
    month: '2026-10',
    timezone: 'Asia/Shanghai',
    engineer: { id: 'e-001', startDate: '2024-01-01' },
    supportRequests: [
      {
        customer: 'Acme',
        dueAt: '2026-10-09T18:00:00+08:00',
        resolvedAt: '2026-10-09T10:00:00+08:00',
        independent: true,
      },
    ],
    surveyResponses: [{ score: 100 }],
    projects: [{ id: 'p1', start: '2026-01-01', end: null }],
    followUps: OCTOBER_WEEKLY_VISITS.map((date) => ({ projectId: 'p1', date })),
    complaints: [],
    trainingScore: 100,
    successStories: [],
    dailyReports: onTimeReports(),
    dailyReportVerdict: 'standard',
  };
}

export function scoreJson(json: ScoringInputJson, rubric: Rubric = defaultRubric): ScoreCard {
  return scoreEngineerMonth(scoringInputSchema.parse(json), rubric);
}

export function indicator<K extends IndicatorKey>(
  card: ScoreCard,
  key: K,
): Extract<IndicatorResult, { key: K }> {
  return card.indicators.find((i) => i.key === key) as Extract<IndicatorResult, { key: K }>;
}

/** The points of one indicator after changing the perfect month. */
export function pointsWith(
  key: IndicatorKey,
  change: (m: ScoringInputJson) => void,
  rubric?: Rubric,
): number {
  const m = perfectMonth();
  change(m);
  return indicator(scoreJson(m, rubric), key).points;
}

export function pointsByKey(card: ScoreCard): Record<IndicatorKey, number> {
  return Object.fromEntries(card.indicators.map((i) => [i.key, i.points])) as Record<IndicatorKey, number>;
}
