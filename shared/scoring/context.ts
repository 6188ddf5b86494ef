// What every indicator function receives: the parsed facts, the month's calendar frame, the engineer's own
// workdays over that frame, and the indicator's rule from the rubric.

import type { IndicatorKey } from '../rubric/indicators.ts';
import type { IndicatorRule, Rubric } from '../rubric/schema.ts';
import type { MonthFrame } from './calendar.ts';
import type { ScoringInput } from './input.ts';
import type { Explanation, IndicatorFlag, MeasuredByIndicator } from './scoreCard.ts';

export interface ScoringContext {
  input: ScoringInput;
  rubric: Rubric;
  frame: MonthFrame;
  /** Per frame day: is it one of this engineer's workdays (organisation calendar, employment, leave)? */
  workday: readonly boolean[];
}

/** What an indicator function computes, before overrides. */
interface IndicatorOutcome<K extends IndicatorKey> {
  points: number;
  measured: MeasuredByIndicator[K];
  flags: IndicatorFlag[];
  explanation: Explanation;
}

export type IndicatorScorer<K extends IndicatorKey> = (
  ctx: ScoringContext,
  rule: IndicatorRule<K>,
) => IndicatorOutcome<K>;

/** "30 of 35" / "30/35 分": the points line every explanation ends with. */
export function pointsOf(points: number, max: number): Explanation {
  return { en: `${points} of ${max}`, 'zh-CN': `${points}/${max} 分` };
}

/** A list of names for an explanation, shortened when long. */
export function nameList(names: readonly string[], separator: string, limit = 10): string {
  if (names.length <= limit) return names.join(separator);
  return `${names.slice(0, limit).join(separator)}${separator}… (+${names.length - limit})`;
}
