// Indicator 4 · complaints: the month's complaints in a counted state (by default confirmed by a manager),
// each taking the rubric's penalty off the base, never below zero.

import { countEn } from '../../plural.ts';
import { type IndicatorScorer, pointsOf } from '../context.ts';

export const scoreComplaints: IndicatorScorer<'complaints'> = (ctx, rule) => {
  const { frame } = ctx;
  const counts = { confirmed: 0, pending: 0, dismissed: 0 };
  let counted = 0;
  for (const c of ctx.input.complaints) {
    if (!c.date.startsWith(frame.month)) continue;
    counts[c.status]++;
    if (rule.countedStatuses.includes(c.status)) counted++;
  }
  const points = Math.max(0, rule.base - rule.penaltyPerComplaint * counted);
  const of = pointsOf(points, rule.maxPoints);
  const notCounted = counts.confirmed + counts.pending + counts.dismissed - counted;
  const explanation =
    counted === 0
      ? {
          en: `No ${rule.countedStatuses.join('/')} complaint this month${notCounted ? ` (${notCounted} not counted)` : ''} → ${of.en}`,
          'zh-CN': `本月无有效投诉${notCounted ? `（${notCounted} 起未计入）` : ''} → ${of['zh-CN']}`,
        }
      : {
          en: `${countEn(counted, `${rule.countedStatuses.join('/')} complaint`, `${rule.countedStatuses.join('/')} complaints`)} × −${rule.penaltyPerComplaint}${notCounted ? ` (${notCounted} not counted)` : ''} → ${of.en}`,
          'zh-CN': `有效投诉 ${counted} 起，每起扣 ${rule.penaltyPerComplaint} 分${notCounted ? `（另 ${notCounted} 起未计入）` : ''} → ${of['zh-CN']}`,
        };
  return { points, measured: counts, flags: [], explanation };
};
