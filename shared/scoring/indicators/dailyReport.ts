// Indicator 6 · dailyReport: the engineer's workdays of the month without a report submitted by the deadline
// (a late report is kept and shown, but the day is still missed), and the manager's quality verdict.

import { countEn } from '../../plural.ts';
import { type IndicatorScorer, nameList, pointsOf } from '../context.ts';
import { compareInstants, instantOf } from '../instant.ts';

export const scoreDailyReport: IndicatorScorer<'dailyReport'> = (ctx, rule) => {
  const { frame, workday, input, rubric } = ctx;
  const first = frame.monthFirstDay;
  const span = frame.monthLastDay - first + 1;
  // 0 = no report, 1 = only late reports, 2 = a report that counts.
  const state = new Uint8Array(span);
  for (const r of input.dailyReports) {
    const day = frame.indexOf.get(r.date);
    if (day === undefined || day < first || day > frame.monthLastDay || !workday[day]) continue;
    const onTime = compareInstants(instantOf(r.submittedAt), frame.deadlineMs[day]!) <= 0;
    const k = day - first;
    if (onTime) state[k] = 2;
    else if (state[k] === 0) state[k] = 1;
  }
  const missedDays: string[] = [];
  const lateDays: string[] = [];
  let workdays = 0;
  for (let k = 0; k < span; k++) {
    if (!workday[first + k]) continue;
    workdays++;
    if (state[k] === 2) continue;
    missedDays.push(frame.dates[first + k]!);
    if (state[k] === 1) lateDays.push(frame.dates[first + k]!);
  }
  const missed = missedDays.length;
  const verdict = input.dailyReportVerdict ?? 'standard';
  const verdictApplied = missed <= rule.missedDaysLimit;
  const verdictPoints = verdictApplied ? rubric.verdictPoints[verdict] : 0;
  const points = verdictApplied
    ? Math.max(0, rule.base - rule.penaltyPerMissedDay * missed + verdictPoints)
    : rule.pointsWhenOverLimit;

  const of = pointsOf(points, rule.maxPoints);
  const sign = verdictPoints >= 0 ? `+${verdictPoints}` : `${verdictPoints}`;
  const late = lateDays.length
    ? { en: ` (${lateDays.length} submitted late)`, 'zh-CN': `（其中 ${lateDays.length} 天逾期提交）` }
    : { en: '', 'zh-CN': '' };
  const days = missed
    ? { en: `: ${nameList(missedDays, ', ')}`, 'zh-CN': `：${nameList(missedDays, '、')}` }
    : { en: '', 'zh-CN': '' };
  const verdictText = verdictApplied
    ? { en: `verdict ${verdict} ${sign}`, 'zh-CN': `总结评定 ${VERDICT_ZH[verdict]} ${sign} 分` }
    : {
        en: `more than ${rule.missedDaysLimit} missed, verdict not applied`,
        'zh-CN': `缺交超过 ${rule.missedDaysLimit} 次，不计总结评定`,
      };
  return {
    points,
    measured: { workdays, missed, missedDays, lateDays, verdict, verdictPoints, verdictApplied },
    flags: [],
    explanation: {
      en: `Missed ${missed} of ${countEn(workdays, 'workday', 'workdays')}${late.en}${days.en}; ${verdictText.en} → ${of.en}`,
      'zh-CN': `${workdays} 个工作日缺交日报 ${missed} 天${late['zh-CN']}${days['zh-CN']}；${verdictText['zh-CN']} → ${of['zh-CN']}`,
    },
  };
};

const VERDICT_ZH = { insightful: '有深度', standard: '一般', perfunctory: '敷衍' } as const;
