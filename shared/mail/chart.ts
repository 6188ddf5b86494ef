// The "last six months" bar chart of the engineer's report: a table of bottom-aligned cells whose height is
// the bar (height + bgcolor on a <td> is what Outlook, Gmail and Apple Mail all draw; no images, no CSS grid).

import type { Language } from '../domain/values.ts';
import { html, type SafeHtml } from '../html/html.ts';
import { COLOR, FONT } from './layout.ts';
import { formatPoints, formatShortMonth } from './locale.ts';

export interface MonthTotal {
  month: string;
  total: number;
}

/** How many months the chart shows. */
const HISTORY_MONTHS = 6;
const BAR_MAX_PX = 100;

/** The months to draw: one per month (the last given wins), in order, the latest six. */
function chartMonths(history: readonly MonthTotal[]): MonthTotal[] {
  const byMonth = new Map(history.map((h) => [h.month, h.total]));
  return [...byMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(-HISTORY_MONTHS)
    .map(([month, total]) => ({ month, total }));
}

function barHeight(total: number, maxTotal: number): number {
  if (maxTotal <= 0 || total <= 0) return 1;
  return Math.max(2, Math.round((Math.min(total, maxTotal) / maxTotal) * BAR_MAX_PX));
}

/** The chart as email HTML; the current month's bar is darker. */
export function historyChartHtml(
  history: readonly MonthTotal[],
  options: { maxTotal: number; currentMonth: string; language: Language },
): SafeHtml {
  const months = chartMonths(history);
  if (months.length === 0) return html``;
  const cellWidth = Math.floor(100 / months.length);
  const bars = months.map((m) => {
    const color = m.month === options.currentMonth ? COLOR.accent : COLOR.accentLight;
    const height = barHeight(m.total, options.maxTotal);
    return html`<td align="center" valign="bottom" width="${cellWidth}%" style="padding:0 6px;vertical-align:bottom;${FONT}">
<div style="font-size:12px;line-height:16px;color:${COLOR.text};${FONT}">${formatPoints(m.total)}</div>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" align="center"><tr><td data-bar="${m.month}" width="28" height="${height}" bgcolor="${color}" style="width:28px;height:${height}px;background:${color};font-size:0;line-height:0;">&nbsp;</td></tr></table>
</td>`;
  });
  const labels = months.map(
    (m) =>
      html`<td align="center" style="padding:4px 2px 0;font-size:12px;color:${COLOR.muted};border-top:1px solid ${COLOR.border};${FONT}">${formatShortMonth(m.month, options.language)}</td>`,
  );
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:420px;">
<tr style="height:${BAR_MAX_PX + 20}px;">${bars}</tr>
<tr>${labels}</tr>
</table>`;
}

/** The same chart for the plain-text part: one line per month with a bar of blocks. */
export function historyChartText(
  history: readonly MonthTotal[],
  options: { maxTotal: number; currentMonth: string },
): string {
  const width = 30;
  return chartMonths(history)
    .map((m) => {
      const blocks =
        options.maxTotal > 0
          ? Math.round((Math.min(m.total, options.maxTotal) / options.maxTotal) * width)
          : 0;
      const marker = m.month === options.currentMonth ? ' ◀' : '';
      return `${m.month}  ${'█'.repeat(blocks)}${' '.repeat(width - blocks)}  ${formatPoints(m.total)}${marker}`;
    })
    .join('\n');
}
