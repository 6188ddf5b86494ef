// Custom rubrics are refused with a message naming each problem and its path: overlapping or gapped bands,
// weights not summing to 100, unknown or missing indicators, negative caps. A valid custom rubric scores.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ValidationError } from '#shared/errors.ts';
import { defaultRubric, defaultRubricJson } from '#shared/rubric/default.ts';
import { defaultDailyReportDeadline, defaultSurvey } from '#shared/rubric/defaultParts.ts';
import { loadRubric, type RubricJson } from '#shared/rubric/schema.ts';
import { indicator, perfectMonth, scoreJson } from '../scoring/month.ts';

// biome-ignore lint/suspicious/noExplicitAny: these tests edit rubric JSON freely, into invalid shapes too
type Json = Record<string, any>;
const copy = (): Json => structuredClone(defaultRubricJson) as Json;
const at = (r: Json, key: string): Json => r.indicators.find((i: Json) => i.key === key);

function problemsOf(rubric: unknown) {
  try {
    loadRubric(rubric);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems;
  }
  throw new Error('the rubric was accepted');
}

describe('the default rubric', () => {
  test('encodes the sheet: six indicators in sheet order, weights 100, max total 107', () => {
    expect(defaultRubric.indicators.map((i) => [i.key, i.weight, i.maxPoints])).toEqual([
      ['resolution', 35, 35],
      ['satisfaction', 15, 15],
      ['followUp', 15, 15],
      ['complaints', 15, 15],
      ['learning', 10, 15],
      ['dailyReport', 10, 12],
    ]);
    expect(defaultRubric.maxTotal).toBe(107);
    expect(defaultRubric.survey.questions.map((q) => q.key)).toEqual([
      'responsiveness',
      'technicalCompetence',
      'solutionEffectiveness',
      'serviceAttitude',
      'communication',
    ]);
  });
});

