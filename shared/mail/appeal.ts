// The appeal emails (申诉): to the department manager when an appeal is filed (who, which indicators, the
// reason, the card's figures the engineer saw) and to the engineer when it is resolved (upheld or rejected, and
// why). Both short, HTML + text, in the reader's language.
import type { Appeal } from '../domain/appeal.ts';
import { DEFAULT_LANGUAGE, type Language } from '../domain/values.ts';
import { html } from '../html/html.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import { fillSubject, type MailConfig } from './config.ts';
import { multiline, STYLE, shortEmail } from './layout.ts';
import { formatInstant, formatMonth, formatPoints, indicatorName, type MailRubric } from './locale.ts';
import type { OutgoingEmail } from './ses.ts';

const TEXTS = {
  'zh-CN': {
    filedIntro: (engineer: string, month: string, when: string) =>
      `${engineer} 于 ${when} 对 ${month} 的考核结果提出申诉。`,
    indicators: '申诉指标',
    reason: '申诉理由',
    figures: (revision: number) => `工程师看到的考核结果（第 ${revision} 版）`,
    indicator: '指标',
    points: '得分',
    total: '总分',
    resolveHint: (id: string) => `处理：kpi appeals resolve ${id} --upheld|--rejected --reason "…"`,
    outcomeIntro: (name: string, month: string) => `${name}，您好：您对 ${month} 考核结果的申诉已处理。`,
    upheld: '申诉成立',
    rejected: '申诉未被采纳',
    outcome: '结果',
    why: '处理说明',
    by: (who: string, when: string) => `处理人：${who}，时间：${when}`,
    correction: (indicator: string, points: string) =>
      `${indicator} 已调整为 ${points} 分，修订后的报告将另行发送。`,
    colon: '：',
  },
  en: {
    filedIntro: (engineer: string, month: string, when: string) =>
      `${engineer} appealed their KPI result for ${month} on ${when}.`,
    indicators: 'Indicators',
    reason: 'Reason',
    figures: (revision: number) => `The result the engineer saw (revision ${revision})`,
    indicator: 'Indicator',
    points: 'Points',
    total: 'Total',
    resolveHint: (id: string) => `To resolve: kpi appeals resolve ${id} --upheld|--rejected --reason "…"`,
    outcomeIntro: (name: string, month: string) =>
      `Hello ${name}, your appeal about ${month} has been resolved.`,
    upheld: 'Upheld',
    rejected: 'Rejected',
    outcome: 'Outcome',
    why: 'Why',
    by: (who: string, when: string) => `Resolved by ${who} on ${when}`,
    correction: (indicator: string, points: string) =>
      `${indicator} is corrected to ${points} points; the revised report follows separately.`,
    colon: ': ',
  },
} as const;

interface Common {
  appeal: Appeal;
  rubric: MailRubric;
  timeZone: string;
}

