// The month actions (console.md "What it shows" 5) in zh-CN and en: a confirmation page for each of run scoring,
// finalise and reopen (a plain form: the action happens only when its confirmation is posted, no script needed),
// and the page that says what the action did — scored, emailed, unchanged, parked; dispatched on AWS; final since.
import type { MonthRecord } from '../domain/monthRecord.ts';
import { localTimeWithZone } from '../domain/monthTimeline.ts';
import type { Language } from '../domain/values.ts';
import { html, type SafeHtml } from '../html/html.ts';
import type { FinalizeOutcome } from '../pipeline/lifecycle.ts';
import type { MonthRunAnswer } from '../pipeline/monthRuns.ts';
import type { FieldProblem } from '../validation.ts';
import type { Session } from './session.ts';
import { consoleHref, layout } from './views.ts';

export const MONTH_ACTIONS = ['run', 'finalize', 'reopen'] as const;
export type MonthAction = (typeof MONTH_ACTIONS)[number];

const TEXTS = {
  'zh-CN': {
    titles: { run: '运行评分', finalize: '定稿', reopen: '重新开放' } satisfies Record<MonthAction, string>,
    title: (action: string, month: string) => `${month} · ${action}`,
    explain: {
      run: '重新为本月每位工程师评分；得分有变化的工程师会收到修订后的报告，部门经理收到团队汇总。',
      finalize:
        '将本月定稿：之后任何修改都会被拒绝，直到管理员重新开放。还有未处理的申诉时不能定稿。定稿后进行最终评分，并发送最终团队汇总。',
      reopen: '将已定稿的月份改回暂定状态，以便修改；原因会记入变更记录。下次评分会发送修订后的报告。',
    } satisfies Record<MonthAction, string>,
    state: (state: string) => `当前状态：${state}`,
    reason: '原因（必填，记入变更记录）',
    confirm: (action: string) => `确认${action}`,
    cancel: '取消，返回总览',
    done: { run: '评分已完成', finalize: '已定稿', reopen: '已重新开放' } satisfies Record<
      MonthAction,
      string
    >,
    inProcess: (a: { engineers: number; scored: number; emailed: number; unchanged: number }) =>
      `${a.engineers} 位工程师：评分 ${a.scored}，发送报告 ${a.emailed}，无变化 ${a.unchanged}。`,
    parked: (n: number) => `${n} 位工程师评分失败，已搁置：`,
    inDoubt: (n: number) => `${n} 封报告发送状态未知（下次运行会确认）。`,
    summary: {
      sent: '团队汇总已发送。',
      'nothing new': '团队汇总无新内容，未发送。',
      held: '团队汇总暂缓发送。',
      'in doubt': '团队汇总发送状态未知（下次运行会确认）。',
      'not sent': '团队汇总未发送。',
    } satisfies Record<Extract<MonthRunAnswer, { mode: 'in-process' }>['summary'], string>,
    dispatched: (n: number, runId: string) =>
      `已将 ${n} 位工程师交给评分队列（运行 ${runId}），报告和汇总随后发送。`,
    finalSince: (when: string, by: string) => `定稿于 ${when}，由 ${by}。`,
    completed: '本月此前已定稿，但最终评分未完成：现已补完。',
    reopened: (when: string, by: string, reason: string) => `${when} 由 ${by} 重新开放，原因：${reason}`,
    backToOverview: '返回总览',
    problems: '请更正以下问题：',
  },
  en: {
    titles: { run: 'Run scoring', finalize: 'Finalise', reopen: 'Reopen' } satisfies Record<
      MonthAction,
      string
    >,
    title: (action: string, month: string) => `${action} ${month}`,
    explain: {
      run: 'Scores every engineer of the month again; an engineer whose card changed gets the revised report, and the department manager the team summary.',
      finalize:
        'Makes the month final: every change is refused afterwards until an admin reopens it. Refused while appeals are open. The final run follows, with the final team summary.',
      reopen:
        'Turns a final month back to provisional so it can be changed; the reason goes into the record of changes. The next run sends revised reports.',
    } satisfies Record<MonthAction, string>,
    state: (state: string) => `State now: ${state}`,
    reason: 'Reason (required, recorded in the record of changes)',
    confirm: (action: string) => `Confirm: ${action}`,
    cancel: 'Cancel, back to the overview',
    done: { run: 'Scoring run done', finalize: 'Finalised', reopen: 'Reopened' } satisfies Record<
      MonthAction,
      string
    >,
    inProcess: (a: { engineers: number; scored: number; emailed: number; unchanged: number }) =>
      `${a.engineers} engineers: ${a.scored} scored, ${a.emailed} emailed, ${a.unchanged} unchanged.`,
    parked: (n: number) => `${n} parked after their last attempt:`,
    inDoubt: (n: number) => `${n} reports in doubt (a later run resolves them).`,
    summary: {
      sent: 'Team summary sent.',
      'nothing new': 'Team summary: nothing new, not sent.',
      held: 'Team summary held.',
      'in doubt': 'Team summary in doubt (a later run resolves it).',
      'not sent': 'Team summary not sent.',
    } satisfies Record<Extract<MonthRunAnswer, { mode: 'in-process' }>['summary'], string>,
    dispatched: (n: number, runId: string) =>
      `Dispatched ${n} engineers to the scoring queue (run ${runId}); the workers send the reports and the summary.`,
    finalSince: (when: string, by: string) => `Final since ${when}, by ${by}.`,
    completed: 'The month was final already but its final run had not finished: it is completed now.',
    reopened: (when: string, by: string, reason: string) => `Reopened ${when} by ${by}. Reason: ${reason}`,
    backToOverview: 'Back to the overview',
    problems: 'Please correct:',
  },
} as const;

