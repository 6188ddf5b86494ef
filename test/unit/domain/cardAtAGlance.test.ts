// A card at a glance, from the engine's own cards: the overview's points, flags and progress counts agree with
// the card they come from.
import { describe, expect, it } from 'vitest';
import { cardAtAGlance } from '#shared/domain/cardAtAGlance.ts';
import { perfectMonth, scoreJson } from '../scoring/month.ts';

describe('a card at a glance', () => {
  it('shows a perfect October: every point, 22 of 22 daily reports, 5 of 5 follow-up weeks', () => {
    const card = scoreJson(perfectMonth());
    expect(cardAtAGlance(card)).toEqual({
      total: 100,
      maxTotal: card.maxTotal,
      points: {
        resolution: 35,
        satisfaction: 15,
        followUp: 15,
        complaints: 15,
        learning: 10,
        dailyReport: 10,
      },
      noData: [],
      overridden: [],
      dailyReports: { filed: 22, due: 22 },
      followUpWeeks: { done: 5, due: 5 },
    });
  });

  it('counts missed daily reports and weeks without a visit, and names the indicators without data', () => {
    const month = perfectMonth();
    const card = scoreJson({
      ...month,
      dailyReports: month.dailyReports!.slice(3),
      followUps: month.followUps!.slice(2),
      surveyResponses: [],
    });
    const glance = cardAtAGlance(card);
    expect(glance.dailyReports).toEqual({ filed: 19, due: 22 });
    expect(glance.followUpWeeks).toEqual({ done: 3, due: 5 });
    expect(glance.noData).toContain('satisfaction');
    expect(glance.total).toBe(card.total);
    for (const i of card.indicators) expect(glance.points[i.key]).toBe(i.points);
  });
});
