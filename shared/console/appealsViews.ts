// The Appeals page in zh-CN and en: the month's open appeals (what the engineer questions and why) and, for an
// admin, the form that resolves each one — uphold, optionally with the correcting override (indicator and points),
// or reject, always with a reason the engineer is told — then the resolved ones with their outcome. A refused form
// comes back filled as sent with each problem beside its field. Plain HTML forms: no script needed.

import { localTimeWithZone } from '../domain/monthTimeline.ts';
import type { Language } from '../domain/values.ts';
import { html, type SafeHtml } from '../html/html.ts';
import { joinList } from '../mail/locale.ts';
import { INDICATOR_KEYS, type IndicatorKey } from '../rubric/indicators.ts';
import type { FieldProblem } from '../validation.ts';
import type { AppealRow, AppealsView } from './appeals.ts';
import type { Session } from './session.ts';
import { consoleHref, indicatorName, layout, monthChoice } from './views.ts';

const TEXTS = {
  'zh-CN': {
    title: (month: string) => `${month} 申诉`,
    month: '月份',
    show: '显示',
    open: (n: number) => `待处理申诉（${n}）`,
    resolved: (n: number) => `已处理申诉（${n}）`,
    noOpen: '没有待处理的申诉。',
    noResolved: '没有已处理的申诉。',
    indicators: '申诉指标',
    reason: '申诉理由',
    filed: (when: string) => `提交于 ${when}`,
    deadline: (when: string) => `申诉截止 ${when}`,
    outcome: '处理结果',
    upheld: '支持（申诉成立）',
    rejected: '驳回',
    outcomeReason: '理由（必填，告知工程师）',
    correction: '更正（仅支持时，可选）：调整指标',
    noCorrection: '不调整',
    points: '调整后得分',
    resolve: '提交处理结果',
    resolveWho: (name: string) => `（${name} 的申诉）`,
    statuses: { upheld: '已支持', rejected: '已驳回', open: '待处理' },
    resolvedBy: (when: string, by: string) => `${when} 由 ${by} 处理`,
    corrected: (indicator: string, points: number) => `更正：${indicator} 调整为 ${points} 分`,
    done: (name: string, status: string) => `${name} 的申诉${status}。`,
    problemsTitle: '请修改以下内容，尚未保存任何数据：',
  },
  en: {
    title: (month: string) => `Appeals ${month}`,
    month: 'Month',
    show: 'Show',
    open: (n: number) => `Open appeals (${n})`,
    resolved: (n: number) => `Resolved appeals (${n})`,
    noOpen: 'No open appeals.',
    noResolved: 'No resolved appeals.',
    indicators: 'Indicators appealed',
    reason: "The engineer's reason",
    filed: (when: string) => `filed ${when}`,
    deadline: (when: string) => `appeals close ${when}`,
    outcome: 'Outcome',
    upheld: 'Uphold',
    rejected: 'Reject',
    outcomeReason: 'Reason (required, told to the engineer)',
    correction: 'Correction (uphold only, optional): override indicator',
    noCorrection: 'no correction',
    points: 'Points',
    resolve: 'Resolve',
    resolveWho: (name: string) => ` (${name}'s appeal)`,
    statuses: { upheld: 'upheld', rejected: 'rejected', open: 'open' },
    resolvedBy: (when: string, by: string) => `resolved ${when} by ${by}`,
    corrected: (indicator: string, points: number) => `correction: ${indicator} set to ${points} points`,
    done: (name: string, status: string) => `${name}'s appeal was ${status}.`,
    problemsTitle: 'Please correct the following; nothing has been saved:',
  },
} as const;

/** What an admin sent for one appeal, and what was wrong with it (a refused form comes back as sent). */
export interface ResolveAttempt {
  appealId: string;
  values: { outcome?: string; reason?: string; indicator?: string; points?: string };
  problems: readonly FieldProblem[];
}

export function appealsPage(options: {
  view: AppealsView;
  session: Session;
  lang: Language;
  attempt?: ResolveAttempt;
  /** The appeal just resolved, to say so. */
  resolved?: string;
}): string {
  const { view, session, lang } = options;
  const t = TEXTS[lang];
  const at = (instant: string) => localTimeWithZone(instant, view.timezone);
  const names = (keys: readonly IndicatorKey[]) =>
    joinList(
      keys.map((k) => indicatorName(k, lang)),
      lang,
    );
  const done = options.resolved ? view.resolved.find((r) => r.appeal.id === options.resolved) : undefined;
  const body = html`<h1>${t.title(view.month)}</h1>
${done ? html`<p class="ok" role="status">${t.done(done.engineer.name, t.statuses[done.appeal.status])}</p>` : ''}
<section class="card" aria-labelledby="month-title">
<h2 id="month-title" class="hidden-label">${t.month}</h2>
${monthChoice('/console/appeals', lang, view.months, view.month, t)}
</section>
<section aria-labelledby="open-title">
<h2 id="open-title">${t.open(view.open.length)}</h2>
${view.open.length === 0 ? html`<p class="card">${t.noOpen}</p>` : ''}
${view.open.map((row, i) =>
  openAppeal(
    row,
    i,
    session,
    lang,
    at,
    names,
    options.attempt?.appealId === row.appeal.id ? options.attempt : undefined,
  ),
)}
</section>
<section aria-labelledby="resolved-title">
<h2 id="resolved-title">${t.resolved(view.resolved.length)}</h2>
${view.resolved.length === 0 ? html`<p class="card">${t.noResolved}</p>` : ''}
${view.resolved.map(
  (r) => html`<article class="card" data-appeal="${r.appeal.id}" aria-label="${r.engineer.name}">
<h3>${r.engineer.name} <span class="muted">${r.engineer.region}</span> · <span class="state">${t.statuses[r.appeal.status]}</span></h3>
<p>${t.indicators}: ${names(r.appeal.indicators)}</p>
<p>${t.reason}: ${r.appeal.reason}</p>
<p>${t.outcome}: ${r.appeal.outcomeReason ?? ''}${
    r.appeal.correction
      ? html`<br>${t.corrected(indicatorName(r.appeal.correction.indicator, lang), r.appeal.correction.points)}`
      : ''
  }</p>
<p class="muted">${t.resolvedBy(r.appeal.resolvedAt ? at(r.appeal.resolvedAt) : '', r.appeal.resolvedBy ?? '')}</p>
</article>`,
)}
</section>`;
  return layout({
    lang,
    title: t.title(view.month),
    session,
    otherLanguageHref: consoleHref('/console/appeals', lang === 'en' ? 'zh-CN' : 'en', { month: view.month }),
    body,
  });
}

