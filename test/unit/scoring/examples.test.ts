// The spec's 18 normative examples score as kpi-sheet.md says: every indicator, the total and the flags.
import { describe, expect, test } from 'vitest';
import { INDICATOR_KEYS } from '#shared/rubric/indicators.ts';
import { scoreEngineerMonth } from '#shared/scoring/engine.ts';
import { scoringInputSchema } from '#shared/scoring/input.ts';
import { EXAMPLE_CASES, readExample } from './examples.ts';
import { pointsByKey } from './month.ts';

describe('the normative examples of kpi-sheet.md', () => {
  test.each(EXAMPLE_CASES)('case $name: $why', ({ name, points, total, flags }) => {
    const example = readExample(name);
    const card = scoreEngineerMonth(scoringInputSchema.parse(example.input));

    // The figure the spec wrote the case for, straight from its file.
    for (const [key, value] of Object.entries(example.expect)) {
      if (key === 'total') expect(card.total).toBe(value);
      else expect(pointsByKey(card)[key as keyof typeof points]).toBe(value);
    }
    expect(pointsByKey(card)).toEqual(points);
    expect(card.total).toBe(total);
    expect(card.maxTotal).toBe(107);
    expect(card.indicators.map((i) => i.key)).toEqual([...INDICATOR_KEYS]);
    for (const ind of card.indicators) expect(ind.flags).toEqual(flags[ind.key] ?? []);
  });

  test('case F shows its missing survey as no data in both languages', () => {
    const card = scoreEngineerMonth(scoringInputSchema.parse(readExample('F').input));
    const satisfaction = card.indicators[1]!;
    expect(satisfaction.measured).toEqual({ responses: 0, meanScore: null });
    expect(satisfaction.explanation.en).toContain('no data');
    expect(satisfaction.explanation['zh-CN']).toContain('无数据');
  });
});
