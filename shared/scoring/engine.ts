// The scoring engine: one engineer-month of facts (ScoringInput) → the score card, by the rubric.
// Pure: no I/O, no clock, no AWS. The monthly job, `kpi score` and the tests all call this one function.
import { ValidationError } from '../errors.ts';
import { defaultRubric } from '../rubric/default.ts';
import type { IndicatorKey } from '../rubric/indicators.ts';
import type { IndicatorRule, Rubric } from '../rubric/schema.ts';
import { engineerWorkdays, monthFrame } from './calendar.ts';
import type { IndicatorScorer, ScoringContext } from './context.ts';
import { scoreComplaints } from './indicators/complaints.ts';
import { scoreDailyReport } from './indicators/dailyReport.ts';
import { scoreFollowUp } from './indicators/followUp.ts';
import { scoreLearning } from './indicators/learning.ts';
import { scoreResolution } from './indicators/resolution.ts';
import { scoreSatisfaction } from './indicators/satisfaction.ts';
import type { ScoringInput } from './input.ts';
import type { IndicatorFlag, IndicatorResult, ScoreCard } from './scoreCard.ts';

const SCORERS: { [K in IndicatorKey]: IndicatorScorer<K> } = {
  resolution: scoreResolution,
  satisfaction: scoreSatisfaction,
  followUp: scoreFollowUp,
  complaints: scoreComplaints,
  learning: scoreLearning,
  dailyReport: scoreDailyReport,
};

/**
 * Scores one engineer-month.
 * 1. Takes the month's calendar frame (memoized) and the engineer's own workdays over it.
 * 2. Scores each indicator of the rubric, in sheet order, with its own function.
 * 3. Applies the manager's overrides (the computed figure is kept beside them).
 * 4. Totals the points.
 * Throws ValidationError when an override exceeds what the rubric allows for its indicator.
 */
export function scoreEngineerMonth(input: ScoringInput, rubric: Rubric = defaultRubric): ScoreCard {
  const frame = monthFrame(input.month, input.timezone, input.calendar, rubric.dailyReportDeadline);
  const ctx: ScoringContext = { input, rubric, frame, workday: engineerWorkdays(frame, input.engineer) };

  const indicators: IndicatorResult[] = [];
  let total = 0;
  for (const rule of rubric.indicators) {
    const scorer = SCORERS[rule.key] as IndicatorScorer<IndicatorKey>;
    const outcome = scorer(ctx, rule as IndicatorRule<IndicatorKey>);
    const result = {
      key: rule.key,
      points: outcome.points,
      weight: rule.weight,
      maxPoints: rule.maxPoints,
      measured: outcome.measured,
      flags: outcome.flags,
      explanation: outcome.explanation,
    } as IndicatorResult;
    const overrideIndex = input.overrides.findIndex((o) => o.indicator === rule.key);
    if (overrideIndex >= 0) applyOverride(result, input, overrideIndex);
    total += result.points;
    indicators.push(result);
  }
  return {
    engineerId: input.engineer.id,
    month: input.month,
    rubric: `${rubric.id}@${rubric.version}`,
    total,
    maxTotal: rubric.maxTotal,
    indicators,
  };
}

function applyOverride(result: IndicatorResult, input: ScoringInput, index: number): void {
  const o = input.overrides[index]!;
  if (o.points > result.maxPoints) {
    throw new ValidationError([
      {
        path: `overrides[${index}].points`,
        message: `${o.points} is above the most ${o.indicator} can score (${result.maxPoints})`,
      },
    ]);
  }
  result.computedPoints = result.points;
  result.points = o.points;
  result.override =
    o.at === undefined
      ? { points: o.points, reason: o.reason, by: o.by }
      : { points: o.points, reason: o.reason, by: o.by, at: o.at };
  result.flags = [...result.flags, 'overridden' satisfies IndicatorFlag];
  result.explanation = {
    en: `${result.explanation.en}; overridden by ${o.by} to ${o.points}: ${o.reason}`,
    'zh-CN': `${result.explanation['zh-CN']}；经 ${o.by} 调整为 ${o.points} 分：${o.reason}`,
  };
}

/**
 * A survey response's score from its ratings, as the rubric says: the mean rating × the multiplier
 * (five ratings 1–5 × 20 → 20–100). Throws ValidationError for a rating off the scale or a wrong count.
 */
export function surveyScoreFromRatings(ratings: readonly number[], rubric: Rubric = defaultRubric): number {
  const { scale, multiplier, questions } = rubric.survey;
  const problems = ratings.flatMap((r, i) =>
    Number.isInteger(r) && r >= scale.min && r <= scale.max
      ? []
      : [{ path: `ratings[${i}]`, message: `expected a whole number from ${scale.min} to ${scale.max}` }],
  );
  if (ratings.length !== questions.length) {
    problems.push({
      path: 'ratings',
      message: `expected ${questions.length} ratings, one per question, got ${ratings.length}`,
    });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  const sum = ratings.reduce((a, b) => a + b, 0);
  // sum × multiplier first: whole numbers stay exact (5 ratings × 20 → a whole score).
  return (sum * multiplier) / ratings.length;
}

/**
 * A stored survey response's score: its ratings by question key, read in the rubric's question order. A question
 * without a rating is refused, as an off-scale rating is.
 */
export function responseScore(
  ratings: Readonly<Record<string, number>>,
  rubric: Rubric = defaultRubric,
): number {
  return surveyScoreFromRatings(
    rubric.survey.questions.map((q) => ratings[q.key] ?? Number.NaN),
    rubric,
  );
}
