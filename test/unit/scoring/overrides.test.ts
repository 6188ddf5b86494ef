// Overrides: a manager's points replace the computed ones, which stay on the card with who and why.
import { describe, expect, test } from 'vitest';
import { ValidationError } from '#shared/errors.ts';
import { indicator, perfectMonth, scoreJson } from './month.ts';

describe('overrides', () => {
  test('the override counts in the total; the computed figure, author and reason are kept', () => {
    const m = perfectMonth();
    m.surveyResponses = [];
    m.overrides = [
      { indicator: 'satisfaction', points: 12, reason: 'survey sent late; phone interviews', by: 'li.na' },
    ];
    const card = scoreJson(m);
    const satisfaction = indicator(card, 'satisfaction');
    expect(satisfaction.points).toBe(12);
    expect(satisfaction.computedPoints).toBe(0);
    expect(satisfaction.override).toEqual({
      points: 12,
      reason: 'survey sent late; phone interviews',
      by: 'li.na',
    });
    expect(satisfaction.flags).toEqual(['no-data', 'overridden']);
    expect(card.total).toBe(100 - 15 + 12);
    expect(satisfaction.explanation.en).toContain('overridden by li.na to 12');
  });

  test('indicators without an override are untouched', () => {
    const m = perfectMonth();
    m.overrides = [{ indicator: 'complaints', points: 5, reason: 'escalation by phone', by: 'li.na' }];
    const card = scoreJson(m);
    expect(indicator(card, 'resolution').flags).toEqual([]);
    expect(indicator(card, 'resolution').computedPoints).toBeUndefined();
    expect(card.total).toBe(90);
  });

  test('an override above what the indicator can score is refused, naming the field', () => {
    const m = perfectMonth();
    m.overrides = [{ indicator: 'dailyReport', points: 13, reason: 'typo', by: 'li.na' }];
    const refused = (() => {
      try {
        scoreJson(m);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).problems).toEqual([
      { path: 'overrides[0].points', message: '13 is above the most dailyReport can score (12)' },
    ]);
  });
});
