// The score card: the engine's output contract (../shared/spec/scoring-input.md "Output") plus what a
// manager needs to read it: per indicator what was measured and a short explanation in zh-CN and en.

import type { Language } from '../domain/values.ts';
import type { DailyReportVerdict, IndicatorKey } from '../rubric/indicators.ts';

export type IndicatorFlag = 'no-data' | 'overridden';

export type Explanation = Record<Language, string>;

interface ResolutionMeasured {
  /** Distinct customers with at least one failed request: the number that is banded. */
  failedCustomers: number;
  /** Their names, sorted, for the report ("Acme, Beta"). */
  failedCustomerNames: string[];
  /** Requests due within the month, and how many of them failed. */
  requestsDue: number;
  failedRequests: number;
}

interface SatisfactionMeasured {
  responses: number;
  /** Mean response score, rounded half-up to one decimal: the figure that was banded. null with no responses. */
  meanScore: number | null;
}

export interface FollowUpWeek {
  /** ISO week id, e.g. `2026-W41`. */
  week: string;
  /** Monday and Sunday of the week (may lie in the neighbouring months). */
  start: string;
  end: string;
  /** The engineer's workdays in this week (for the weeks of the month). */
  workdays: number;
}

export interface FollowUpProjectGrid {
  projectId: string;
  name?: string;
  /** One cell per week of the month, in order: not required, visited, or missed. */
  cells: Array<'not-required' | 'visited' | 'missed'>;
  missedWeeks: string[];
}

interface FollowUpMeasured {
  /** Distinct projects that missed at least one required week: the number that is banded. */
  unvisitedProjects: number;
  weeks: FollowUpWeek[];
  projects: FollowUpProjectGrid[];
}

interface ComplaintsMeasured {
  confirmed: number;
  pending: number;
  dismissed: number;
}

interface LearningMeasured {
  trainingScore: number | null;
  basePoints: number;
  successStories: number;
  bonusPoints: number;
}

interface DailyReportMeasured {
  /** The engineer's own workdays in the month. */
  workdays: number;
  missed: number;
  missedDays: string[];
  /** Days with a report that came after the deadline (kept and shown, still missed). */
  lateDays: string[];
  verdict: DailyReportVerdict;
  /** What the verdict added; 0 when missed exceeded the limit and the verdict was not applied. */
  verdictPoints: number;
  verdictApplied: boolean;
}

export interface MeasuredByIndicator {
  resolution: ResolutionMeasured;
  satisfaction: SatisfactionMeasured;
  followUp: FollowUpMeasured;
  complaints: ComplaintsMeasured;
  learning: LearningMeasured;
  dailyReport: DailyReportMeasured;
}

interface IndicatorOverride {
  points: number;
  reason: string;
  by: string;
  at?: string;
}

export type IndicatorResult<K extends IndicatorKey = IndicatorKey> = {
  [P in K]: {
    key: P;
    /** The points that count: the override when there is one, else the computed points. */
    points: number;
    weight: number;
    /** Highest points the rubric allows for this indicator (may exceed the weight through bonuses). */
    maxPoints: number;
    measured: MeasuredByIndicator[P];
    flags: IndicatorFlag[];
    /** Present when overridden: what the engine computed. */
    computedPoints?: number;
    override?: IndicatorOverride;
    explanation: Explanation;
  };
}[K];

export interface ScoreCard {
  engineerId: string;
  month: string;
  /** The rubric's `id@version`. */
  rubric: string;
  total: number;
  maxTotal: number;
  /** All six, in sheet order. */
  indicators: IndicatorResult[];
}
