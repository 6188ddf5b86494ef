// The team summary for the department manager: every scored engineer ranked by total (ties by name) with
// their six points, what needs attention (no-data, overrides, unanswered invitations, parked failures), and
// the table attached as .xlsx and .csv.

import { DEFAULT_LANGUAGE, type Language } from '../domain/values.ts';
import { html } from '../html/html.ts';
import type { IndicatorKey } from '../rubric/indicators.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import { fillSubject, type MailConfig } from './config.ts';
import { COLOR, page, STYLE } from './layout.ts';
import { formatMonth, formatPoints, indicatorName, type MailRubric, revisionWords, words } from './locale.ts';
import type { OutgoingEmail } from './send.ts';
import {
  type AttentionItem,
  CSV_TYPE,
  type TeamRow,
  teamSummaryCsv,
  teamSummaryXlsx,
  XLSX_TYPE,
} from './sheets.ts';

// Nine columns on a 390-px phone: numbered indicator columns (named in the legend below the table), tight
// padding, and names that may wrap anywhere; the table never grows wider than the screen.
const NARROW = {
  th: `${STYLE.th}padding:6px 4px;white-space:nowrap;`,
  td: `${STYLE.td}padding:6px 4px;overflow-wrap:anywhere;word-break:break-word;`,
  tdNum: `${STYLE.tdNum}padding:6px 4px;`,
} as const;

export interface TeamSummaryInput {
  month: string;
  /** The month's final summary (sent once when it is finalised): marked so in the subject and the body. */
  final?: boolean;
  recipient: { name?: string | undefined; email: string; language?: Language | undefined };
  rubric: MailRubric;
  /** Every engineer whose month was scored. */
  engineers: ReadonlyArray<{ id: string; name: string; scoreCard: ScoreCard }>;
  /** Survey invitations of the month nobody answered. */
  unansweredInvitations?: ReadonlyArray<{ respondentName: string; engineerName: string }>;
  /** Engineers whose scoring failed after its retries (parked), with why. */
  parkedFailures?: ReadonlyArray<{ engineerId: string; engineerName: string; reason: string }>;
  /** The month's appeals (申诉) and their status. */
  appeals?: ReadonlyArray<{
    engineerName: string;
    status: 'open' | 'upheld' | 'rejected';
    indicators: readonly IndicatorKey[];
  }>;
  /**
   * Present on a revised summary (one was sent before): the engineers whose card changed since, the total the
   * last summary showed → the total now.
   */
  changedSinceLast?: ReadonlyArray<{
    engineerId: string;
    engineerName: string;
    fromTotal: number;
    toTotal: number;
    revision: number;
  }>;
}

/** The appeals' words (here, beside the one summary that shows them). */
const APPEAL_WORDS = {
  'zh-CN': {
    title: '申诉',
    open: '待处理',
    upheld: '成立',
    rejected: '未采纳',
    separator: '、',
    colon: '：',
  },
  en: {
    title: 'Appeals',
    open: 'open',
    upheld: 'upheld',
    rejected: 'rejected',
    separator: ', ',
    colon: ': ',
  },
} as const;
/** What the final summary says it is: these scores are the ones that count. */
const FINAL_NOTE: Record<Language, (month: string) => string> = {
  'zh-CN': (month) => `最终汇总：${month} 已定稿，以下为最终得分；如需更改，须由管理员重新开放该月。`,
  en: (month) =>
    `Final summary: ${month} is final and these are the scores that count; changing them needs an admin to reopen the month.`,
};

/** Ranks by total, highest first; equal totals share a rank (1, 2, 2, 4) and are ordered by name. */
export function rankEngineers(engineers: TeamSummaryInput['engineers'], language: Language): TeamRow[] {
  const collator = new Intl.Collator(language);
  const sorted = [...engineers].sort(
    (a, b) =>
      b.scoreCard.total - a.scoreCard.total || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1),
  );
  let rank = 0;
  return sorted.map((e, i) => {
    if (i === 0 || e.scoreCard.total !== sorted[i - 1]!.scoreCard.total) rank = i + 1;
    return { rank, engineerId: e.id, engineerName: e.name, scoreCard: e.scoreCard };
  });
}

