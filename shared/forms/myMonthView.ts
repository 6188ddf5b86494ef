// The page of "my month" (我的考核): phone-first, no JavaScript, the forms' layout and CSP. Every figure is the
// engineer's own; survey answers appear only as a count.
import type { ScoreCardRecord } from '../domain/scoreCardRecord.ts';
import { type Language, localDateTime } from '../domain/values.ts';
import { html } from '../html/html.ts';
import { page } from '../html/page.ts';
import {
  formatMonth,
  formatPoints,
  indicatorName,
  type MailRubric,
  revisionChangeLines,
} from '../mail/locale.ts';
import type { MyMonth } from './myMonth.ts';
import { languageSwitch } from './surveyView.ts';

export const MY_MONTH_TEXTS = {
  'zh-CN': {
    colon: '：',
    title: '我的考核',
    intro: (name: string) => `${name}，以下是您本人的考核情况。`,
    soFar: (month: string, today: string) => `${month}截至 ${today}（评分前的临时数据）`,
    missedDays: '未按时提交日报的工作日',
    openWeeks: '尚未回访的项目周',
    openRequests: '已到期或本月到期、尚未解决的支持请求',
    due: (when: string) => `到期 ${when}`,
    surveyResponses: '已收到的满意度调查回复',
    responses: (n: number) => `${n} 份`,
    none: '无',
    reports: '最近六个月的考核结果',
    noReports: '还没有考核结果。',
    revision: (n: number) => `第 ${n} 版`,
    changesSince: (n: number) => `与第 ${n} 版相比：`,
    appeals: '我的申诉',
    noAppeals: '没有申诉。',
    filed: (when: string) => `提交于 ${when}`,
    resolved: (when: string) => `处理于 ${when}`,
    state: { open: '处理中', upheld: '申诉成立', rejected: '申诉驳回' },
    backToReport: '返回工作日报',
  },
  en: {
    colon: ': ',
    title: 'My month',
    intro: (name: string) => `${name}, these are your own KPI figures.`,
    soFar: (month: string, today: string) =>
      `${month} so far, as of ${today} (provisional until it is scored)`,
    missedDays: 'Workdays without an on-time daily report',
    openWeeks: 'Project weeks without a follow-up visit yet',
    openRequests: 'Support requests due this month and not yet resolved',
    due: (when: string) => `due ${when}`,
    surveyResponses: 'Survey responses received',
    responses: (n: number) => String(n),
    none: 'none',
    reports: 'Your last six reports',
    noReports: 'No report yet.',
    revision: (n: number) => `revision ${n}`,
    changesSince: (n: number) => `Changed since revision ${n}:`,
    appeals: 'My appeals',
    noAppeals: 'No appeals.',
    filed: (when: string) => `filed ${when}`,
    resolved: (when: string) => `resolved ${when}`,
    state: { open: 'open', upheld: 'upheld', rejected: 'rejected' },
    backToReport: 'Back to the daily report',
  },
} as const satisfies Record<Language, unknown>;

interface MyMonthView extends MyMonth {
  lang: Language;
  rubric: MailRubric;
  /** The link's token: the way back to the daily report is relative to this page (/r/<token>/month). */
  token: string;
}

function reportCard(view: MyMonthView, record: ScoreCardRecord) {
  const t = MY_MONTH_TEXTS[view.lang];
  const card = record.card;
  const changes = record.changes ? revisionChangeLines(record.changes, view.rubric, view.lang) : [];
  return html`<div class="visit" data-report="${card.month}">
<h3>${formatMonth(card.month, view.lang)} · ${t.revision(record.revision)} · <span data-total="${card.month}">${formatPoints(card.total)}</span> / ${formatPoints(card.maxTotal)}</h3>
<ul>${card.indicators.map((r) => html`<li>${indicatorName(view.rubric, r.key, view.lang)}${t.colon}<strong data-points="${r.key}">${formatPoints(r.points)}</strong> / ${formatPoints(r.maxPoints)}</li>`)}</ul>
${
  record.changes && changes.length > 0
    ? html`<p class="muted">${t.changesSince(record.changes.previousRevision)}</p>
<ul class="muted">${changes.map((c) => html`<li>${c.heading}${c.reasons.map((r) => html`<br>${r}`)}</li>`)}</ul>`
    : ''
}</div>`;
}

export function renderMyMonth(view: MyMonthView): string {
  const t = MY_MONTH_TEXTS[view.lang];
  const { soFar } = view;
  const when = (iso: string) => localDateTime(Date.parse(iso), view.timezone);
  const list = <T>(items: readonly T[], item: (x: T) => ReturnType<typeof html>) =>
    items.length === 0 ? html`<p class="muted">${t.none}</p>` : html`<ul>${items.map(item)}</ul>`;
  return page({
    lang: view.lang,
    title: t.title,
    body: html`${languageSwitch(view.lang)}
<h1>${t.title}</h1>
<div class="card"><p>${t.intro(view.engineer.name)}</p></div>
<div class="card" id="so-far"><h2>${t.soFar(formatMonth(soFar.month, view.lang), view.today)}</h2>
<h3>${t.missedDays} (${soFar.missedDays.length})</h3>
${list(soFar.missedDays, (d) => html`<li data-missed="${d}">${d}</li>`)}
<h3>${t.openWeeks}</h3>
${list(soFar.openFollowUpWeeks, (p) => html`<li data-project="${p.project}">${p.project}${t.colon}${p.weeks.map((w, i) => html`${i > 0 ? '; ' : ''}${w.week} (${w.start} – ${w.end})`)}</li>`)}
<h3>${t.openRequests} (${soFar.openRequests.length})</h3>
${list(soFar.openRequests, (r) => html`<li>${r.customer} · ${t.due(when(r.dueAt))}</li>`)}
<h3>${t.surveyResponses}${t.colon}<span data-responses="true">${t.responses(soFar.surveyResponses)}</span></h3>
</div>
<div class="card" id="reports"><h2>${t.reports}</h2>
${view.reports.length === 0 ? html`<p class="muted">${t.noReports}</p>` : view.reports.map((r) => reportCard(view, r))}
</div>
<div class="card" id="appeals"><h2>${t.appeals}</h2>
${
  view.appeals.length === 0
    ? html`<p class="muted">${t.noAppeals}</p>`
    : html`<ul>${view.appeals.map(
        (a) =>
          html`<li data-appeal="${a.id}">${formatMonth(a.month, view.lang)} · ${a.indicators.map((k, i) => html`${i > 0 ? ', ' : ''}${indicatorName(view.rubric, k, view.lang)}`)} · <span data-filed="${a.id}">${t.filed(when(a.filedAt))}</span> · <strong data-state="${a.status}">${t.state[a.status]}</strong>${a.outcomeReason ? html`${t.colon}${a.outcomeReason}` : ''}${a.resolvedAt ? html` · <span data-resolved="${a.id}">${t.resolved(when(a.resolvedAt))}</span>` : ''}</li>`,
      )}</ul>`
}
</div>
<p><a href="../${encodeURIComponent(view.token)}?lang=${view.lang}">${t.backToReport}</a></p>`,
  });
}