describe('invalid rubrics are refused', () => {
  test('overlapping bands', () => {
    const r = copy();
    at(r, 'resolution').bands[1] = { atLeast: 0, atMost: 3, points: 30 };
    expect(problemsOf(r)).toEqual([
      {
        path: 'indicators[0].bands[1]',
        message:
          'overlap: band 0 (≤ 0) and band 1 (≥ 0 and ≤ 3) both cover 0; failed customers are counted in whole numbers from 0',
      },
    ]);
  });

  test('a gap between bands', () => {
    const r = copy();
    at(r, 'satisfaction').bands[2] = { atLeast: 86, below: 90, points: 10 };
    expect(problemsOf(r)).toEqual([
      {
        path: 'indicators[1].bands[2]',
        message:
          'gap: no band covers values ≥ 85 and < 86, between band 1 (≥ 80 and < 85) and band 2 (≥ 86 and < 90); the mean survey score is any number from 0 to 100',
      },
    ]);
  });

  test('a gap at the edge of the scale', () => {
    const r = copy();
    at(r, 'learning').bands.pop();
    expect(problemsOf(r)).toEqual([
      {
        path: 'indicators[4].bands[2]',
        message:
          'gap: no band covers values > 95 and ≤ 100, above band 2 (> 90 and ≤ 95); the exam score is any number from 0 to 100',
      },
    ]);
  });

  test('an exclusive bound meeting an exclusive bound leaves the value itself out', () => {
    const r = copy();
    at(r, 'satisfaction').bands[1] = { above: 80, below: 85, points: 5 };
    expect(problemsOf(r)[0]!.message).toMatch(
      /^gap: no band covers exactly 80, between band 0 \(< 80\) and band 1/,
    );
  });

  test('an overlap names the values both bands really cover', () => {
    const r = copy();
    at(r, 'resolution').bands = [
      { atMost: 0, points: 35 },
      { above: 0, atMost: 6, points: 30 },
      { above: 3, atMost: 5, points: 25 },
      { above: 6, points: 10 },
    ];
    expect(problemsOf(r)).toEqual([
      {
        path: 'indicators[0].bands[2]',
        message:
          'overlap: band 1 (> 0 and ≤ 6) and band 2 (> 3 and ≤ 5) both cover 4 … 5; failed customers are counted in whole numbers from 0',
      },
    ]);
    const s = copy();
    at(s, 'satisfaction').bands[1] = { atLeast: 79.5, below: 85, points: 5 };
    expect(problemsOf(s)).toEqual([
      {
        path: 'indicators[1].bands[1]',
        message:
          'overlap: band 0 (< 80) and band 1 (≥ 79.5 and < 85) both cover values ≥ 79.5 and < 80; the mean survey score is any number from 0 to 100',
      },
    ]);
  });

  test('an unbounded band overlaps every band after it', () => {
    const r = copy();
    at(r, 'followUp').bands = [{ points: 15 }, { atLeast: 4, points: 10 }];
    expect(problemsOf(r)).toEqual([
      {
        path: 'indicators[2].bands[1]',
        message:
          'overlap: band 0 (any value) and band 1 (≥ 4) both cover 4 and more; projects not followed up are counted in whole numbers from 0',
      },
    ]);
  });

  test('a gap in whole-number bands names the whole numbers left out', () => {
    const r = copy();
    at(r, 'resolution').bands = [
      { atMost: 3, points: 30 },
      { atLeast: 6, points: 10 },
    ];
    expect(problemsOf(r)).toEqual([
      {
        path: 'indicators[0].bands[1]',
        message:
          'gap: no band covers 4 … 5, between band 0 (≤ 3) and band 1 (≥ 6); failed customers are counted in whole numbers from 0',
      },
    ]);
  });

  test('a score may be any number: ≤ 80 then > 80.5 leaves a gap', () => {
    const r = copy();
    at(r, 'learning').bands[0] = { atMost: 80, points: 5 };
    at(r, 'learning').bands[1] = { above: 80.5, atMost: 90, points: 6 };
    expect(problemsOf(r)[0]!.message).toBe(
      'gap: no band covers values > 80 and ≤ 80.5, between band 0 (≤ 80) and band 1 (> 80.5 and ≤ 90); the exam score is any number from 0 to 100',
    );
  });

  test('weights that do not sum to 100', () => {
    const r = copy();
    at(r, 'resolution').weight = 30;
    expect(problemsOf(r)).toEqual([{ path: 'indicators', message: 'weights sum to 95, not 100' }]);
  });

  test('an unknown indicator key', () => {
    const r = copy();
    r.indicators.push({ ...at(r, 'complaints'), key: 'punctuality', weight: 0 });
    expect(problemsOf(r)).toContainEqual({
      path: 'indicators[6].key',
      message:
        'unknown indicator key; expected one of resolution, satisfaction, followUp, complaints, learning, dailyReport',
    });
  });

  test('a missing or repeated indicator', () => {
    const missing = copy();
    missing.indicators = missing.indicators.filter((i: Json) => i.key !== 'learning');
    expect(problemsOf(missing)).toContainEqual({
      path: 'indicators',
      message: 'missing indicators: learning',
    });
    const repeated = copy();
    repeated.indicators.push({ ...at(repeated, 'learning'), weight: 0 });
    expect(problemsOf(repeated)).toContainEqual({
      path: 'indicators[6].key',
      message: 'indicator learning appears twice (also at indicators[4])',
    });
  });

  test('negative caps, penalties and points', () => {
    const r = copy();
    at(r, 'learning').bonus.cap = -1;
    at(r, 'complaints').penaltyPerComplaint = -5;
    at(r, 'resolution').bands[0].points = -35;
    expect(problemsOf(r)).toEqual([
      { path: 'indicators[0].bands[0].points', message: 'points must not be negative' },
      { path: 'indicators[3].penaltyPerComplaint', message: 'penaltyPerComplaint must not be negative' },
      { path: 'indicators[4].bonus.cap', message: 'bonus.cap must not be negative' },
    ]);
  });

  test('a malformed deadline and survey scale', () => {
    const r = copy();
    r.dailyReportDeadline.time = '24:00';
    r.survey.multiplier = 25;
    expect(problemsOf(r)).toEqual([
      {
        path: 'survey.multiplier',
        message: 'scale.max × multiplier is 125; a response score must not exceed 100',
      },
      { path: 'dailyReportDeadline.time', message: 'expected a time HH:MM (24-hour)' },
    ]);
  });

  test('a low-rating threshold outside the scale, or at its top, is refused', () => {
    for (const value of [5, 0, 1.5]) {
      const r = copy();
      r.survey.lowRatingAtMost = value;
      expect(problemsOf(r)).toEqual([
        { path: 'survey.lowRatingAtMost', message: 'expected a whole rating from 1 to 4' },
      ]);
    }
  });

  test('not an object at all', () => {
    expect(problemsOf('rubric')).toHaveLength(1);
  });
});