type Texts = (typeof TEXTS)[Language];

export const monthActionPath = (month: string, action: MonthAction) =>
  `/console/months/${encodeURIComponent(month)}/${action}`;

/** The confirmation page of `action` on `month`: what it does, then a form that posts the confirmation. */
export function monthActionConfirmPage(options: {
  session: Session;
  lang: Language;
  month: string;
  action: MonthAction;
  stateName: string;
  /** The reason as sent, when a reopen was refused for it. */
  reason?: string;
  problems?: readonly FieldProblem[];
}): string {
  const { session, lang, month, action } = options;
  const t = TEXTS[lang];
  const name = t.titles[action];
  const reasonProblem = options.problems?.find((p) => p.path === 'reason');
  const body = html`<h1>${t.title(name, month)}</h1>
<section class="card" aria-labelledby="confirm-title">
<h2 id="confirm-title">${t.state(options.stateName)}</h2>
<p>${t.explain[action]}</p>
${
  options.problems && options.problems.length > 0
    ? html`<div class="problems" role="alert"><p>${t.problems}</p><ul>${options.problems.map(
        (p) => html`<li>${p.path ? `${p.path}: ` : ''}${p.message}</li>`,
      )}</ul></div>`
    : ''
}
<form method="post" action="${consoleHref(monthActionPath(month, action), lang)}">
<input type="hidden" name="csrf" value="${session.csrf}">
<input type="hidden" name="confirm" value="yes">
${
  action === 'reopen'
    ? html`<p class="field"><label for="reason">${t.reason}</label>
<textarea id="reason" name="reason" rows="3" maxlength="500" required${
        reasonProblem ? html` aria-invalid="true" aria-describedby="reason-problem"` : ''
      }>${options.reason ?? ''}</textarea>
${reasonProblem ? html`<span class="problem" id="reason-problem">${reasonProblem.message}</span>` : ''}</p>`
    : ''
}
<p><button type="submit">${t.confirm(name)}</button>
<a href="${consoleHref('/console', lang, { month })}">${t.cancel}</a></p>
</form>
</section>`;
  return layout({
    lang,
    title: t.title(name, month),
    session,
    otherLanguageHref: consoleHref(monthActionPath(month, action), lang === 'en' ? 'zh-CN' : 'en'),
    body,
  });
}

/** What a run did, in sentences. */
function runLines(run: MonthRunAnswer, t: Texts): SafeHtml {
  if (run.mode === 'dispatched') return html`<p>${t.dispatched(run.dispatched, run.runId)}</p>`;
  return html`<p>${t.inProcess(run)}</p>
${
  run.parked.length > 0
    ? html`<p>${t.parked(run.parked.length)}</p><ul>${run.parked.map(
        (p) => html`<li>${p.engineerId}: ${p.reason}</li>`,
      )}</ul>`
    : ''
}${run.inDoubt > 0 ? html`<p>${t.inDoubt(run.inDoubt)}</p>` : ''}
<p>${t.summary[run.summary]}</p>`;
}

export type MonthActionResult =
  | { action: 'run'; run: MonthRunAnswer }
  | { action: 'finalize'; outcome: FinalizeOutcome }
  | { action: 'reopen'; record: MonthRecord };

/** The page after an action: what it did. */
export function monthActionDonePage(options: {
  session: Session;
  lang: Language;
  month: string;
  zone: string;
  result: MonthActionResult;
}): string {
  const { session, lang, month, zone, result } = options;
  const t = TEXTS[lang];
  let what: SafeHtml;
  switch (result.action) {
    case 'run':
      what = runLines(result.run, t);
      break;
    case 'finalize': {
      const o = result.outcome;
      what = html`<p>${t.finalSince(localTimeWithZone(o.finalizedAt, zone), o.finalizedBy)}</p>
${o.outcome === 'completed' ? html`<p>${t.completed}</p>` : ''}
${o.run ? runLines(o.run, t) : ''}${o.note ? html`<p>${o.note}</p>` : ''}`;
      break;
    }
    case 'reopen': {
      const r = result.record;
      what = html`<p>${t.reopened(
        r.reopenedAt ? localTimeWithZone(r.reopenedAt, zone) : '',
        r.reopenedBy ?? session.actor,
        r.reopenReason ?? '',
      )}</p>`;
      break;
    }
  }
  const title = t.title(t.done[result.action], month);
  return layout({
    lang,
    title,
    session,
    otherLanguageHref: consoleHref('/console', lang === 'en' ? 'zh-CN' : 'en', { month }),
    body: html`<h1>${title}</h1>
<section class="card" role="status" aria-labelledby="done-title">
<h2 id="done-title">${t.done[result.action]}</h2>
${what}
<p><a href="${consoleHref('/console', lang, { month })}">${t.backToOverview}</a></p>
</section>`,
  });
}
