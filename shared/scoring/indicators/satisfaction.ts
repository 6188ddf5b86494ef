// Indicator 2 · satisfaction: the mean of the month's survey response scores, rounded half-up (decimal-safe)
// to the rubric's decimals, then banded. No response at all → the rubric's missing-data policy (`no-data`).

import { countEn } from '../../plural.ts';
import { bandPoints } from '../../rubric/bands.ts';
import { type IndicatorScorer, pointsOf } from '../context.ts';
import { meanRoundedHalfUp } from '../decimal.ts';

export const scoreSatisfaction: IndicatorScorer<'satisfaction'> = (ctx, rule) => {
  const responses = ctx.input.surveyResponses;
  if (responses.length === 0) {
    const points = rule.missingData.points;
    const of = pointsOf(points, rule.maxPoints);
    return {
      points,
      measured: { responses: 0, meanScore: null },
      flags: ['no-data'],
      explanation: {
        en: `No survey response this month (no data) → ${of.en}`,
        'zh-CN': `本月无满意度调查回复（无数据）→ ${of['zh-CN']}`,
      },
    };
  }
  const scores = responses.map((r) => r.score);
  const meanScore = meanRoundedHalfUp(scores, rule.roundToDecimals);
  const points = bandPoints(rule.bands, meanScore);
  const shown = meanScore.toFixed(rule.roundToDecimals);
  const of = pointsOf(points, rule.maxPoints);
  const n = responses.length;
  return {
    points,
    measured: { responses: n, meanScore },
    flags: [],
    explanation: {
      en: `Mean of ${countEn(n, 'survey response', 'survey responses')}: ${shown} → ${of.en}`,
      'zh-CN': `${n} 份调查回复平均 ${shown} 分 → ${of['zh-CN']}`,
    },
  };
};