/** To the department manager: an appeal was filed. */
export function renderAppealFiled(
  input: Common & {
    recipient: { email: string; language?: Language | undefined };
    engineer: { name: string };
    /** The card revision the engineer appealed from. */
    card: ScoreCard;
  },
  config: MailConfig,
): OutgoingEmail {
  const language = input.recipient.language ?? DEFAULT_LANGUAGE;
  const t = TEXTS[language];
  const a = input.appeal;
  const month = formatMonth(a.month, language);
  const subject = fillSubject(config, 'appealFiled', language, { month, engineer: input.engineer.name });
  const when = formatInstant(a.filedAt, input.timeZone, language);
  const names = a.indicators.map((k) => indicatorName(input.rubric, k, language));
  const rows = input.card.indicators.map(
    (r) =>
      html`<tr data-indicator="${r.key}"><td style="${STYLE.td}">${a.indicators.includes(r.key) ? html`<strong>${indicatorName(input.rubric, r.key, language)}</strong>` : indicatorName(input.rubric, r.key, language)}</td><td style="${STYLE.tdNum}">${formatPoints(r.points)} / ${formatPoints(r.maxPoints)}</td></tr>`,
  );
  const body = html`<h1 style="${STYLE.h1}">${subject}</h1>
<p style="${STYLE.p}">${t.filedIntro(input.engineer.name, month, when)}</p>
<p style="${STYLE.p}"><strong>${t.indicators}</strong>${t.colon}<span data-appeal-indicators="true">${names.join(language === 'zh-CN' ? '、' : ', ')}</span></p>
<p style="${STYLE.p}margin-bottom:4px;"><strong>${t.reason}</strong></p>
<blockquote data-reason="true" style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #ccc;font-size:14px;">${multiline(a.reason)}</blockquote>
<h2 style="${STYLE.h2}">${t.figures(a.cardRevision)}</h2>
<table cellpadding="0" cellspacing="0" border="0" style="${STYLE.table}">
<tr><th style="${STYLE.th}">${t.indicator}</th><th style="${STYLE.th}text-align:right;">${t.points}</th></tr>
${rows}
<tr><td style="${STYLE.td}"><strong>${t.total}</strong></td><td style="${STYLE.tdNum}"><strong data-total="true">${formatPoints(input.card.total)} / ${formatPoints(input.card.maxTotal)}</strong></td></tr>
</table>
<p style="${STYLE.muted}margin-top:16px;">${t.resolveHint(a.id)}</p>`;
  const text = [
    subject,
    '',
    t.filedIntro(input.engineer.name, month, when),
    '',
    `${t.indicators}${t.colon}${names.join(language === 'zh-CN' ? '、' : ', ')}`,
    `${t.reason}${t.colon}`,
    a.reason,
    '',
    t.figures(a.cardRevision),
    ...input.card.indicators.map(
      (r) =>
        `${a.indicators.includes(r.key) ? '* ' : '  '}${indicatorName(input.rubric, r.key, language)}${t.colon}${formatPoints(r.points)} / ${formatPoints(r.maxPoints)}`,
    ),
    `  ${t.total}${t.colon}${formatPoints(input.card.total)} / ${formatPoints(input.card.maxTotal)}`,
    '',
    t.resolveHint(a.id),
    '',
  ].join('\n');
  return shortEmail(input.recipient.email, language, subject, body, text);
}

/** To the engineer: the outcome of their appeal, and why. */
export function renderAppealOutcome(
  input: Common & { engineer: { name: string; email: string; language?: Language | undefined } },
  config: MailConfig,
): OutgoingEmail {
  const language = input.engineer.language ?? DEFAULT_LANGUAGE;
  const t = TEXTS[language];
  const a = input.appeal;
  const month = formatMonth(a.month, language);
  const subject = fillSubject(config, 'appealOutcome', language, { month, engineer: input.engineer.name });
  const outcome = a.status === 'upheld' ? t.upheld : t.rejected;
  const by = t.by(a.resolvedBy ?? '', formatInstant(a.resolvedAt ?? a.updatedAt, input.timeZone, language));
  const correction = a.correction
    ? t.correction(
        indicatorName(input.rubric, a.correction.indicator, language),
        formatPoints(a.correction.points),
      )
    : undefined;
  const body = html`<h1 style="${STYLE.h1}">${subject}</h1>
<p style="${STYLE.p}">${t.outcomeIntro(input.engineer.name, month)}</p>
<p style="${STYLE.p}"><strong>${t.outcome}</strong>${t.colon}<strong data-outcome="${a.status}">${outcome}</strong></p>
<p style="${STYLE.p}margin-bottom:4px;"><strong>${t.why}</strong></p>
<blockquote data-outcome-reason="true" style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #ccc;font-size:14px;">${multiline(a.outcomeReason ?? '')}</blockquote>
${correction ? html`<p style="${STYLE.p}" data-correction="true">${correction}</p>` : ''}
<p style="${STYLE.muted}">${by}</p>`;
  const text = [
    subject,
    '',
    t.outcomeIntro(input.engineer.name, month),
    '',
    `${t.outcome}${t.colon}${outcome}`,
    `${t.why}${t.colon}`,
    a.outcomeReason ?? '',
    ...(correction ? ['', correction] : []),
    '',
    by,
    '',
  ].join('\n');
  return shortEmail(input.engineer.email, language, subject, body, text);
}
