// A survey response's score from its five 1–5 ratings: the mean rating × 20, as the rubric says.
import { describe, expect, test } from 'vitest';
import { ValidationError } from '#shared/errors.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { responseScore, surveyScoreFromRatings } from '#shared/scoring/engine.ts';

function refusal(ratings: number[]) {
  try {
    surveyScoreFromRatings(ratings, defaultRubric);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems;
  }
  throw new Error('the ratings were accepted');
}

describe('surveyScoreFromRatings', () => {
  test.each([
    [[5, 5, 5, 5, 5], 100],
    [[1, 1, 1, 1, 1], 20],
    [[5, 4, 5, 4, 5], 92],
    [[3, 4, 5, 4, 3], 76],
  ])('%j → %d', (ratings, score) => {
    expect(surveyScoreFromRatings(ratings, defaultRubric)).toBe(score);
  });

  test('ratings off the 1–5 scale or not whole are refused, naming each', () => {
    expect(refusal([0, 5, 6, 4.5, 5])).toEqual([
      { path: 'ratings[0]', message: 'expected a whole number from 1 to 5' },
      { path: 'ratings[2]', message: 'expected a whole number from 1 to 5' },
      { path: 'ratings[3]', message: 'expected a whole number from 1 to 5' },
    ]);
  });

  test('one rating per question of the survey', () => {
    expect(refusal([5, 5, 5, 5])).toEqual([
      { path: 'ratings', message: 'expected 5 ratings, one per question, got 4' },
    ]);
  });
});

describe('responseScore: a stored response’s ratings by question key', () => {
  const keys = defaultRubric.survey.questions.map((q) => q.key);

  test('reads each question’s rating whatever order the keys were stored in', () => {
    const ratings = Object.fromEntries(keys.map((k, i) => [k, [3, 4, 5, 4, 3][i]!]).reverse());
    expect(responseScore(ratings, defaultRubric)).toBe(76);
  });

  test('a question left without a rating is refused, naming its place', () => {
    const ratings = Object.fromEntries(keys.slice(1).map((k) => [k, 5]));
    try {
      responseScore(ratings, defaultRubric);
      throw new Error('the ratings were accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems).toEqual([
        { path: 'ratings[0]', message: 'expected a whole number from 1 to 5' },
      ]);
    }
  });
});