describe('a valid custom rubric', () => {
  test('changes the score as its data says, and its maximum', () => {
    const r = copy();
    // A stricter company: complaints cost 8, the bonus cap is 4, listed in another order.
    at(r, 'complaints').penaltyPerComplaint = 8;
    at(r, 'learning').bonus.cap = 4;
    r.indicators.reverse();
    r.version = 'strict-1';
    const rubric = loadRubric(r as RubricJson);
    expect(rubric.indicators.map((i) => i.key)[0]).toBe('resolution');
    expect(rubric.maxTotal).toBe(106);

    const m = perfectMonth();
    m.complaints = [{ date: '2026-10-05', status: 'confirmed' }];
    m.successStories = [{ date: '2026-10-05' }, { date: '2026-10-06' }, { date: '2026-10-07' }];
    const card = scoreJson(m, rubric);
    expect(card.rubric).toBe('presales-kpi-sheet@strict-1');
    expect(indicator(card, 'complaints').points).toBe(7);
    expect(indicator(card, 'learning').points).toBe(14);
  });

  test('whole-number bands may be written as ≤ 3 then > 3.5: no whole number is left out', () => {
    const r = copy();
    at(r, 'resolution').bands = [
      { atMost: 0, points: 35 },
      { above: 0, atMost: 3, points: 30 },
      { above: 3.5, atMost: 5, points: 25 },
      { above: 5, points: 10 },
    ];
    const rubric = loadRubric(r);
    const failedFor = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        customer: `C${i}`,
        dueAt: '2026-10-12T18:00:00+08:00',
        resolvedAt: null,
        independent: false,
      }));
    const points = (n: number) =>
      indicator(scoreJson({ ...perfectMonth(), supportRequests: failedFor(n) }, rubric), 'resolution').points;
    expect([0, 3, 4, 5, 6].map(points)).toEqual([35, 30, 25, 25, 10]);
  });

  test('whole-number bands may be written as ≤ 3 then ≥ 4', () => {
    const r = copy();
    at(r, 'resolution').bands = [
      { atMost: 0, points: 35 },
      { atLeast: 1, atMost: 3, points: 30 },
      { atLeast: 4, points: 10 },
    ];
    expect(loadRubric(r).indicators[0]!.maxPoints).toBe(35);
  });
});

describe('the shipped rubric file', () => {
  test('examples/rubric.json is the default rubric, ready to copy and edit', () => {
    const shipped = JSON.parse(
      readFileSync(new URL('../../../examples/rubric.json', import.meta.url), 'utf8'),
    );
    expect(shipped).toEqual(defaultRubricJson);
    expect(loadRubric(shipped)).toEqual(defaultRubric);
  });
});

describe('the default rubric parts the forms read unparsed', () => {
  test('are what the parsed default rubric holds: the survey and the daily-report deadline', () => {
    expect(defaultSurvey).toEqual(defaultRubric.survey);
    expect(defaultDailyReportDeadline).toEqual(defaultRubric.dailyReportDeadline);
    // and they pass the rubric's own checks, in the rubric they come from
    expect(loadRubric({ ...defaultRubricJson, survey: defaultSurvey }).survey).toEqual(defaultSurvey);
  });
});
