// The words and number/date formats of the emails in zh-CN and en, and the rubric texts they need. Only fixed
// wording lives here; every name, count and date comes from the caller's data.

import type { AuditAction } from '../domain/audit.ts';
import type { ChangeReason, ManagerChange, RevisionChanges } from '../domain/revision.ts';
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

// ── revisions: what changed and why (shared/domain/revision.ts gives the data) ──────────────────────────────

const ACTION_WORDS: Record<AuditAction, LocalizedText> = {
  created: { 'zh-CN': '登记', en: 'recorded' },
  updated: { 'zh-CN': '修改', en: 'changed' },
  removed: { 'zh-CN': '删除', en: 'removed' },
  confirmed: { 'zh-CN': '确认', en: 'confirmed' },
  dismissed: { 'zh-CN': '驳回', en: 'dismissed' },
  resolved: { 'zh-CN': '标记为已解决', en: 'resolved' },
  'reopened-request': { 'zh-CN': '重新打开', en: 'reopened' },
  appealed: { 'zh-CN': '提交', en: 'filed' },
  'appeal-edited': { 'zh-CN': '修改', en: 'edited' },
  'appeal-upheld': { 'zh-CN': '支持', en: 'upheld' },
  'appeal-rejected': { 'zh-CN': '驳回', en: 'rejected' },
  scored: { 'zh-CN': '评分', en: 'scored' },
  finalized: { 'zh-CN': '定稿', en: 'finalised' },
  reopened: { 'zh-CN': '重新打开', en: 'reopened' },
};

const SET: LocalizedText = { 'zh-CN': '设定', en: 'set' };

const value = (v: number | string | null | undefined, language: Language): string =>
  v === null || v === undefined
    ? '–'
    : typeof v === 'number'
      ? formatPoints(v)
      : v in VERDICTS
        ? verdictName(v as DailyReportVerdict, language)
        : v;

/** "64 → 91", or just "91" when there was none before. */
const fromTo = (from: ManagerChange['from'], to: ManagerChange['to'], language: Language): string =>
  from === null || from === undefined
    ? value(to, language)
    : `${value(from, language)} → ${value(to, language)}`;

/** The item a manager changed, in the KPI sheet's terms: "complaint 2026-10-20" / "2026-10-20 的投诉". */
function itemPhrase(c: ManagerChange, language: Language): string {
  const zh = language === 'zh-CN';
  const date = c.date ?? '';
  const label = c.label ?? '';
  switch (c.kind) {
    case 'complaint':
      return zh ? `${date} 的投诉` : `complaint ${date}`.trim();
    case 'support-request':
      return zh ? `${label} 的支持请求（${date} 到期）` : `support request from ${label} due ${date}`;
    case 'success-story':
      return zh ? `${date} 的成功案例“${label}”` : `success story ${date} “${label}”`;
    case 'follow-up-visit':
      return zh ? `${date} 对 ${label} 的跟进回访` : `follow-up visit to ${label} on ${date}`;
    case 'exam-score':
      return zh
        ? `考试成绩 ${fromTo(c.from, c.to, language)}`
        : `exam score ${fromTo(c.from, c.to, language)}`;
    case 'verdict':
      return zh
        ? `日报评定 ${fromTo(c.from, c.to, language)}`
        : `daily-report verdict ${fromTo(c.from, c.to, language)}`;
    case 'override':
      return c.action === 'removed'
        ? zh
          ? '经理调整'
          : 'override'
        : zh
          ? `经理调整为 ${value(c.to, language)} 分`
          : `points overridden to ${value(c.to, language)}`;
    case 'appeal':
      return zh ? `您${date ? ` ${date} 提交` : ''}的申诉` : `your appeal${date ? ` of ${date}` : ''}`;
    default:
      return c.kind;
  }
}

