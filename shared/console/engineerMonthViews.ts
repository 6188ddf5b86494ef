// The engineer-month page and the preview of a change, in zh-CN or en: the card, every piece of evidence behind
// it, its revisions, the record of changes, and (for an admin, while the month is not final) the forms that
// change it. Each form posts to the preview first; the preview shows the new card and posts the same fields to
// save. A change refused for its fields (by the preview or the save) is this page again with that one form filled
// as it was sent and each problem beside its field (forms.ts). No script: every page works as plain HTML forms.
import type {
  CardRevisionSummary,
  ChangePreview,
  EngineerMonth,
  EngineerMonthChange,
  ReportDay,
} from '../admin/engineerMonth.ts';
import { type AuditAction, type AuditItemKind, changeInShort } from '../domain/audit.ts';
import { localTimeWithZone } from '../domain/monthTimeline.ts';
import type { Language } from '../domain/values.ts';
import { html, type SafeHtml } from '../html/html.ts';
import { formatPoints, joinList, revisionChangeLines, revisionWords } from '../mail/locale.ts';
import { defaultRubric } from '../rubric/default.ts';
import { DAILY_REPORT_VERDICTS, INDICATOR_KEYS, type IndicatorKey } from '../rubric/indicators.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import type { FieldProblem } from '../validation.ts';
import { type Field, fieldHtml, PROBLEMS_TITLE, problemSummary, problemsByField } from './forms.ts';
import type { Session } from './session.ts';
import { consoleHref, indicatorName, layout } from './views.ts';

