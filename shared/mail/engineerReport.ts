// The engineer's monthly report: total of maxTotal, the six indicators with weight, points, what was counted
// and flags, the last six months as a bar chart, and the month's KPI sheet (.xlsx) attached; HTML + text.

import type { RevisionChanges } from '../domain/revision.ts';
import { DEFAULT_LANGUAGE, type Language } from '../domain/values.ts';
import { html } from '../html/html.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import { historyChartHtml, historyChartText, type MonthTotal } from './chart.ts';
import { fillSubject, type MailConfig } from './config.ts';
import { COLOR, FONT, page, STYLE } from './layout.ts';
import {
  formatMonth,
  formatPoints,
  formatWeight,
  type MailRubric,
  revisionChangeLines,
  revisionWords,
  words,
} from './locale.ts';
import { flagLines, measuredLines } from './measured.ts';
import type { OutgoingEmail } from './send.ts';
import { kpiSheetXlsx, safeFileName, XLSX_TYPE } from './sheets.ts';

interface EngineerReportInput {
  engineer: {
    name: string;
    email: string;
    language?: Language | undefined;
    /** Their manager, in copy. */
    managerEmail?: string | undefined;
  };
  scoreCard: ScoreCard;
  rubric: MailRubric;
  /** Earlier months' totals for the chart (the latest five before this month are drawn, then this card). */
  history?: readonly MonthTotal[];
  /** A re-sent report after the card changed (a complaint dismissed, an override entered). */
  revised?: boolean;
  /** The card's revision number, shown on a revised report. */
  revision?: number;
  /** The appeal page of this report, while the month's appeals are open. */
  appealUrl?: string | undefined;
  /** What changed since the previous revision, listed on a revised report (old → new and why). */
  changes?: RevisionChanges | undefined;
}

/** The appeal link's words (申诉); here, beside the one place they are shown. */
const APPEAL_NOTE: Record<Language, string> = {
  'zh-CN': '如对本月考核结果有异议，可在申诉截止前提出申诉：',
  en: 'If you disagree with this result, you can appeal before the appeal deadline:',
};
const APPEAL_LINK: Record<Language, string> = { 'zh-CN': '提出申诉', en: 'Appeal' };

/**
 * Renders the report.
 * 1. Picks the engineer's language (zh-CN by default).
 * 2. Builds the indicator table from the card (points, weight, measured facts, flags) — every figure is the card's.
 * 3. Draws the six-month chart, builds the plain-text part, and attaches the KPI sheet.
 */