/** The items a manager should look at before the month is final, grouped by kind. */
export function attentionItems(input: TeamSummaryInput, rows: readonly TeamRow[], language: Language) {
  const w = words[language];
  const noData: AttentionItem[] = [];
  const overrides: AttentionItem[] = [];
  for (const row of rows) {
    for (const r of row.scoreCard.indicators) {
      const name = indicatorName(input.rubric, r.key, language);
      if (r.flags.includes('no-data'))
        noData.push({ kind: w.noDataItems, engineerName: row.engineerName, detail: name });
      if (r.flags.includes('overridden') && r.override) {
        const computed = formatPoints(r.computedPoints ?? r.points);
        overrides.push({
          kind: w.overrideItems,
          engineerName: row.engineerName,
          detail:
            language === 'zh-CN'
              ? `${name}：${computed} → ${formatPoints(r.override.points)}（${r.override.by}：${r.override.reason}）`
              : `${name}: ${computed} → ${formatPoints(r.override.points)} (${r.override.by}: ${r.override.reason})`,
        });
      }
    }
  }
  const unanswered: AttentionItem[] = (input.unansweredInvitations ?? []).map((u) => ({
    kind: w.unansweredItems,
    engineerName: u.engineerName,
    detail: w.unanswered(u.respondentName, u.engineerName),
  }));
  const parked: AttentionItem[] = (input.parkedFailures ?? []).map((p) => ({
    kind: w.parkedItems,
    engineerName: p.engineerName,
    detail: w.parked(p.engineerName, p.reason),
  }));
  const a = APPEAL_WORDS[language];
  const appeals: AttentionItem[] = (input.appeals ?? []).map((appeal) => ({
    kind: a.title,
    engineerName: appeal.engineerName,
    detail: `${a[appeal.status]}${a.colon}${appeal.indicators.map((k) => indicatorName(input.rubric, k, language)).join(a.separator)}`,
  }));
  return { noData, overrides, unanswered, parked, appeals };
}

/**
 * Renders the summary.
 * 1. Ranks the engineers (ties by name) and collects what needs attention.
 * 2. Builds the HTML table (flagged points highlighted) and the plain-text part.
 * 3. Attaches the same table as .xlsx (with a "needs attention" sheet) and as .csv.
 */