const TEXTS = {
  'zh-CN': {
    title: (name: string, month: string) => `${name} · ${month}`,
    back: '返回月度总览',
    backToPage: '返回该工程师本月页面',
    openAppeal: '有待处理的申诉',
    region: '区域',
    state: '月份状态',
    states: {
      'not-begun': '未开始',
      collecting: '收集证据中',
      closed: '证据已截止，待评分',
      provisional: '暂定（可申诉）',
      final: '已定稿',
    },
    finalSince: (when: string, by: string | null) =>
      `本月已于 ${when}${by ? `由 ${by} ` : ''}定稿，不能再修改；如需修改，请管理员先重新打开本月。`,
    saved: '已保存。',
    card: '得分卡',
    storedCard: (rev: number, at: string) => `第 ${rev} 版，生成于 ${at}`,
    notScored: '本月尚未评分：以下为按目前证据计算的得分。',
    stale: (total: number) => `证据在上次评分后有变化：按目前证据总分为 ${total}。`,
    indicator: '指标',
    points: '得分',
    flags: '标记',
    explanation: '说明',
    total: '总分',
    noData: '无数据',
    overridden: '已调整',
    requests: '支持请求',
    customer: '客户',
    due: '截止时间',
    resolvedAt: '解决时间',
    independent: '独立解决',
    summary: '内容',
    open: '未解决',
    yes: '是',
    no: '否',
    none: '无。',
    survey: '满意度调查回复',
    respondent: '答卷人',
    comment: '意见',
    submitted: '提交时间',
    followUps: '项目回访（周 × 项目）',
    project: '项目',
    cells: { 'not-required': '不需回访', visited: '已回访', missed: '未回访' },
    complaints: '投诉',
    date: '日期',
    text: '内容',
    status: '状态',
    decided: '处理人',
    complaintStatus: { pending: '待处理', confirmed: '已确认', dismissed: '已驳回' },
    exam: '考试成绩',
    score: '成绩（0–100）',
    stories: '成功案例',
    storyTitle: '标题',
    reports: '日报日历',
    reportDay: { filed: '按时', late: '迟交', missed: '缺交', open: '未到截止', off: '非工作日' },
    verdict: '日报评价',
    verdicts: { insightful: '有见地', standard: '合格', perfunctory: '敷衍' },
    overrides: '人工调整',
    reason: '原因',
    by: '操作人',
    revisions: '版本与变化',
    revision: '版本',
    createdAt: '时间',
    changes: '变化',
    firstRevision: '首次评分',
    noChange: '分数无变化',
    audit: '修改记录',
    when: '时间',
    action: '操作',
    item: '对象',
    change: '修改前 → 修改后',
    changeForms: '修改',
    preview: '预览新得分',
    save: '确认保存',
    cancel: '取消，返回',
    confirm: '确认投诉',
    dismiss: '驳回投诉',
    remove: '删除',
    resolve: '记录解决',
    addStory: '添加成功案例',
    addComplaint: '登记投诉',
    addRequest: '添加支持请求',
    setOverride: '调整指标得分',
    timestampHint: '格式：2026-09-10T18:00:00+08:00',
    previewTitle: '预览：保存后的得分',
    previewLead: '尚未保存。下表为保存这项修改后的得分卡。',
    now: '当前',
    after: '修改后',
    totalChange: (from: number, to: number) => `总分：${from} → ${to}`,
    kinds: {
      'exam-score': '录入考试成绩',
      'add-story': '添加成功案例',
      'remove-story': '删除成功案例',
      verdict: '日报评价',
      'add-complaint': '登记投诉',
      'confirm-complaint': '确认投诉',
      'dismiss-complaint': '驳回投诉',
      'add-request': '添加支持请求',
      'resolve-request': '记录请求解决',
      override: '调整指标得分',
      'remove-override': '取消调整',
    } satisfies Record<EngineerMonthChange, string>,
    scrolls: (what: string) => `${what}（可横向滚动）`,
    by_: (who: string, when: string) => `（${who}，${when}）`,
    actions: {
      created: '新增',
      updated: '修改',
      removed: '删除',
      confirmed: '确认',
      dismissed: '驳回',
      resolved: '解决',
      'reopened-request': '重新打开请求',
      appealed: '申诉',
      'appeal-edited': '修改申诉',
      'appeal-upheld': '申诉成立',
      'appeal-rejected': '申诉驳回',
      scored: '评分',
      finalized: '定稿',
      reopened: '重新打开',
    } satisfies Record<AuditAction, string>,
    itemKinds: {
      'support-request': '支持请求',
      complaint: '投诉',
      'exam-score': '考试成绩',
      'success-story': '成功案例',
      verdict: '日报评价',
      override: '人工调整',
      'follow-up-visit': '回访',
      appeal: '申诉',
      month: '月份',
    } satisfies Record<AuditItemKind, string>,
    theChange: '修改内容',
  },
  en: {
    title: (name: string, month: string) => `${name} · ${month}`,
    back: 'Back to the month overview',
    backToPage: "Back to the engineer's month",
    openAppeal: 'an appeal is open',
    region: 'Region',
    state: 'Month state',
    states: {
      'not-begun': 'not begun',
      collecting: 'collecting evidence',
      closed: 'evidence closed, to be scored',
      provisional: 'provisional (open to appeals)',
      final: 'final',
    },
    finalSince: (when: string, by: string | null) =>
      `This month is final since ${when}${by ? ` (by ${by})` : ''}: it takes no change until an admin reopens it.`,
    saved: 'Saved.',
    card: 'Score card',
    storedCard: (rev: number, at: string) => `revision ${rev}, made ${at}`,
    notScored: 'Not scored yet this month: the card below is what the evidence so far gives.',
    stale: (total: number) => `The evidence changed since the last run: it now gives a total of ${total}.`,
    indicator: 'Indicator',
    points: 'Points',
    flags: 'Flags',
    explanation: 'Explanation',
    total: 'Total',
    noData: 'no data',
    overridden: 'overridden',
    requests: 'Support requests',
    customer: 'Customer',
    due: 'Due',
    resolvedAt: 'Resolved',
    independent: 'On their own',
    summary: 'About',
    open: 'open',
    yes: 'yes',
    no: 'no',
    none: 'None.',
    survey: 'Survey responses',
    respondent: 'Respondent',
    comment: 'Comment',
    submitted: 'Submitted',
    followUps: 'Follow-up visits (weeks × projects)',
    project: 'Project',
    cells: { 'not-required': 'not required', visited: 'visited', missed: 'missed' },
    complaints: 'Complaints',
    date: 'Date',
    text: 'Complaint',
    status: 'Status',
    decided: 'Decided by',
    complaintStatus: { pending: 'pending', confirmed: 'confirmed', dismissed: 'dismissed' },
    exam: 'Exam score',
    score: 'Score (0–100)',
    stories: 'Success stories',
    storyTitle: 'Title',
    reports: 'Daily-report calendar',
    reportDay: { filed: 'filed', late: 'late', missed: 'missed', open: 'not due yet', off: 'not a workday' },
    verdict: 'Daily-report verdict',
    verdicts: { insightful: 'insightful', standard: 'standard', perfunctory: 'perfunctory' },
    overrides: 'Overrides',
    reason: 'Reason',
    by: 'By',
    revisions: 'Revisions and what changed',
    revision: 'Revision',
    createdAt: 'Made',
    changes: 'What changed',
    firstRevision: 'first run',
    noChange: 'no points changed',
    audit: 'Record of changes',
    when: 'When',
    action: 'Action',
    item: 'Item',
    change: 'Before → after',
    changeForms: 'Changes',
    preview: 'Preview the new score',
    save: 'Save',
    cancel: 'Cancel and go back',
    confirm: 'Confirm',
    dismiss: 'Dismiss',
    remove: 'Remove',
    resolve: 'Record resolution',
    addStory: 'Add a success story',
    addComplaint: 'Record a complaint',
    addRequest: 'Add a support request',
    setOverride: "Override an indicator's points",
    timestampHint: 'as 2026-09-10T18:00:00+08:00',
    previewTitle: 'Preview: the score after this change',
    previewLead: 'Not saved yet. This is the card as it will be once the change is saved.',
    now: 'Now',
    after: 'With the change',
    totalChange: (from: number, to: number) => `Total: ${from} → ${to}`,
    kinds: {
      'exam-score': 'Record an exam score',
      'add-story': 'Add a success story',
      'remove-story': 'Remove a success story',
      verdict: 'Daily-report verdict',
      'add-complaint': 'Record a complaint',
      'confirm-complaint': 'Confirm a complaint',
      'dismiss-complaint': 'Dismiss a complaint',
      'add-request': 'Add a support request',
      'resolve-request': 'Record how a request ended',
      override: "Override an indicator's points",
      'remove-override': 'Remove an override',
    } satisfies Record<EngineerMonthChange, string>,
    scrolls: (what: string) => `${what} (scrolls sideways)`,
    by_: (who: string, when: string) => ` (${who}, ${when})`,
    actions: {
      created: 'created',
      updated: 'updated',
      removed: 'removed',
      confirmed: 'confirmed',
      dismissed: 'dismissed',
      resolved: 'resolved',
      'reopened-request': 'reopened',
      appealed: 'appealed',
      'appeal-edited': 'appeal edited',
      'appeal-upheld': 'appeal upheld',
      'appeal-rejected': 'appeal rejected',
      scored: 'scored',
      finalized: 'finalised',
      reopened: 'reopened',
    } satisfies Record<AuditAction, string>,
    itemKinds: {
      'support-request': 'support request',
      complaint: 'complaint',
      'exam-score': 'exam score',
      'success-story': 'success story',
      verdict: 'verdict',
      override: 'override',
      'follow-up-visit': 'follow-up visit',
      appeal: 'appeal',
      month: 'month',
    } satisfies Record<AuditItemKind, string>,
    theChange: 'The change',
  },
} as const;

