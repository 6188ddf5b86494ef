// "What was counted" for each indicator of a score card, as short plain-text lines in the reader's language
// (the report's HTML escapes them; its text part prints them as they are), and the lines its flags add.

import type { Language } from '../domain/values.ts';
import { countEn } from '../plural.ts';
import type { IndicatorResult } from '../scoring/scoreCard.ts';
import { formatDay, formatPoints, joinList, verdictName } from './locale.ts';

function days(dates: readonly string[], language: Language): string {
  return joinList(
    dates.map((d) => formatDay(d, language)),
    language,
  );
}

/** The measured facts of one indicator. */
export function measuredLines(result: IndicatorResult, language: Language): string[] {
  const zh = language === 'zh-CN';
  switch (result.key) {
    case 'resolution': {
      const m = result.measured;
      if (m.failedCustomers === 0) {
        return [
          m.requestsDue === 0
            ? zh
              ? '本月没有到期的请求'
              : 'No request was due this month'
            : zh
              ? `本月到期请求 ${m.requestsDue} 个，全部按时独立解决`
              : `${countEn(m.requestsDue, 'request', 'requests')} due this month, ${m.requestsDue === 1 ? '' : 'all '}resolved independently in time`,
        ];
      }
      return [
        zh
          ? `未按时独立解决的客户 ${m.failedCustomers} 家：${joinList(m.failedCustomerNames, language)}`
          : `Customers not resolved independently in time: ${m.failedCustomers} (${joinList(m.failedCustomerNames, language)})`,
        zh
          ? `本月到期请求 ${m.requestsDue} 个，其中 ${m.failedRequests} 个未按时独立解决`
          : `${m.failedRequests} of ${countEn(m.requestsDue, 'request', 'requests')} due this month failed`,
      ];
    }
    case 'satisfaction': {
      const m = result.measured;
      if (m.responses === 0 || m.meanScore === null) {
        return [zh ? '本月没有收到满意度调查回复' : 'No survey responses this month'];
      }
      return [
        zh
          ? `调查平均分 ${m.meanScore.toFixed(1)}（${m.responses} 份回复）`
          : `Survey mean ${m.meanScore.toFixed(1)} from ${countEn(m.responses, 'response', 'responses')}`,
      ];
    }
    case 'followUp': {
      const m = result.measured;
      const weekById = new Map(m.weeks.map((w) => [w.week, w]));
      const projects = m.projects.filter((p) => p.missedWeeks.length > 0);
      if (projects.length === 0) {
        return [
          m.projects.length === 0
            ? zh
              ? '本月没有需要跟踪回访的项目'
              : 'No project to follow up this month'
            : zh
              ? `${m.projects.length} 个项目每周均已跟踪回访`
              : m.projects.length === 1
                ? '1 project, followed up every week'
                : `${m.projects.length} projects, each followed up every week`,
        ];
      }
      const lines = [
        zh
          ? `未按周跟踪回访的项目 ${m.unvisitedProjects} 个：`
          : `Projects that missed a weekly follow-up: ${m.unvisitedProjects}`,
      ];
      for (const p of projects) {
        const weeks = p.missedWeeks.map((id) => {
          const w = weekById.get(id);
          const short = id.replace(/^\d{4}-/, '');
          return w ? `${short} (${formatDay(w.start, language)}–${formatDay(w.end, language)})` : short;
        });
        const name = p.name ?? p.projectId;
        lines.push(
          zh ? `· ${name}：${joinList(weeks, language)}` : `· ${name}: ${joinList(weeks, language)}`,
        );
      }
      return lines;
    }
    case 'complaints': {
      const m = result.measured;
      return [
        zh
          ? `有效投诉 ${m.confirmed} 次（待核实 ${m.pending} 次、已驳回 ${m.dismissed} 次，不计分）`
          : `Confirmed complaints: ${m.confirmed} (pending ${m.pending}, dismissed ${m.dismissed}: these do not count)`,
      ];
    }
    case 'learning': {
      const m = result.measured;
      const exam =
        m.trainingScore === null
          ? zh
            ? `本月没有培训考核成绩 → 基础分 ${formatPoints(m.basePoints)}`
            : `No training exam score this month → base ${formatPoints(m.basePoints)}`
          : zh
            ? `培训考核 ${formatPoints(m.trainingScore)} 分 → 基础分 ${formatPoints(m.basePoints)}`
            : `Training exam ${formatPoints(m.trainingScore)} → base ${formatPoints(m.basePoints)}`;
      const stories = zh
        ? `主动分享成功案例 ${m.successStories} 个 → +${formatPoints(m.bonusPoints)}`
        : `Success stories shared: ${m.successStories} → +${formatPoints(m.bonusPoints)}`;
      return [exam, stories];
    }
    case 'dailyReport': {
      const m = result.measured;
      const lines = [
        m.missed === 0
          ? m.workdays === 0
            ? zh
              ? '本月没有需要提交日报的工作日'
              : 'No workday to report on this month'
            : zh
              ? `${m.workdays} 个工作日的日报均按时提交`
              : m.workdays === 1
                ? 'Report on time for the 1 workday'
                : `Reports on time for all ${m.workdays} workdays`
          : zh
            ? `${m.workdays} 个工作日中缺交 ${m.missed} 天：${days(m.missedDays, language)}`
            : `Missed ${m.missed} of ${countEn(m.workdays, 'workday', 'workdays')}: ${days(m.missedDays, language)}`,
      ];
      if (m.lateDays.length > 0) {
        lines.push(
          zh
            ? `逾期提交（仍计为缺交）：${days(m.lateDays, language)}`
            : `Submitted after the deadline (still missed): ${days(m.lateDays, language)}`,
        );
      }
      const verdict = verdictName(m.verdict, language);
      const sign = m.verdictPoints > 0 ? '+' : m.verdictPoints < 0 ? '−' : '±';
      lines.push(
        m.verdictApplied
          ? zh
            ? `总结评定：${verdict}（${sign}${formatPoints(Math.abs(m.verdictPoints))}）`
            : `Verdict on the reports: ${verdict} (${sign}${formatPoints(Math.abs(m.verdictPoints))})`
          : zh
            ? `总结评定：${verdict}（缺交超过上限，不计）`
            : `Verdict on the reports: ${verdict} (not applied: too many days missed)`,
      );
      return lines;
    }
  }
}

/** What the flags of one indicator say: `no-data`, and an override with its computed figure, author and reason. */
export function flagLines(result: IndicatorResult, language: Language): string[] {
  const zh = language === 'zh-CN';
  const lines: string[] = [];
  if (result.flags.includes('no-data')) {
    lines.push(
      zh
        ? '无数据：经理可在成绩确定前补录数据或调整得分'
        : 'No data: your manager can enter it or an override before scores are final',
    );
  }
  if (result.flags.includes('overridden') && result.override) {
    const computed = formatPoints(result.computedPoints ?? result.points);
    const points = formatPoints(result.override.points);
    lines.push(
      zh
        ? `经理调整：计算得分 ${computed} → ${points}；调整人：${result.override.by}；原因：${result.override.reason}`
        : `Overridden: computed ${computed} → ${points} by ${result.override.by}. Reason: ${result.override.reason}`,
    );
  }
  return lines;
}