function openAppeal(
  row: AppealRow,
  index: number,
  session: Session,
  lang: Language,
  at: (instant: string) => string,
  names: (keys: readonly IndicatorKey[]) => string,
  attempt: ResolveAttempt | undefined,
): SafeHtml {
  const t = TEXTS[lang];
  const a = row.appeal;
  const id = `appeal-${index}`;
  const problemOf = (field: string) =>
    attempt?.problems.filter((p) => p.path === field).map((p) => p.message) ?? [];
  const described = (field: string) =>
    problemOf(field).length > 0
      ? html` aria-invalid="true" aria-describedby="${id}-${field}-problem"`
      : html``;
  const problem = (field: string) =>
    problemOf(field).length > 0
      ? html`<span class="problem" id="${id}-${field}-problem">${problemOf(field).join('; ')}</span>`
      : '';
  const v = attempt?.values ?? {};
  // A problem whose path is none of the form's fields is listed at the top of the form.
  const others =
    attempt?.problems.filter(
      (p) => !['outcome', 'upheld', 'reason', 'indicator', 'points'].includes(p.path),
    ) ?? [];
  const outcomeProblems = [...problemOf('outcome'), ...problemOf('upheld')];
  return html`<article class="card" data-appeal="${a.id}" aria-labelledby="${id}-title">
<h3 id="${id}-title">${row.engineer.name} <span class="muted">${row.engineer.region}</span></h3>
<p>${t.indicators}: ${names(a.indicators)}</p>
<p>${t.reason}: ${a.reason}</p>
<p class="muted">${t.filed(at(a.filedAt))} · ${t.deadline(at(a.deadline))}</p>
${
  session.role === 'admin'
    ? html`<form class="fields" method="post" action="${consoleHref(`/console/appeals/${encodeURIComponent(a.id)}/resolve`, lang)}">
<input type="hidden" name="csrf" value="${session.csrf}">
<input type="hidden" name="month" value="${a.month}">
${
  others.length > 0
    ? html`<div class="error wide" role="alert"><p>${t.problemsTitle}</p><ul>${others.map((p) => html`<li>${p.path ? `${p.path}: ` : ''}${p.message}</li>`)}</ul></div>`
    : ''
}
<fieldset class="wide"${outcomeProblems.length > 0 ? html` aria-describedby="${id}-outcome-problem"` : ''}>
<legend>${t.outcome}</legend>
<label class="check"><input type="radio" name="outcome" value="upheld" required${v.outcome === 'upheld' ? html` checked` : ''}>${t.upheld}</label>
<label class="check"><input type="radio" name="outcome" value="rejected" required${v.outcome === 'rejected' ? html` checked` : ''}>${t.rejected}</label>
${outcomeProblems.length > 0 ? html`<span class="problem" id="${id}-outcome-problem">${outcomeProblems.join('; ')}</span>` : ''}
</fieldset>
<p class="field wide"><label for="${id}-reason">${t.outcomeReason}</label>
<textarea id="${id}-reason" name="reason" rows="3" maxlength="1000" required${described('reason')}>${v.reason ?? ''}</textarea>
${problem('reason')}</p>
<p class="field"><label for="${id}-indicator">${t.correction}</label>
<select id="${id}-indicator" name="indicator"${described('indicator')}>
<option value="">${t.noCorrection}</option>
${INDICATOR_KEYS.map((k) => html`<option value="${k}"${v.indicator === k ? html` selected` : ''}>${indicatorName(k, lang)}</option>`)}
</select>
${problem('indicator')}</p>
<p class="field"><label for="${id}-points">${t.points}</label>
<input id="${id}-points" name="points" inputmode="decimal" value="${v.points ?? ''}"${described('points')}>
${problem('points')}</p>
<p class="wide"><button type="submit">${t.resolve}<span class="hidden-label">${t.resolveWho(row.engineer.name)}</span></button></p>
</form>`
    : ''
}
</article>`;
}