type Texts = (typeof TEXTS)[Language];

/** The way back to an engineer-month's page, in the reader's language. */
export function backToEngineerMonth(
  engineerId: string,
  month: string,
  lang: Language,
): { href: string; label: string } {
  return { href: consoleHref(engineerMonthPath(engineerId, month), lang), label: TEXTS[lang].backToPage };
}

export function engineerMonthPath(engineerId: string, month: string, tail = ''): string {
  return `/console/engineers/${encodeURIComponent(engineerId)}/months/${month}${tail}`;
}

/** A table that may be wider than a phone: it scrolls in its own labelled, focusable region. */
function scrolling(label: string, table: SafeHtml): SafeHtml {
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${label}">${table}</div>`;
}

function cardTable(card: ScoreCard, lang: Language, t: Texts): SafeHtml {
  return scrolling(
    t.scrolls(t.card),
    html`<table class="scorecard">
<thead><tr><th scope="col">${t.indicator}</th><th scope="col" class="num">${t.points}</th><th scope="col">${t.flags}</th><th scope="col">${t.explanation}</th></tr></thead>
<tbody>
${card.indicators.map(
  (i) => html`<tr data-indicator="${i.key}"><th scope="row">${indicatorName(i.key, lang)}</th>
<td class="num">${i.points} / ${i.maxPoints}</td>
<td>${i.flags.includes('no-data') ? html`<span class="flag">${t.noData}</span>` : ''}${i.flags.includes('overridden') ? html`<span class="flag">${t.overridden}</span>` : ''}</td>
<td>${i.explanation[lang]}</td></tr>`,
)}
</tbody>
<tfoot><tr><th scope="row">${t.total}</th><td class="num" data-total><strong>${card.total}</strong> / ${card.maxTotal}</td><td></td><td></td></tr></tfoot>
</table>`,
  );
}