/** One reason a revised card gives for an indicator's change, in the reader's language. */
export function changeReasonText(reason: ChangeReason, language: Language): string {
  const zh = language === 'zh-CN';
  switch (reason.source) {
    case 'manager': {
      const valueSet =
        ['exam-score', 'verdict', 'override'].includes(reason.kind) &&
        (reason.action === 'created' || reason.action === 'updated');
      const verb = (valueSet ? SET : ACTION_WORDS[reason.action])[language];
      const item = itemPhrase(reason, language);
      const who = reason.by ?? '';
      const on = reason.on ?? '';
      let line = zh
        ? who || on
          ? `${item}，由 ${[who, on && `于 ${on}`].filter(Boolean).join(' ')} ${verb}`
          : `${item}（${verb}）`
        : `${item} ${verb}${who ? ` by ${who}` : ''}${on ? ` on ${on}` : ''}`;
      if (reason.reason) line += zh ? `，理由：${reason.reason}` : `: ${reason.reason}`;
      if (reason.appealId && reason.kind !== 'appeal') {
        line += zh ? `（回应申诉 ${reason.appealId}）` : ` (answers appeal ${reason.appealId})`;
      }
      return line;
    }
    case 'survey':
      return zh
        ? `新增 ${reason.newResponses} 份满意度调查回复（共 ${reason.responses} 份）`
        : `${countEn(reason.newResponses, 'new survey response', 'new survey responses')} (${reason.responses} in all)`;
    case 'daily-reports': {
      const parts: string[] = [];
      const days = (d: readonly string[]) => joinList(d, language);
      const reports = (d: readonly string[]) => (d.length === 1 ? 'daily report' : 'daily reports');
      if (reason.filedLate.length > 0)
        parts.push(
          zh
            ? `${days(reason.filedLate)} 的日报逾期提交`
            : `${reports(reason.filedLate)} of ${days(reason.filedLate)} filed late`,
        );
      if (reason.filed.length > 0)
        parts.push(
          zh
            ? `${days(reason.filed)} 的日报已提交`
            : `${reports(reason.filed)} of ${days(reason.filed)} filed`,
        );
      if (reason.missed.length > 0)
        parts.push(
          zh
            ? `${days(reason.missed)} 的日报计为缺交`
            : `${reports(reason.missed)} of ${days(reason.missed)} counted as missed`,
        );
      return parts.join(zh ? '；' : '; ');
    }
    case 'follow-up-reports':
      return reason.visited
        .map((v) =>
          zh
            ? `日报记录了 ${v.project} 在 ${v.week} 的跟进`
            : `follow-up of ${v.project} in ${v.week} logged in a daily report`,
        )
        .join(zh ? '；' : '; ');
    case 'unexplained':
      return zh
        ? '记录中没有对应的修改（如日历或评分规则的变化）'
        : 'no recorded change explains it (a calendar or rubric change, say)';
  }
}

/** Each changed indicator as "Learning 16 → 20" with its reasons, in sheet order. */
export function revisionChangeLines(
  changes: RevisionChanges,
  rubric: MailRubric,
  language: Language,
): Array<{ indicator: IndicatorKey; heading: string; reasons: string[] }> {
  return changes.indicators.map((c) => ({
    indicator: c.indicator,
    heading: `${indicatorName(rubric, c.indicator, language)} ${formatPoints(c.from)} → ${formatPoints(c.to)}`,
    reasons: c.reasons.map((r) => changeReasonText(r, language)),
  }));
}

export const revisionWords = {
  'zh-CN': {
    changesTitle: (revision: number) => `与第 ${revision} 版相比的变化`,
    totalChange: (from: string, to: string) => `总分 ${from} → ${to}`,
    summaryChangesTitle: '与上次汇总相比的变化',
    summaryChange: (name: string, from: string, to: string, revision: number) =>
      `${name}：${from} → ${to}（第 ${revision} 版）`,
  },
  en: {
    changesTitle: (revision: number) => `What changed since revision ${revision}`,
    totalChange: (from: string, to: string) => `Total ${from} → ${to}`,
    summaryChangesTitle: 'Changed since the last summary',
    summaryChange: (name: string, from: string, to: string, revision: number) =>
      `${name}: ${from} → ${to} (revision ${revision})`,
  },
} as const;
