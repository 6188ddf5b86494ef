// The words and number/date formats of the emails in zh-CN and en, and the rubric texts they need. Only fixed
// wording lives here; every name, count and date comes from the caller's data.

import type { Language } from '../domain/values.ts';
import { countEn } from '../plural.ts';
import type { DailyReportVerdict, IndicatorKey } from '../rubric/indicators.ts';

type LocalizedText = Record<Language, string>;

/** The part of a rubric the emails read (a validated `Rubric` from shared/rubric/schema.ts fits). */
export interface MailRubric {
  id: string;
  version: string;
  maxTotal: number;
  indicators: ReadonlyArray<{
    key: IndicatorKey;
    weight: number;
    maxPoints: number;
    name: LocalizedText;
    rule: LocalizedText;
    dataSource: LocalizedText;
  }>;
  survey: {
    scale: { min: number; max: number };
    lowRatingAtMost: number;
    questions: ReadonlyArray<{ key: string; label: LocalizedText; text: LocalizedText }>;
  };
}

// Dates through Intl directly (the same formatter luxon would call), so the survey form's low-score alert does not
// bundle luxon. One formatter per (language, options, zone), kept: constructing one costs far more than using it.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(
  language: Language,
  name: string,
  options: Intl.DateTimeFormatOptions,
  timeZone = 'UTC',
): Intl.DateTimeFormat {
  const key = `${language}|${name}|${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { ...options, timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

/** Midnight UTC of a YYYY-MM or YYYY-MM-DD date; formatted in UTC, it reads as that calendar date. */
function utcDate(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d ?? 1);
}

/** "2026年10月" / "October 2026". */
export function formatMonth(month: string, language: Language): string {
  return dateFormat(language, 'month', { year: 'numeric', month: 'long' }).format(utcDate(month));
}

/** "10月" / "Oct" with the year when asked — for chart labels. */
export function formatShortMonth(month: string, language: Language): string {
  return dateFormat(language, 'shortMonth', { year: '2-digit', month: 'short' }).format(utcDate(month));
}

/** "10月14日" / "Oct 14". */
export function formatDay(date: string, language: Language): string {
  return dateFormat(language, 'day', { month: 'short', day: 'numeric' }).format(utcDate(date));
}

/** An instant (ISO 8601 with Z or an offset) in a time zone, with the zone named: "2026年10月31日 23:59 (Asia/Shanghai)". */
export function formatInstant(iso: string, timeZone: string, language: Language): string {
  const format = dateFormat(
    language,
    'instant',
    { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    timeZone,
  );
  return `${format.format(Date.parse(iso))} (${timeZone})`;
}

// Made on first use: the first Intl.NumberFormat of a process loads ICU's number data, which the
// survey form's cold start would pay at load although only a low-score alert formats points.
let pointsFormatter: Intl.NumberFormat | undefined;
const pointsFormat = () => {
  pointsFormatter ??= new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
  return pointsFormatter;
};

/** Points as the sheet writes them: whole numbers plain, fractions (an override of 12.5) as given. */
export function formatPoints(points: number): string {
  return pointsFormat().format(points);
}

export function formatWeight(weight: number): string {
  return `${pointsFormat().format(weight)}%`;
}

/** A list of names in the language's style: "Acme、Beta" / "Acme, Beta". */
export function joinList(items: readonly string[], language: Language): string {
  return items.join(language === 'zh-CN' ? '、' : ', ');
}

export function indicatorName(rubric: MailRubric, key: IndicatorKey, language: Language): string {
  return rubric.indicators.find((i) => i.key === key)?.name[language] ?? key;
}

const VERDICTS: Record<DailyReportVerdict, LocalizedText> = {
  insightful: { 'zh-CN': '有深度', en: 'insightful' },
  standard: { 'zh-CN': '一般', en: 'standard' },
  perfunctory: { 'zh-CN': '敷衍', en: 'perfunctory' },
};

export function verdictName(verdict: DailyReportVerdict, language: Language): string {
  return VERDICTS[verdict][language];
}

/** The fixed wording of every email, per language. */
export const words = {
  'zh-CN': {
    /** A label's colon: full-width in Chinese text. */
    colon: '：',
    greeting: (name: string) => `${name}，您好：`,
    reportIntro: (month: string) => `以下是您 ${month} 的绩效考核结果。`,
    revised: '本报告已修订，取代之前发送的版本。',
    revisedN: (n: number) => `本报告已修订（第 ${n} 版），取代之前发送的版本。`,
    total: '总分',
    of: (max: string) => `满分 ${max}`,
    indicator: '指标名称',
    weight: '权重',
    points: '得分',
    counted: '统计依据',
    rule: '指标定义/评分标准',
    dataSource: '数据来源',
    remarks: '备注',
    flags: '标记',
    noData: '无数据',
    overridden: '经理调整',
    history: '近六个月总分',
    attachmentNote: '本月 KPI 考核表见附件（.xlsx）。',
    rubricNote: (rubric: string) => `评分规则：${rubric}`,
    sheetTitle: (name: string, month: string) => `售前技术支持工程师绩效考核表 — ${name} — ${month}`,
    pageNumber: (page: string, pages: string) => `第 ${page} 页，共 ${pages} 页`,
    // Team summary
    summaryIntro: (month: string, n: number) => `${month} 共有 ${n} 名工程师完成评分，按总分排名如下。`,
    rank: '排名',
    engineer: '工程师',
    attention: '需要关注',
    nothingNeedsAttention: '本月没有需要关注的事项。',
    noDataItems: '无数据的指标',
    overrideItems: '经理调整的得分',
    unansweredItems: '未回答的满意度调查',
    parkedItems: '评分失败的工程师（已暂停，需处理后重新评分）',
    unanswered: (respondent: string, engineer: string) => `${respondent} 尚未评价 ${engineer}`,
    parked: (engineer: string, reason: string) => `${engineer}：${reason}`,
    summaryAttachments: '排名表见附件（.xlsx 与 .csv）。',
    maxTotalNote: (max: string) => `总分满分 ${max}`,
    summarySheet: '团队汇总',
    attentionSheet: '需要关注',
    kind: '类别',
    detail: '说明',
    // Low-score alert
    alertIntro: (respondent: string, engineer: string, month: string) =>
      `${respondent} 在 ${month} 的满意度调查中给 ${engineer} 打了低分。`,
    respondent: '评价人',
    month: '月份',
    question: '问题',
    rating: '评分',
    comment: '留言',
    noComment: '（无留言）',
    submittedAt: '提交时间',
    lowRating: '低分',
    // Survey invitation / reminder
    inviteIntro: (engineer: string, month: string) =>
      `请就 ${engineer} 在 ${month} 为您提供的技术支持填写一份简短的满意度调查。`,
    reminderIntro: (engineer: string, month: string) =>
      `我们还没有收到您对 ${engineer} 在 ${month} 技术支持的评价，恳请您抽空填写。`,
    inviteQuestions: (n: number) => `共 ${n} 个问题，约需两分钟；提交后在截止前仍可修改。`,
    inviteButton: '填写调查',
    inviteDeadline: (when: string) => `请在 ${when} 前填写。`,
    inviteLinkNote: '此链接仅供您本人使用，请勿转发。',
    inviteLinkPlain: '调查链接：',
  },
  en: {
    colon: ': ',
    greeting: (name: string) => `Hello ${name},`,
    reportIntro: (month: string) => `Here is your KPI report for ${month}.`,
    revised: 'This report has been revised and replaces the one sent earlier.',
    revisedN: (n: number) =>
      `This report has been revised (revision ${n}) and replaces the one sent earlier.`,
    total: 'Total',
    of: (max: string) => `of ${max}`,
    indicator: 'Indicator',
    weight: 'Weight',
    points: 'Points',
    counted: 'What was counted',
    rule: 'Definition / scoring rule',
    dataSource: 'Data source',
    remarks: 'Remarks',
    flags: 'Flags',
    noData: 'no data',
    overridden: 'overridden',
    history: 'Total, last six months',
    attachmentNote: "The month's KPI sheet is attached (.xlsx).",
    rubricNote: (rubric: string) => `Rubric: ${rubric}`,
    sheetTitle: (name: string, month: string) =>
      `Pre-sales technical support engineer KPI sheet — ${name} — ${month}`,
    pageNumber: (page: string, pages: string) => `Page ${page} of ${pages}`,
    summaryIntro: (month: string, n: number) =>
      n === 0
        ? `No engineer was scored for ${month}.`
        : n === 1
          ? `1 engineer was scored for ${month}.`
          : `${n} engineers were scored for ${month}, ranked by total.`,
    rank: 'Rank',
    engineer: 'Engineer',
    attention: 'Needs attention',
    nothingNeedsAttention: 'Nothing needs attention this month.',
    noDataItems: 'Indicators without data',
    overrideItems: 'Overridden points',
    unansweredItems: 'Unanswered survey invitations',
    parkedItems: 'Engineers whose scoring failed (parked; fix and re-run)',
    unanswered: (respondent: string, engineer: string) => `${respondent} has not rated ${engineer}`,
    parked: (engineer: string, reason: string) => `${engineer}: ${reason}`,
    summaryAttachments: 'The ranked table is attached (.xlsx and .csv).',
    maxTotalNote: (max: string) => `highest possible total ${max}`,
    summarySheet: 'Team summary',
    attentionSheet: 'Needs attention',
    kind: 'Kind',
    detail: 'Detail',
    alertIntro: (respondent: string, engineer: string, month: string) =>
      `${respondent} gave ${engineer} a low rating in the satisfaction survey for ${month}.`,
    respondent: 'Respondent',
    month: 'Month',
    question: 'Question',
    rating: 'Rating',
    comment: 'Comment',
    noComment: '(no comment)',
    submittedAt: 'Submitted',
    lowRating: 'low',
    inviteIntro: (engineer: string, month: string) =>
      `Please take a short satisfaction survey about the technical support ${engineer} gave you in ${month}.`,
    reminderIntro: (engineer: string, month: string) =>
      `We have not yet received your rating of the support ${engineer} gave you in ${month}; we would be grateful for it.`,
    inviteQuestions: (n: number) =>
      `${countEn(n, 'question', 'questions')}, about two minutes; you can change your answers until the deadline.`,
    inviteButton: 'Take the survey',
    inviteDeadline: (when: string) => `Please answer by ${when}.`,
    inviteLinkNote: 'This link is for you only; please do not forward it.',
    inviteLinkPlain: 'Survey link:',
  },
} as const;