/**
 * What changed since the revision before, as the revised report's email and "my month" say it (the changes
 * stored with the revision, worded by mail/locale.ts): the total, then each indicator with why.
 */
function revisionChanges(r: CardRevisionSummary, lang: Language, t: Texts): SafeHtml | string {
  if (!r.changes) return t.firstRevision;
  if (r.changes.indicators.length === 0) return t.noChange;
  const lines = revisionChangeLines(r.changes, defaultRubric, lang);
  return html`<ul class="changes"><li>${revisionWords[lang].totalChange(formatPoints(r.changes.previousTotal), formatPoints(r.total))}</li>${lines.map(
    (c) => html`<li>${c.heading}${c.reasons.map((why) => html`<br><span class="muted">${why}</span>`)}</li>`,
  )}</ul>`;
}

/**
 * A change form refused for its fields (400): what was sent and why, so the page draws that one form filled as it
 * was sent with each problem beside its field.
 */
export interface RefusedChange {
  kind: string;
  /** The form's fields as sent (never its CSRF token: each form carries the session's). */
  values: Record<string, string>;
  problems: readonly FieldProblem[];
}

/** The id of a change form on the page: its kind, and the item it acts on when there is one per row. */
function changeFormId(kind: EngineerMonthChange, hidden: Record<string, string>): string {
  return ['change', kind, ...Object.values(hidden)].join('-').replace(/[^A-Za-z0-9_-]/g, '-');
}

/**
 * A form that proposes a change: it posts to the preview, which shows the new card before anything is saved.
 * Its problems (when it was refused) are listed above it, linking to their fields, and shown beside each field.
 */
function changeForm(options: {
  view: EngineerMonth;
  session: Session;
  lang: Language;
  kind: EngineerMonthChange;
  fields: readonly Field[];
  button: string;
  hidden: Record<string, string>;
  values: Record<string, string>;
  problems: readonly FieldProblem[];
}): SafeHtml {
  const { view, lang, kind, fields, hidden } = options;
  const id = changeFormId(kind, hidden);
  const byField = problemsByField(options.problems, fields);
  return html`${problemSummary(PROBLEMS_TITLE[lang], id, fields, options.problems)}<form class="filters" method="post" action="${consoleHref(engineerMonthPath(view.engineer.id, view.month, '/preview'), lang)}">
<input type="hidden" name="csrf" value="${options.session.csrf}"><input type="hidden" name="kind" value="${kind}">
${Object.entries(hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
${fields.map((f) => fieldHtml(id, f, options.values, byField))}<button type="submit">${options.button}</button>
</form>`;
}

function reportDays(days: ReportDay[], t: Texts): SafeHtml {
  return html`<ol class="calendar">${days.map(
    (d) =>
      html`<li class="day ${d.status}" data-date="${d.date}"><span>${d.date.slice(8)}</span> <span>${t.reportDay[d.status]}</span></li>`,
  )}</ol>`;
}

