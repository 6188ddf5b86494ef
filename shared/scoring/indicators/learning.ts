// Indicator 5 · learning: base points by the month's training-exam score (banded), plus a bonus per success
// story shared in the month, capped. No exam score → the base follows the missing-data policy (`no-data`)
// while the story bonus still counts.

import { countEn } from '../../plural.ts';
import { bandPoints } from '../../rubric/bands.ts';
import { type IndicatorScorer, pointsOf } from '../context.ts';
import type { IndicatorFlag } from '../scoreCard.ts';

export const scoreLearning: IndicatorScorer<'learning'> = (ctx, rule) => {
  const { month } = ctx.frame;
  const score = ctx.input.trainingScore;
  let stories = 0;
  for (const s of ctx.input.successStories) if (s.date.startsWith(month)) stories++;
  const bonusPoints = Math.min(rule.bonus.cap, rule.bonus.perStory * stories);
  const basePoints = score === null ? rule.missingData.points : bandPoints(rule.bands, score);
  const flags: IndicatorFlag[] = score === null ? ['no-data'] : [];
  const points = basePoints + bonusPoints;
  const of = pointsOf(points, rule.maxPoints);
  const exam =
    score === null
      ? {
          en: `No exam score this month (no data): base ${basePoints}`,
          'zh-CN': `本月无培训考核成绩（无数据）：基础 ${basePoints} 分`,
        }
      : { en: `Exam ${score} → base ${basePoints}`, 'zh-CN': `培训考核 ${score} 分 → 基础 ${basePoints} 分` };
  const bonus = {
    en: `${countEn(stories, 'success story', 'success stories')} +${bonusPoints}`,
    'zh-CN': `分享成功案例 ${stories} 次 +${bonusPoints} 分`,
  };
  return {
    points,
    measured: { trainingScore: score, basePoints, successStories: stories, bonusPoints },
    flags,
    explanation: {
      en: `${exam.en}; ${bonus.en} → ${of.en}`,
      'zh-CN': `${exam['zh-CN']}；${bonus['zh-CN']} → ${of['zh-CN']}`,
    },
  };
};
