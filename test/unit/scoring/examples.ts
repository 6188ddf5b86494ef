// The 18 normative cases of ../shared/spec/examples (copied to test/fixtures/examples), each with the full
// expected score card worked out by hand from kpi-sheet.md: the spec's `expect` names the figure the case is
// about; the other indicators follow from the shared "perfect" facts (35/15/15/15/10/10 = 100) of every case.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IndicatorKey } from '#shared/rubric/indicators.ts';
import type { IndicatorFlag } from '#shared/scoring/scoreCard.ts';

export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/examples/', import.meta.url));

type Points = Record<IndicatorKey, number>;
const BASE: Points = {
  resolution: 35,
  satisfaction: 15,
  followUp: 15,
  complaints: 15,
  learning: 10,
  dailyReport: 10,
};

export interface ExampleCase {
  name: string;
  points: Points;
  total: number;
  flags: Partial<Record<IndicatorKey, IndicatorFlag[]>>;
  why: string;
}

const cases: Array<[string, Partial<Points>, Partial<Record<IndicatorKey, IndicatorFlag[]>>, string]> = [
  ['A', { resolution: 30 }, {}, 'customers X, X, Y fail: 2 distinct customers'],
  ['B', { resolution: 10 }, {}, '11 distinct customers fail'],
  ['C', { resolution: 30 }, {}, 'resolved an hour after its due time: late'],
  ['D', { satisfaction: 15 }, {}, 'mean 94.966… rounds to 95.0'],
  ['E', { satisfaction: 10 }, {}, 'mean 84.95 rounds half-up to 85.0'],
  ['F', { satisfaction: 0 }, { satisfaction: ['no-data'] }, 'no survey response'],
  ['G', {}, {}, 'the 29 Sep visit covers the week of 1 Oct'],
  ['H', { followUp: 12 }, {}, 'no visit in the week of 28 Sep–4 Oct'],
  // Holidays 1–7 Oct with make-up Saturday 10 Oct: 18 workdays; the shared reports skip 10 Oct → 1 missed.
  ['I', { dailyReport: 9 }, {}, 'holiday week and make-up Saturday; 10 Oct has no report'],
  // Holidays 5–9 Oct: 17 workdays, all reported (reports on holidays are simply not needed).
  ['I2', {}, {}, 'a week without workdays requires nothing'],
  ['I3', {}, {}, 'project not active in the week of 28 Sep'],
  ['J', { complaints: 0 }, {}, '4 confirmed complaints, 1 dismissed'],
  ['K', { learning: 10 }, {}, 'exam 80 (lowest band) + 3 stories capped at 5'],
  ['L', { learning: 10 }, {}, 'exam 95 (> 90 band) + 1 story'],
  ['M', { dailyReport: 7 }, {}, '5 missed, insightful'],
  ['N', { dailyReport: 0 }, {}, '6 missed: zero, verdict not applied'],
  ['O', { dailyReport: 9 }, {}, 'one report 30 minutes after the deadline'],
  ['P', { learning: 14, dailyReport: 12 }, {}, 'everything perfect with bonuses'],
];

export const EXAMPLE_CASES: ExampleCase[] = cases.map(([name, changed, flags, why]) => {
  const points = { ...BASE, ...changed };
  return { name, points, total: Object.values(points).reduce((a, b) => a + b, 0), flags, why };
});

/** The spec's own file: `input` (a ScoringInputJson) and the figure it was written for. */
export function readExample(name: string): { input: unknown; expect: Record<string, number> } {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}${name}.json`, 'utf8'));
}