export function engineerMonthPage(
  view: EngineerMonth,
  session: Session,
  lang: Language,
  notice?: 'saved',
  refused?: RefusedChange,
): string {
  const t = TEXTS[lang];
  const lc = view.lifecycle;
  const zone = lc.timezone;
  const at = (instant: string | null | undefined) => (instant ? localTimeWithZone(instant, zone) : '—');
  const final = lc.state === 'final';
  const admin = session.role === 'admin';
  const editable = admin && !final;
  const card = view.stored?.card ?? view.current;
  const ev = view.evidence;
  const followUp = view.current.indicators.find((i) => i.key === 'followUp');
  const grid = followUp?.key === 'followUp' ? followUp.measured : undefined;
  const questions = defaultRubric.survey.questions;
  // The refused form is the one of its kind acting on the same item (a row's form names it in a hidden field).
  let refilled = false;
  const form = (
    kind: EngineerMonthChange,
    fields: readonly Field[],
    button: string,
    hidden: Record<string, string> = {},
    values: Record<string, string> = {},
  ) => {
    const mine =
      refused?.kind === kind &&
      Object.entries(hidden).every(([name, value]) => refused.values[name] === value)
        ? refused
        : undefined;
    if (mine) refilled = true;
    return changeForm({
      view,
      session,
      lang,
      kind,
      fields,
      button,
      hidden,
      values: mine?.values ?? values,
      problems: mine?.problems ?? [],
    });
  };
  const timestamp = (name: string, label: string, required: boolean): Field => ({
    name,
    label,
    type: 'text',
    required,
    placeholder: t.timestampHint,
  });
  const date = (): Field => ({
    name: 'date',
    label: t.date,
    type: 'text',
    required: true,
    inputmode: 'numeric',
    pattern: '\\d{4}-\\d{2}-\\d{2}',
    placeholder: `${view.month}-01`,
  });
  const yesNo = (name: string, first: boolean): Field => ({
    name,
    label: t.independent,
    type: 'select',
    options: [first, !first].map((v) => ({ value: String(v), label: v ? t.yes : t.no })),
  });

  const sections = html`<section class="card" aria-labelledby="summary-title">
<h2 id="summary-title">${t.state}: <span class="state">${t.states[lc.state]}</span></h2>
<p>${t.region}: ${view.engineer.region}</p>
${
  lc.openAppeals.some((a) => a.engineerId === view.engineer.id)
    ? html`<p><span class="flag" data-open-appeal>${t.openAppeal}</span></p>`
    : ''
}
${final ? html`<p class="final-note" role="note">${t.finalSince(at(lc.finalizedAt), lc.finalizedBy)}</p>` : ''}
</section>
<section class="card" aria-labelledby="card-title">
<h2 id="card-title">${t.card}</h2>
<p class="muted">${view.stored ? t.storedCard(view.stored.revision, at(view.stored.createdAt)) : t.notScored}</p>
${view.stored && view.stored.card.total !== view.current.total ? html`<p class="flag">${t.stale(view.current.total)}</p>` : ''}
${cardTable(card, lang, t)}
</section>
<section class="card" aria-labelledby="requests-title">
<h2 id="requests-title">${t.requests}</h2>
${
  ev.supportRequests.length === 0
    ? html`<p>${t.none}</p>`
    : scrolling(
        t.scrolls(t.requests),
        html`<table><thead><tr><th scope="col">${t.customer}</th><th scope="col">${t.due}</th><th scope="col">${t.resolvedAt}</th><th scope="col">${t.independent}</th><th scope="col">${t.summary}</th>${editable ? html`<th scope="col">${t.resolve}</th>` : ''}</tr></thead>
<tbody>${ev.supportRequests.map(
          (r) =>
            html`<tr><th scope="row">${r.customer}</th><td>${at(r.dueAt)}</td><td>${r.resolvedAt ? at(r.resolvedAt) : t.open}</td><td>${r.independent ? t.yes : t.no}</td><td>${r.summary}</td>${
              editable
                ? html`<td>${form(
                    'resolve-request',
                    [timestamp('resolvedAt', t.resolvedAt, true), yesNo('independent', true)],
                    t.preview,
                    { id: r.id },
                    { independent: 'true' },
                  )}</td>`
                : ''
            }</tr>`,
        )}</tbody></table>`,
      )
}
${
  editable
    ? html`<h3>${t.addRequest}</h3>${form(
        'add-request',
        [
          { name: 'customer', label: t.customer, type: 'text', required: true },
          timestamp('dueAt', t.due, true),
          timestamp('resolvedAt', t.resolvedAt, false),
          yesNo('independent', false),
          { name: 'summary', label: t.summary, type: 'text' },
        ],
        t.preview,
        {},
        { independent: 'false' },
      )}`
    : ''
}
</section>
<section class="card" aria-labelledby="survey-title">
<h2 id="survey-title">${t.survey}</h2>
${
  ev.surveyResponses.length === 0
    ? html`<p>${t.none}</p>`
    : scrolling(
        t.scrolls(t.survey),
        html`<table><thead><tr><th scope="col">${t.respondent}</th>${questions.map((q) => html`<th scope="col" class="num">${q.label[lang]}</th>`)}<th scope="col">${t.comment}</th><th scope="col">${t.submitted}</th></tr></thead>
<tbody>${ev.surveyResponses.map(
          (r) =>
            html`<tr><th scope="row">${r.respondentName ?? r.respondentId}</th>${questions.map((q) => html`<td class="num">${r.ratings[q.key] ?? '—'}</td>`)}<td>${r.comment}</td><td>${at(r.submittedAt)}</td></tr>`,
        )}</tbody></table>`,
      )
}
</section>
<section class="card" aria-labelledby="followups-title">
<h2 id="followups-title">${t.followUps}</h2>
${
  !grid || grid.projects.length === 0
    ? html`<p>${t.none}</p>`
    : scrolling(
        t.scrolls(t.followUps),
        html`<table><thead><tr><th scope="col">${t.project}</th>${grid.weeks.map((w) => html`<th scope="col">${w.week}</th>`)}</tr></thead>
<tbody>${grid.projects.map(
          (p) =>
            html`<tr><th scope="row">${p.name ?? p.projectId}</th>${p.cells.map((c) => html`<td class="cell ${c}">${t.cells[c]}</td>`)}</tr>`,
        )}</tbody></table>`,
      )
}
</section>
<section class="card" aria-labelledby="complaints-title">
<h2 id="complaints-title">${t.complaints}</h2>
${
  ev.complaints.length === 0
    ? html`<p>${t.none}</p>`
    : scrolling(
        t.scrolls(t.complaints),
        html`<table><thead><tr><th scope="col">${t.date}</th><th scope="col">${t.text}</th><th scope="col">${t.status}</th><th scope="col">${t.decided}</th>${editable ? html`<th scope="col">${t.changeForms}</th>` : ''}</tr></thead>
<tbody>${ev.complaints.map(
          (c) =>
            html`<tr data-complaint="${c.id}"><th scope="row">${c.date}</th><td>${c.text}</td><td>${t.complaintStatus[c.status]}</td><td>${c.decidedBy ? `${c.decidedBy}, ${at(c.decidedAt)}` : '—'}</td>${
              editable
                ? html`<td>${c.status !== 'confirmed' ? form('confirm-complaint', [], t.confirm, { id: c.id }) : ''}${c.status !== 'dismissed' ? form('dismiss-complaint', [], t.dismiss, { id: c.id }) : ''}</td>`
                : ''
            }</tr>`,
        )}</tbody></table>`,
      )
}
${
  editable
    ? html`<h3>${t.addComplaint}</h3>${form(
        'add-complaint',
        [date(), { name: 'text', label: t.text, type: 'text', required: true }],
        t.preview,
      )}`
    : ''
}
</section>
<section class="card" aria-labelledby="exam-title">
<h2 id="exam-title">${t.exam}</h2>
<p data-exam>${ev.examScore ? `${ev.examScore.score}${t.by_(ev.examScore.by, at(ev.examScore.at))}` : t.none}</p>
${
  editable
    ? form(
        'exam-score',
        [
          {
            name: 'score',
            label: t.score,
            type: 'number',
            min: 0,
            max: 100,
            step: 0.5,
            required: true,
            inputmode: 'decimal',
          },
        ],
        t.preview,
      )
    : ''
}
</section>
<section class="card" aria-labelledby="stories-title">
<h2 id="stories-title">${t.stories}</h2>
${
  ev.successStories.length === 0
    ? html`<p>${t.none}</p>`
    : html`<ul>${ev.successStories.map(
        (s) =>
          html`<li>${s.date} ${s.title}${editable ? form('remove-story', [], t.remove, { id: s.id }) : ''}</li>`,
      )}</ul>`
}
${
  editable
    ? html`<h3>${t.addStory}</h3>${form(
        'add-story',
        [date(), { name: 'title', label: t.storyTitle, type: 'text', required: true }],
        t.preview,
      )}`
    : ''
}
</section>
<section class="card" aria-labelledby="reports-title">
<h2 id="reports-title">${t.reports}</h2>
${reportDays(ev.dailyReports, t)}
<h3>${t.verdict}</h3>
<p data-verdict>${ev.verdict ? `${t.verdicts[ev.verdict.verdict]}${t.by_(ev.verdict.by, at(ev.verdict.at))}` : t.none}</p>
${
  editable
    ? form(
        'verdict',
        [
          {
            name: 'verdict',
            label: t.verdict,
            type: 'select',
            options: DAILY_REPORT_VERDICTS.map((v) => ({ value: v, label: t.verdicts[v] })),
          },
        ],
        t.preview,
        {},
        { verdict: ev.verdict?.verdict ?? 'standard' },
      )
    : ''
}
</section>
<section class="card" aria-labelledby="overrides-title">
<h2 id="overrides-title">${t.overrides}</h2>
${
  ev.overrides.length === 0
    ? html`<p>${t.none}</p>`
    : html`<ul>${ev.overrides.map(
        (o) =>
          html`<li>${indicatorName(o.indicator, lang)}: ${o.points} — ${o.reason} (${o.by}, ${at(o.at)})${
            editable ? form('remove-override', [], t.remove, { indicator: o.indicator }) : ''
          }</li>`,
      )}</ul>`
}
${
  editable
    ? html`<h3>${t.setOverride}</h3>${form(
        'override',
        [
          {
            name: 'indicator',
            label: t.indicator,
            type: 'select',
            options: INDICATOR_KEYS.map((k: IndicatorKey) => ({ value: k, label: indicatorName(k, lang) })),
          },
          {
            name: 'points',
            label: t.points,
            type: 'number',
            min: 0,
            step: 0.5,
            required: true,
            inputmode: 'decimal',
          },
          { name: 'reason', label: t.reason, type: 'text', required: true },
        ],
        t.preview,
      )}`
    : ''
}
</section>
<section class="card" aria-labelledby="revisions-title">
<h2 id="revisions-title">${t.revisions}</h2>
${
  view.revisions.length === 0
    ? html`<p>${t.none}</p>`
    : scrolling(
        t.scrolls(t.revisions),
        html`<table><thead><tr><th scope="col">${t.revision}</th><th scope="col">${t.createdAt}</th><th scope="col" class="num">${t.total}</th><th scope="col">${t.changes}</th></tr></thead>
<tbody>${[...view.revisions]
          .reverse()
          .map(
            (r) =>
              html`<tr><th scope="row">${r.revision}</th><td>${at(r.createdAt)}</td><td class="num">${r.total}</td><td>${revisionChanges(r, lang, t)}</td></tr>`,
          )}</tbody></table>`,
      )
}
</section>
<section class="card" aria-labelledby="audit-title">
<h2 id="audit-title">${t.audit}</h2>
${
  view.audit.length === 0
    ? html`<p>${t.none}</p>`
    : scrolling(
        t.scrolls(t.audit),
        html`<table><thead><tr><th scope="col">${t.when}</th><th scope="col">${t.by}</th><th scope="col">${t.action}</th><th scope="col">${t.item}</th><th scope="col">${t.change}</th><th scope="col">${t.reason}</th></tr></thead>
<tbody>${[...view.audit]
          .reverse()
          .map(
            (e) =>
              html`<tr><th scope="row">${at(e.at)}</th><td>${e.actor}</td><td>${t.actions[e.action]}</td><td>${t.itemKinds[e.item.kind]}</td><td>${changeInShort(e.before, e.after)}</td><td>${e.reason ?? ''}</td></tr>`,
          )}</tbody></table>`,
      )
}
</section>`;
  // A refused form no longer on the page (its item changed meanwhile) still has its problems shown, at the top.
  const unplaced =
    refused && !refilled ? problemSummary(PROBLEMS_TITLE[lang], 'change', [], refused.problems) : html``;
  const body = html`<p><a href="${consoleHref('/console', lang, { month: view.month })}">${t.back}</a></p>
<h1>${t.title(view.engineer.name, view.month)}</h1>
${notice === 'saved' ? html`<p class="ok" role="status">${t.saved}</p>` : ''}
${unplaced}
${sections}`;
  return layout({
    lang,
    title: t.title(view.engineer.name, view.month),
    session,
    otherLanguageHref: consoleHref(
      engineerMonthPath(view.engineer.id, view.month),
      lang === 'en' ? 'zh-CN' : 'en',
    ),
    body,
  });
}

