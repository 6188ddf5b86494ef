// Custom rubrics are refused with a message naming each problem and its path: overlapping or gapped bands,
// weights not summing to 100, unknown or missing indicators, negative caps. A valid custom rubric scores.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ValidationError } from '#shared/errors.ts';
import { defaultRubric, defaultRubricJson } from '#shared/rubric/default.ts';
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
        message: 'overlap: bands 0 (≤ 0) and 1 (≥ 0 and ≤ 3) both cover 0',
      },
    ]);
  });

  test('a gap between bands', () => {
    const r = copy();
    at(r, 'satisfaction').bands[2] = { atLeast: 86, below: 90, points: 10 };
    expect(problemsOf(r)).toEqual([
      {
        path: 'indicators[1].bands[2]',
        message: 'gap: no band covers the values between bands 1 (≥ 80 and < 85) and 2 (≥ 86 and < 90)',
      },
    ]);
  });

  test('a gap at the edge of the scale', () => {
    const r = copy();
    at(r, 'learning').bands.pop();
    expect(problemsOf(r)).toEqual([
      { path: 'indicators[4].bands[2]', message: 'gap: no band covers values above band 2 (> 90 and ≤ 95)' },
    ]);
  });

  test('an exclusive bound meeting an exclusive bound leaves the value itself out', () => {
    const r = copy();
    at(r, 'satisfaction').bands[1] = { above: 80, below: 85, points: 5 };
    expect(problemsOf(r)[0]!.message).toMatch(
      /^gap: no band covers the values between bands 0 \(< 80\) and 1/,
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