export async function renderTeamSummary(input: TeamSummaryInput, config: MailConfig): Promise<OutgoingEmail> {
  const language = input.recipient.language ?? DEFAULT_LANGUAGE;
  const w = words[language];
  const month = formatMonth(input.month, language);
  const revised = input.changedSinceLast;
  // The final summary is marked final (it may list who changed too); a later one of a provisional month, revised.
  const prefix = input.final
    ? config.subjects.finalPrefix[language]
    : revised
      ? config.subjects.revisedPrefix[language]
      : '';
  const subject = `${prefix}${fillSubject(config, 'teamSummary', language, { month })}`;
  const finalNote = input.final ? FINAL_NOTE[language](month) : '';
  const rv = revisionWords[language];
  const changedLines = (revised ?? []).map((c) => ({
    id: c.engineerId,
    line: rv.summaryChange(c.engineerName, formatPoints(c.fromTotal), formatPoints(c.toTotal), c.revision),
  }));
  const rows = rankEngineers(input.engineers, language);
  const attention = attentionItems(input, rows, language);
  const groups = [
    // Parked failures first: those engineers have no score at all yet.
    { title: w.parkedItems, items: attention.parked, alert: true, named: false },
    { title: w.noDataItems, items: attention.noData, alert: false, named: true },
    { title: w.overrideItems, items: attention.overrides, alert: false, named: true },
    { title: w.unansweredItems, items: attention.unanswered, alert: false, named: false },
    { title: APPEAL_WORDS[language].title, items: attention.appeals, alert: false, named: true },
  ].filter((g) => g.items.length > 0);
  const names = input.rubric.indicators.map((i) => i.name[language]);

  const tableRows = rows.map((row) => {
    const cells = input.rubric.indicators.map((ind) => {
      const r = row.scoreCard.indicators.find((x) => x.key === ind.key);
      const flagged = r !== undefined && r.flags.length > 0;
      return html`<td data-points="${ind.key}" style="${NARROW.tdNum}${flagged ? `background:${COLOR.warnBg};` : ''}">${r ? formatPoints(r.points) : '–'}${flagged ? '*' : ''}</td>`;
    });
    return html`<tr data-engineer="${row.engineerId}"><td style="${NARROW.tdNum}">${row.rank}</td><td style="${NARROW.td}">${row.engineerName}</td>${cells}<td data-total="true" style="${NARROW.tdNum}"><strong>${formatPoints(row.scoreCard.total)}</strong></td></tr>`;
  });

  const attentionHtml =
    groups.length === 0
      ? html`<p style="${STYLE.p}">${w.nothingNeedsAttention}</p>`
      : groups.map(
          (
            g,
          ) => html`<p style="${STYLE.p}margin-bottom:4px;"><strong style="color:${g.alert ? COLOR.alertText : COLOR.text};">${g.title}</strong></p>
<ul style="${STYLE.ul}">${g.items.map((item) => html`<li>${g.named ? html`${item.engineerName} — ` : ''}${item.detail}</li>`)}</ul>`,
        );

  const body = html`<h1 style="${STYLE.h1}">${subject}</h1>
${input.recipient.name ? html`<p style="${STYLE.p}">${w.greeting(input.recipient.name)}</p>` : ''}
${finalNote ? html`<p data-final="true" style="${STYLE.banner}">${finalNote}</p>` : ''}
<p style="${STYLE.p}">${w.summaryIntro(month, rows.length)}</p>
${
  changedLines.length > 0
    ? html`<h2 style="${STYLE.h2}">${rv.summaryChangesTitle}</h2>
<ul data-changed-since="true" style="${STYLE.ul}">${changedLines.map((c) => html`<li data-changed="${c.id}">${c.line}</li>`)}</ul>`
    : ''
}
<table cellpadding="0" cellspacing="0" border="0" style="${STYLE.table}">
<tr><th style="${NARROW.th}">${w.rank}</th><th style="${NARROW.th}">${w.engineer}</th>${names.map((n, i) => html`<th title="${n}" style="${NARROW.th}text-align:right;">${i + 1}</th>`)}<th style="${NARROW.th}">${w.total}</th></tr>
${tableRows}
</table>
<p data-legend="true" style="${STYLE.muted}margin-top:6px;">${names.map((n, i) => html`${i > 0 ? ' · ' : ''}<span style="white-space:nowrap;">${i + 1} ${n}</span>`)}</p>
<p style="${STYLE.muted}">* ${w.noData} / ${w.overridden} — ${w.maxTotalNote(formatPoints(input.rubric.maxTotal))}</p>
<h2 style="${STYLE.h2}">${w.attention}</h2>
${attentionHtml}
<p style="${STYLE.muted}margin-top:20px;">${w.summaryAttachments}</p>`;

  const text = [
    subject,
    '',
    ...(input.recipient.name ? [w.greeting(input.recipient.name)] : []),
    ...(finalNote ? [`*** ${finalNote} ***`] : []),
    w.summaryIntro(month, rows.length),
    '',
    ...(changedLines.length > 0
      ? [`${rv.summaryChangesTitle}${w.colon.trim()}`, ...changedLines.map((c) => `  - ${c.line}`), '']
      : []),
    ...rows.map((row) => {
      const points = input.rubric.indicators.map((ind) => {
        const r = row.scoreCard.indicators.find((x) => x.key === ind.key);
        return `${ind.name[language]} ${r ? formatPoints(r.points) : '–'}${r && r.flags.length > 0 ? '*' : ''}`;
      });
      return `${row.rank}. ${row.engineerName} — ${w.total} ${formatPoints(row.scoreCard.total)}\n   ${points.join(' · ')}`;
    }),
    `* ${w.noData} / ${w.overridden} — ${w.maxTotalNote(formatPoints(input.rubric.maxTotal))}`,
    '',
    `${w.attention}${w.colon.trim()}`,
    ...(groups.length === 0
      ? [w.nothingNeedsAttention]
      : groups.flatMap((g) => [
          `${g.title}${w.colon.trim()}`,
          ...g.items.map((item) =>
            g.named ? `  - ${item.engineerName} — ${item.detail}` : `  - ${item.detail}`,
          ),
        ])),
    '',
    w.summaryAttachments,
    '',
  ].join('\n');

  const allAttention = [
    ...attention.parked,
    ...attention.noData,
    ...attention.overrides,
    ...attention.unanswered,
    ...attention.appeals,
  ];
  const [xlsx, csv] = await Promise.all([
    teamSummaryXlsx({ month: input.month, rows, attention: allAttention, rubric: input.rubric, language }),
    teamSummaryCsv({ rows, rubric: input.rubric, language }),
  ]);
  return {
    to: [input.recipient.email],
    cc: [],
    subject,
    html: page(language, subject, body),
    text,
    attachments: [
      { filename: `KPI-team-${input.month}.xlsx`, contentType: XLSX_TYPE, content: xlsx },
      { filename: `KPI-team-${input.month}.csv`, contentType: CSV_TYPE, content: csv },
    ],
  };
}