export async function renderEngineerReport(
  input: EngineerReportInput,
  config: MailConfig,
): Promise<OutgoingEmail> {
  const language = input.engineer.language ?? DEFAULT_LANGUAGE;
  const w = words[language];
  const card = input.scoreCard;
  const month = formatMonth(card.month, language);
  const name = (key: string) => input.rubric.indicators.find((i) => i.key === key)?.name[language] ?? key;

  let subject = fillSubject(config, 'engineerReport', language, {
    month,
    engineer: input.engineer.name,
    total: formatPoints(card.total),
    maxTotal: formatPoints(card.maxTotal),
  });
  if (input.revised) subject = `${config.subjects.revisedPrefix[language]}${subject}`;
  const revisedNote = input.revised ? (input.revision ? w.revisedN(input.revision) : w.revised) : '';
  // The chart ends at this card's month and shows this card's total, whatever the stored history says.
  const history = [
    ...(input.history ?? []).filter((h) => h.month < card.month),
    { month: card.month, total: card.total },
  ];

  // Only a revised report says what changed; a first report's changes (none) are never shown.
  const changes = input.revised && input.changes ? input.changes : undefined;
  const rv = revisionWords[language];
  const changesHtml = (c: RevisionChanges) => {
    const lines = revisionChangeLines(c, input.rubric, language);
    return html`<h2 style="${STYLE.h2}">${rv.changesTitle(c.previousRevision)}</h2>
<p data-total-change="true" style="${STYLE.p}"><strong>${rv.totalChange(formatPoints(c.previousTotal), formatPoints(card.total))}</strong></p>
<ul data-changes="true" style="${STYLE.ul}">${lines.map((l) => html`<li data-changed="${l.indicator}"><strong>${l.heading}</strong>${l.reasons.length > 0 ? html`<br>${l.reasons.map((r, i) => html`${i > 0 ? html`<br>` : ''}${r}`)}` : ''}</li>`)}</ul>`;
  };
  const changesText = (c: RevisionChanges) => [
    `${rv.changesTitle(c.previousRevision)}${w.colon.trim()}`,
    rv.totalChange(formatPoints(c.previousTotal), formatPoints(card.total)),
    ...revisionChangeLines(c, input.rubric, language).flatMap((l) => [
      `- ${l.heading}`,
      ...l.reasons.map((r) => `    ${r}`),
    ]),
  ];

  const rows = card.indicators.map((r) => {
    const flags = flagLines(r, language);
    const badges = r.flags.map((f) =>
      f === 'no-data'
        ? html`<span data-flag="no-data" style="${STYLE.badgeWarn}">${w.noData}</span>`
        : html`<span data-flag="overridden" style="${STYLE.badgeWarn}">${w.overridden}</span>`,
    );
    return html`<tr data-indicator="${r.key}">
<td style="${STYLE.td}"><strong>${name(r.key)}</strong><br><span style="color:${COLOR.muted};font-size:12px;">${w.weight} ${formatWeight(r.weight)}</span></td>
<td style="${STYLE.tdNum}"><strong data-points="${r.key}" style="font-size:16px;">${formatPoints(r.points)}</strong><br><span style="color:${COLOR.muted};font-size:12px;">${w.of(formatPoints(r.maxPoints))}</span></td>
<td style="${STYLE.td}">${badges}${measuredLines(r, language).map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}${flags.map((line) => html`<div style="margin-top:6px;padding:6px 8px;background:${COLOR.warnBg};color:${COLOR.warnText};font-size:12px;border-radius:3px;${FONT}">${line}</div>`)}</td>
</tr>`;
  });

  const body = html`<h1 style="${STYLE.h1}">${subject}</h1>
${revisedNote ? html`<p data-revised="true" style="${STYLE.banner}">${revisedNote}</p>` : ''}
${changes ? changesHtml(changes) : ''}
<p style="${STYLE.p}">${w.greeting(input.engineer.name)}</p>
<p style="${STYLE.p}">${w.reportIntro(month)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 20px;"><tr>
<td style="padding:12px 20px;background:${COLOR.headerBg};border-radius:6px;${FONT}">
<div style="font-size:13px;color:${COLOR.muted};">${w.total}</div>
<div style="font-size:32px;line-height:1.2;font-weight:bold;color:${COLOR.accent};"><span data-total="true">${formatPoints(card.total)}</span><span style="font-size:16px;color:${COLOR.muted};font-weight:normal;"> / ${formatPoints(card.maxTotal)}</span></div>
</td></tr></table>
<table cellpadding="0" cellspacing="0" border="0" style="${STYLE.table}">
<tr><th style="${STYLE.th}">${w.indicator}</th><th style="${STYLE.th}text-align:right;">${w.points}</th><th style="${STYLE.th}">${w.counted}</th></tr>
${rows}
</table>
<h2 style="${STYLE.h2}">${w.history}</h2>
${historyChartHtml(history, { maxTotal: card.maxTotal, currentMonth: card.month, language })}
${input.appealUrl ? html`<p style="${STYLE.p}margin-top:20px;" data-appeal="true">${APPEAL_NOTE[language]} <a href="${input.appealUrl}" style="color:${COLOR.accent};">${APPEAL_LINK[language]}</a></p>` : ''}
<p style="${STYLE.muted}margin-top:20px;">${w.attachmentNote}<br>${w.rubricNote(card.rubric)}</p>`;

  const text = [
    subject,
    ...(revisedNote ? ['', `*** ${revisedNote} ***`] : []),
    ...(changes ? ['', ...changesText(changes)] : []),
    '',
    w.greeting(input.engineer.name),
    w.reportIntro(month),
    '',
    `${w.total}${w.colon}${formatPoints(card.total)} / ${formatPoints(card.maxTotal)}`,
    '',
    ...card.indicators.flatMap((r) => [
      `${name(r.key)} (${w.weight.toLowerCase()} ${formatWeight(r.weight)}): ${formatPoints(r.points)} / ${formatPoints(r.maxPoints)}${r.flags.length > 0 ? `  [${r.flags.map((f) => (f === 'no-data' ? w.noData : w.overridden)).join(', ')}]` : ''}`,
      ...measuredLines(r, language).map((line) => `  ${line}`),
      ...flagLines(r, language).map((line) => `  ! ${line}`),
      '',
    ]),
    `${w.history}${w.colon.trim()}`,
    historyChartText(history, { maxTotal: card.maxTotal, currentMonth: card.month }),
    '',
    ...(input.appealUrl ? [`${APPEAL_NOTE[language]} ${APPEAL_LINK[language]}: ${input.appealUrl}`, ''] : []),
    w.attachmentNote,
    w.rubricNote(card.rubric),
    '',
  ].join('\n');

  const sheet = await kpiSheetXlsx({
    engineerName: input.engineer.name,
    scoreCard: card,
    rubric: input.rubric,
    language,
    changes,
  });
  return {
    to: [input.engineer.email],
    cc: input.engineer.managerEmail ? [input.engineer.managerEmail] : [],
    subject,
    html: page(language, subject, body),
    text,
    attachments: [
      {
        filename: safeFileName(`KPI-${card.month}-${input.engineer.name}.xlsx`),
        contentType: XLSX_TYPE,
        content: sheet,
      },
    ],
  };
}