/** The preview of a change: the card now and with it, and the form that saves exactly the change previewed. */
export function changePreviewPage(preview: ChangePreview, session: Session, lang: Language): string {
  const t = TEXTS[lang];
  const view = { engineerId: preview.engineer.id, month: preview.month, engineerName: preview.engineer.name };
  const back = consoleHref(engineerMonthPath(view.engineerId, view.month), lang);
  const pointsOf = (card: ScoreCard, key: IndicatorKey) => card.indicators.find((i) => i.key === key)!.points;
  const shown = Object.entries(preview.fields).filter(
    ([name, value]) => name !== 'engineerId' && name !== 'month' && value !== undefined && value !== null,
  );
  // What the manager typed, in short (an id says nothing to them: the heading names the change).
  const described = shown.filter(([name]) => name !== 'id');
  const body = html`<p><a href="${back}">${t.cancel}</a></p>
<h1>${t.previewTitle}</h1>
<section class="card" aria-labelledby="preview-title">
<h2 id="preview-title">${t.kinds[preview.kind]} · ${t.title(view.engineerName, view.month)}</h2>
<p>${t.previewLead}</p>
${
  described.length > 0
    ? html`<p>${t.theChange}: ${joinList(
        described.map(([name, value]) => `${name} ${String(value)}`),
        lang,
      )}</p>`
    : ''
}
<p class="preview-total" data-preview-total="${preview.after.total}"><strong>${t.totalChange(preview.before.total, preview.after.total)}</strong></p>
${scrolling(
  t.scrolls(t.card),
  html`<table><thead><tr><th scope="col">${t.indicator}</th><th scope="col" class="num">${t.now}</th><th scope="col" class="num">${t.after}</th><th scope="col">${t.explanation}</th></tr></thead>
<tbody>${INDICATOR_KEYS.map(
    (k) =>
      html`<tr><th scope="row">${indicatorName(k, lang)}</th><td class="num">${pointsOf(preview.before, k)}</td><td class="num">${pointsOf(preview.after, k)}</td><td>${preview.after.indicators.find((i) => i.key === k)!.explanation[lang]}</td></tr>`,
  )}</tbody>
<tfoot><tr><th scope="row">${t.total}</th><td class="num">${preview.before.total}</td><td class="num"><strong>${preview.after.total}</strong></td><td></td></tr></tfoot></table>`,
)}
<form method="post" action="${consoleHref(engineerMonthPath(view.engineerId, view.month, '/changes'), lang)}">
<input type="hidden" name="csrf" value="${session.csrf}"><input type="hidden" name="kind" value="${preview.kind}">
${shown.map(([name, value]) => html`<input type="hidden" name="${name}" value="${String(value)}">`)}
<button type="submit">${t.save}</button>
</form>
</section>`;
  return layout({
    lang,
    title: t.previewTitle,
    session,
    otherLanguageHref: consoleHref(
      engineerMonthPath(view.engineerId, view.month),
      lang === 'en' ? 'zh-CN' : 'en',
    ),
    body,
  });
}
