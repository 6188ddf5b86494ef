// The console's pages, server-rendered in zh-CN or en: the layout (header with the user, language switch and
// sign-out), the month overview, and the console's own error and signed-out pages. No inline script or style:
// the CSP allows our own files only (assets.ts); chart data travels in `<script type="application/json">`,
// which browsers never execute.
import type { MonthLifecycleState } from '../domain/monthRecord.ts';
import { localTimeWithZone } from '../domain/monthTimeline.ts';
import type { Language } from '../domain/values.ts';
import { html, SafeHtml } from '../html/html.ts';
import { joinList } from '../mail/locale.ts';
import { defaultRubric } from '../rubric/default.ts';
import { INDICATOR_KEYS, type IndicatorKey } from '../rubric/indicators.ts';
import { assetUrl } from './assets.ts';
import { type MonthOverview, OVERVIEW_SORTS, type OverviewSort } from './overview.ts';
import type { Session } from './session.ts';

const TEXTS = {
  'zh-CN': {
    product: '售前 KPI 管理台',
    otherLanguage: 'English',
    skip: '跳到正文',
    signedInAs: (name: string, role: string) => `${name}（${role}）`,
    roles: { admin: '管理员', viewer: '区域查看' },
    signOut: '退出登录',
    navigation: '管理台导航',
    nav: { overview: '月度总览', surveys: '问卷', appeals: '申诉', setup: '设置' },
    overview: (month: string) => `${month} 月度总览`,
    state: '状态',
    states: {
      'not-begun': '未开始',
      collecting: '收集证据中',
      closed: '证据已截止，待评分',
      provisional: '暂定（可申诉）',
      final: '已定稿',
    } satisfies Record<MonthLifecycleState, string>,
    evidenceCloses: '证据截止',
    firstRun: '首次评分',
    appealDeadline: '申诉截止',
    finalisation: '定稿',
    finalisedAt: (when: string, by: string | null) => (by ? `${when}，由 ${by}` : when),
    scheduled: (when: string) => `计划于 ${when}`,
    byAdmin: '由管理员定稿（定稿任务的日期已过）',
    none: '—',
    filters: '筛选',
    month: '月份',
    region: '区域',
    allRegions: '全部区域',
    sort: '排序',
    sorts: { total: '按总分', name: '按姓名', region: '按区域' } satisfies Record<OverviewSort, string>,
    show: '显示',
    distribution: '得分分布',
    chartDescription: (n: number) => `${n} 位已评分工程师的总分分布柱状图；每个分数段的人数见下方表格。`,
    band: '总分段',
    people: '人数',
    engineers: (n: number) => `工程师（${n}）`,
    engineer: '工程师',
    scoresTable: '各工程师得分表（可横向滚动）',
    total: '总分',
    flags: '需要关注',
    notScored: '尚未评分',
    noData: (what: string) => `无数据：${what}`,
    overridden: (what: string) => `已调整：${what}`,
    openAppeal: '申诉中',
    unanswered: (n: number) => `问卷未答 ${n} 份`,
    parked: (reason: string) => `评分失败已搁置：${reason}`,
    evidence: '证据进度',
    surveysAnswered: '问卷回收',
    reportsFiled: '日报按时提交',
    followUpsDone: '每周跟踪回访',
    ofTotal: (done: number, total: number) =>
      `${done} / ${total}${total > 0 ? `（${Math.round((done / total) * 100)}%）` : ''}`,
    asOfLastRun: '问卷和日报为实时数据（工作日在日报截止时间过后计入）；回访按最近一次评分时的记录统计。',
    notYetScored: '尚未评分',
    trend: '团队近 12 个月趋势',
    trendDescription: (from: string, to: string) =>
      `${from} 至 ${to} 各月团队平均总分的折线图；各月数值见下方表格。`,
    average: '平均总分',
    trendTable: '各月团队平均总分',
    noScores: '无评分',
    noEngineers: '没有可显示的工程师。',
    monthActions: '月度操作',
    actions: { run: '运行评分', finalize: '定稿', reopen: '重新开放' },
    examTitle: '录入考试成绩',
    score: '成绩（0–100）',
    save: '保存',
    saved: '已保存。',
    errorTitle: {
      401: '需要登录',
      403: '无权访问',
      404: '页面不存在',
      400: '请求无效',
      409: '冲突',
      500: '出错了',
    },
    signInAgain: '重新登录',
    backToOverview: '返回总览',
    signedOutTitle: '已退出登录',
    signedOutBody: '您已退出管理台。',
  },
  en: {
    product: 'Pre-sales KPI console',
    otherLanguage: '中文',
    skip: 'Skip to content',
    signedInAs: (name: string, role: string) => `${name} (${role})`,
    roles: { admin: 'admin', viewer: 'regional viewer' },
    signOut: 'Sign out',
    navigation: 'Console',
    nav: { overview: 'Month overview', surveys: 'Surveys', appeals: 'Appeals', setup: 'Setup' },
    overview: (month: string) => `Month overview ${month}`,
    state: 'State',
    states: {
      'not-begun': 'not begun',
      collecting: 'collecting evidence',
      closed: 'evidence closed, to be scored',
      provisional: 'provisional (open to appeals)',
      final: 'final',
    } satisfies Record<MonthLifecycleState, string>,
    evidenceCloses: 'Evidence closes',
    firstRun: 'First scoring run',
    appealDeadline: 'Appeals until',
    finalisation: 'Finalisation',
    finalisedAt: (when: string, by: string | null) => (by ? `${when} by ${by}` : when),
    scheduled: (when: string) => `scheduled ${when}`,
    byAdmin: "by an admin (the finalise job's days have passed)",
    none: '—',
    filters: 'Filter',
    month: 'Month',
    region: 'Region',
    allRegions: 'All regions',
    sort: 'Sort',
    sorts: { total: 'by total', name: 'by name', region: 'by region' } satisfies Record<OverviewSort, string>,
    show: 'Show',
    distribution: 'Score distribution',
    chartDescription: (n: number) =>
      `Bar chart of the totals of ${n} scored engineers; the table below has every engineer's numbers.`,
    band: 'Total',
    people: 'Engineers',
    engineers: (n: number) => `Engineers (${n})`,
    engineer: 'Engineer',
    scoresTable: 'Scores of each engineer (scrolls sideways)',
    total: 'Total',
    flags: 'Needs attention',
    notScored: 'not scored yet',
    noData: (what: string) => `no data: ${what}`,
    overridden: (what: string) => `overridden: ${what}`,
    openAppeal: 'open appeal',
    unanswered: (n: number) => (n === 1 ? '1 survey unanswered' : `${n} surveys unanswered`),
    parked: (reason: string) => `scoring parked: ${reason}`,
    evidence: 'Evidence progress',
    surveysAnswered: 'Survey responses received',
    reportsFiled: 'Daily reports in on time',
    followUpsDone: 'Weekly follow-ups done',
    ofTotal: (done: number, total: number) =>
      `${done} of ${total}${total > 0 ? ` (${Math.round((done / total) * 100)}%)` : ''}`,
    asOfLastRun:
      "Surveys and daily reports as of now (a workday counts once its report's deadline has passed); follow-ups as of the last scoring run.",
    notYetScored: 'not scored yet',
    trend: "The team's trend over 12 months",
    trendDescription: (from: string, to: string) =>
      `Line chart of the team's average total per month from ${from} to ${to}; the table below has each month's number.`,
    average: 'Average total',
    trendTable: "The team's average total per month",
    noScores: 'no scores',
    noEngineers: 'No engineers to show.',
    monthActions: 'Month actions',
    actions: { run: 'Run scoring', finalize: 'Finalise', reopen: 'Reopen' },
    examTitle: 'Record an exam score',
    score: 'Score (0–100)',
    save: 'Save',
    saved: 'Saved.',
    errorTitle: {
      401: 'Not signed in',
      403: 'Not allowed',
      404: 'Not found',
      400: 'Bad request',
      409: 'Conflict',
      500: 'Something went wrong',
    },
    signInAgain: 'Sign in again',
    backToOverview: 'Back to the overview',
    signedOutTitle: 'Signed out',
    signedOutBody: 'You have signed out of the console.',
  },
} as const;

type Texts = (typeof TEXTS)[Language];

/** A console URL with the language kept. */
export function consoleHref(
  path: string,
  lang: Language,
  params: Record<string, string | undefined> = {},
): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, value);
  search.set('lang', lang);
  return `${path}?${search.toString()}`;
}

export function indicatorName(key: IndicatorKey, lang: Language): string {
  return defaultRubric.indicators.find((i) => i.key === key)!.name[lang];
}

/** The console's page frame: header (who, language, sign-out), the navigation of a signed-in user, the main. */
export function layout(options: {
  lang: Language;
  title: string;
  session?: Session | undefined;
  /** The same page in the other language. */
  otherLanguageHref: string;
  body: SafeHtml;
  scripts?: boolean;
}): string {
  const t = TEXTS[options.lang];
  const other: Language = options.lang === 'zh-CN' ? 'en' : 'zh-CN';
  const s = options.session;
  return html`<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${options.title} · ${t.product}</title>
<link rel="stylesheet" href="${assetUrl('console.css')}">
${options.scripts ? html`<script src="${assetUrl('echarts.js')}" defer></script><script src="${assetUrl('charts.js')}" defer></script>` : ''}
</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
<header>
<strong>${t.product}</strong>
${s ? html`<span class="who">${t.signedInAs(s.name, t.roles[s.role])}</span>` : ''}
<nav class="lang" aria-label="Language"><a href="${options.otherLanguageHref}" lang="${other}" hreflang="${other}">${t.otherLanguage}</a></nav>
${
  s
    ? html`<form method="post" action="${consoleHref('/console/signout', options.lang)}"><input type="hidden" name="csrf" value="${s.csrf}"><button type="submit" class="quiet">${t.signOut}</button></form>`
    : ''
}
</header>
${s ? navigation(s, options.lang) : ''}
<main id="main">
${options.body}
</main>
</body>
</html>`.value;
}

/** The console's pages a user may open: a viewer is not offered what only an admin may do. */
function navigation(session: Session, lang: Language): SafeHtml {
  const t = TEXTS[lang];
  const links = [
    { path: '/console', text: t.nav.overview },
    { path: '/console/surveys', text: t.nav.surveys },
    { path: '/console/appeals', text: t.nav.appeals },
    ...(session.role === 'admin' ? [{ path: '/console/setup', text: t.nav.setup }] : []),
  ];
  return html`<nav class="site" aria-label="${t.navigation}"><ul>${links.map(
    (l) => html`<li><a href="${consoleHref(l.path, lang)}">${l.text}</a></li>`,
  )}</ul></nav>`;
}

/** A month state's name in the reader's language. */
export function stateName(state: MonthLifecycleState, lang: Language): string {
  return TEXTS[lang].states[state];
}

/** A page's choice of month: a GET form back to `path` with the months to choose from, in the page's language. */
export function monthChoice(
  path: string,
  lang: Language,
  months: readonly string[],
  month: string,
  labels: { month: string; show: string },
): SafeHtml {
  return html`<form class="filters" method="get" action="${path}">
<input type="hidden" name="lang" value="${lang}">
<label>${labels.month}<select name="month">${months.map(
    (m) => html`<option value="${m}"${m === month ? html` selected` : ''}>${m}</option>`,
  )}</select></label>
<button type="submit">${labels.show}</button>
</form>`;
}

/** An admin's links to the month's actions (shared/http/consoleMonth.ts): only those its state allows. */
function monthActionLinks(month: string, state: MonthLifecycleState, lang: Language): SafeHtml {
  const t = TEXTS[lang];
  const allowed: Array<keyof Texts['actions']> =
    state === 'final'
      ? ['reopen']
      : state === 'closed'
        ? ['run']
        : state === 'provisional'
          ? ['run', 'finalize']
          : [];
  if (allowed.length === 0) return html``;
  return html`<nav class="card" aria-labelledby="month-actions-title">
<h2 id="month-actions-title">${t.monthActions}</h2>
<ul class="actions">${allowed.map(
    (a) =>
      html`<li><a href="${consoleHref(`/console/months/${encodeURIComponent(month)}/${a}`, lang)}">${t.actions[a]}</a></li>`,
  )}</ul>
</nav>`;
}

function when(instant: string | null, zone: string, t: Texts): string {
  return instant ? localTimeWithZone(instant, zone) : t.none;
}

/** JSON inside a `<script type="application/json">`: `<` escaped so no text can close the element. */
function jsonBlock(id: string, value: unknown): SafeHtml {
  const json = JSON.stringify(value).replace(/</g, '\\u003c');
  return html`<script type="application/json" id="${id}">${new SafeHtml(json)}</script>`;
}

export function overviewPage(
  overview: MonthOverview,
  session: Session,
  lang: Language,
  notice?: 'saved',
): string {
  const t = TEXTS[lang];
  const lc = overview.lifecycle;
  const zone = lc.timezone;
  const params = { month: overview.month, region: overview.region, sort: overview.sort };
  const scored = overview.rows.filter((r) => r.card);
  const finalisation =
    lc.state === 'final'
      ? t.finalisedAt(when(lc.finalizedAt, zone, t), lc.finalizedBy)
      : lc.scheduledFinalisation
        ? t.scheduled(when(lc.scheduledFinalisation, zone, t))
        : t.byAdmin;
  const chartData = {
    labels: overview.distribution.map((b) => `${b.from}–${b.to}`),
    values: overview.distribution.map((b) => b.count),
    xName: t.band,
    yName: t.people,
    description: t.chartDescription(scored.length),
  };
  const body = html`<h1>${t.overview(overview.month)}</h1>
${notice === 'saved' ? html`<p class="ok" role="status">${t.saved}</p>` : ''}
<section class="card" aria-labelledby="month-state">
<h2 id="month-state">${t.state}: <span class="state">${t.states[lc.state]}</span></h2>
<dl class="dates">
<dt>${t.evidenceCloses}</dt><dd>${when(lc.evidenceCloses, zone, t)}</dd>
<dt>${t.firstRun}</dt><dd>${when(lc.firstRunAt, zone, t)}</dd>
<dt>${t.appealDeadline}</dt><dd>${when(lc.appealDeadline, zone, t)}</dd>
<dt>${t.finalisation}</dt><dd>${finalisation}</dd>
</dl>
</section>
${session.role === 'admin' ? monthActionLinks(overview.month, lc.state, lang) : ''}
${evidenceSection(overview, lang)}
<section class="card" aria-labelledby="filters">
<h2 id="filters">${t.filters}</h2>
<form class="filters" method="get" action="/console">
<input type="hidden" name="lang" value="${lang}">
<label>${t.month}<select name="month">
${overview.months.map((m) => html`<option value="${m}"${m === overview.month ? html` selected` : ''}>${m}</option>`)}
</select></label>
<label>${t.region}<select name="region">
<option value=""${overview.region === undefined ? html` selected` : ''}>${t.allRegions}</option>
${overview.regions.map((r) => html`<option value="${r}"${r === overview.region ? html` selected` : ''}>${r}</option>`)}
</select></label>
<label>${t.sort}<select name="sort">
${OVERVIEW_SORTS.map((s) => html`<option value="${s}"${s === overview.sort ? html` selected` : ''}>${t.sorts[s]}</option>`)}
</select></label>
<button type="submit">${t.show}</button>
</form>
</section>
<section class="card" aria-labelledby="distribution-title">
<h2 id="distribution-title">${t.distribution}</h2>
<div class="chart" id="distribution" data-source="distribution-data" role="img" aria-label="${t.chartDescription(scored.length)}"></div>
${jsonBlock('distribution-data', chartData)}
</section>
${trendSection(overview, lang)}
<section class="card" aria-labelledby="engineers-title">
<h2 id="engineers-title">${t.engineers(overview.rows.length)}</h2>
${
  overview.rows.length === 0
    ? html`<p>${t.noEngineers}</p>`
    : html`<div class="scroll" tabindex="0" role="region" aria-label="${t.scoresTable}">
<table>
<thead><tr><th scope="col">${t.engineer}</th><th scope="col">${t.region}</th>
${INDICATOR_KEYS.map((k) => html`<th scope="col" class="num">${indicatorName(k, lang)}</th>`)}
<th scope="col" class="num">${t.total}</th><th scope="col">${t.flags}</th></tr></thead>
<tbody>
${overview.rows.map(
  (
    r,
  ) => html`<tr data-engineer="${r.engineerId}"><th scope="row"><a href="${consoleHref(`/console/engineers/${encodeURIComponent(r.engineerId)}/months/${overview.month}`, lang)}">${r.name}</a></th><td>${r.region}</td>
${INDICATOR_KEYS.map((k) => html`<td class="num">${r.card ? r.card.points[k] : t.none}</td>`)}
<td class="num"><strong>${r.card ? r.card.total : t.none}</strong></td>
<td>${r.card ? '' : html`<span class="flag">${t.notScored}</span>`}${
    r.card && r.card.noData.length > 0
      ? html`<span class="flag">${t.noData(
          joinList(
            r.card.noData.map((k) => indicatorName(k, lang)),
            lang,
          ),
        )}</span>`
      : ''
  }${
    r.card && r.card.overridden.length > 0
      ? html`<span class="flag">${t.overridden(
          joinList(
            r.card.overridden.map((k) => indicatorName(k, lang)),
            lang,
          ),
        )}</span>`
      : ''
  }${
    // To the Appeals page, where it is resolved.
    r.openAppeal
      ? html`<a class="flag" href="${consoleHref('/console/appeals', lang, { month: overview.month })}">${t.openAppeal}</a>`
      : ''
  }${
    r.unansweredSurveys > 0 ? html`<span class="flag">${t.unanswered(r.unansweredSurveys)}</span>` : ''
  }${r.parked ? html`<span class="flag">${t.parked(r.parked)}</span>` : ''}</td></tr>`,
)}
</tbody>
</table>
</div>`
}
</section>
${session.role === 'admin' && overview.rows.length > 0 ? examForm(overview, session, lang) : ''}`;
  return layout({
    lang,
    title: t.overview(overview.month),
    session,
    otherLanguageHref: consoleHref('/console', lang === 'en' ? 'zh-CN' : 'en', params),
    body,
    scripts: true,
  });
}

function evidenceSection(overview: MonthOverview, lang: Language): SafeHtml {
  const t = TEXTS[lang];
  const { surveys, dailyReports, followUpWeeks } = overview.evidence;
  return html`<section class="card" aria-labelledby="evidence-title">
<h2 id="evidence-title">${t.evidence}</h2>
<dl class="dates">
<dt>${t.surveysAnswered}</dt><dd>${t.ofTotal(surveys.answered, surveys.invited)}</dd>
<dt>${t.reportsFiled}</dt><dd>${t.ofTotal(dailyReports.filed, dailyReports.due)}</dd>
<dt>${t.followUpsDone}</dt><dd>${followUpWeeks ? t.ofTotal(followUpWeeks.done, followUpWeeks.due) : t.notYetScored}</dd>
</dl>
<p>${t.asOfLastRun}</p>
</section>`;
}

/** The team's 12-month trend: a line chart (ECharts, from a JSON block) and the same numbers as a table. */
function trendSection(overview: MonthOverview, lang: Language): SafeHtml {
  const t = TEXTS[lang];
  const points = overview.trend;
  const description = t.trendDescription(points[0]!.month, points[points.length - 1]!.month);
  const data = {
    kind: 'line',
    labels: points.map((p) => p.month),
    values: points.map((p) => p.average),
    xName: t.month,
    yName: t.average,
    description,
  };
  return html`<section class="card" aria-labelledby="trend-title">
<h2 id="trend-title">${t.trend}</h2>
<div class="chart" id="trend" data-source="trend-data" role="img" aria-label="${description}"></div>
${jsonBlock('trend-data', data)}
<div class="scroll" tabindex="0" role="region" aria-label="${t.trendTable}">
<table>
<thead><tr><th scope="col">${t.month}</th><th scope="col" class="num">${t.average}</th><th scope="col" class="num">${t.people}</th></tr></thead>
<tbody>${points.map(
    (p) =>
      html`<tr><th scope="row">${p.month}</th><td class="num">${p.average ?? t.noScores}</td><td class="num">${p.engineers}</td></tr>`,
  )}</tbody>
</table>
</div>
</section>`;
}

function examForm(overview: MonthOverview, session: Session, lang: Language): SafeHtml {
  const t = TEXTS[lang];
  return html`<section class="card" aria-labelledby="exam-title">
<h2 id="exam-title">${t.examTitle}</h2>
<form class="filters" method="post" action="${consoleHref('/console/exam-scores', lang)}">
<input type="hidden" name="csrf" value="${session.csrf}">
<input type="hidden" name="month" value="${overview.month}">
<label>${t.engineer}<select name="engineerId" required>
${overview.rows.map((r) => html`<option value="${r.engineerId}">${r.name} · ${r.region}</option>`)}
</select></label>
<label>${t.score}<input type="number" name="score" min="0" max="100" step="0.5" required inputmode="decimal"></label>
<button type="submit">${t.save}</button>
</form>
</section>`;
}

/** The console's answer to a failed request in the reader's language, with the way on. */
export function consoleErrorPage(
  status: number,
  message: string | undefined,
  lang: Language,
  problems: readonly string[] = [],
  /** The page to go back to (the one the refused request came from), else the overview. */
  back?: { href: string; label: string },
): string {
  const t = TEXTS[lang];
  const titles = t.errorTitle as Record<number, string>;
  const title = titles[status] ?? titles[status >= 500 ? 500 : 400]!;
  const next =
    status === 401
      ? html`<a href="${consoleHref('/console/signin', lang)}">${t.signInAgain}</a>`
      : back
        ? html`<a href="${back.href}">${back.label}</a>`
        : html`<a href="${consoleHref('/console', lang)}">${t.backToOverview}</a>`;
  return layout({
    lang,
    title,
    otherLanguageHref: consoleHref('/console', lang === 'en' ? 'zh-CN' : 'en'),
    body: html`<div class="card" role="alert"><h1>${title}</h1>${message ? html`<p>${message}</p>` : ''}${
      problems.length > 0 ? html`<ul>${problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''
    }<p>${next}</p></div>`,
  });
}

export function signedOutPage(lang: Language): string {
  const t = TEXTS[lang];
  return layout({
    lang,
    title: t.signedOutTitle,
    otherLanguageHref: consoleHref('/console/signedout', lang === 'en' ? 'zh-CN' : 'en'),
    body: html`<div class="card"><h1>${t.signedOutTitle}</h1><p>${t.signedOutBody}</p>
<p><a href="${consoleHref('/console/signin', lang)}">${t.signInAgain}</a></p></div>`,
  });
}

/**
 * The console's CSP: scripts and styles from our own origin only (no inline script, no inline style, no CDN),
 * forms posted to ourselves; the chart's data is a JSON block, which needs no script permission.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY: Record<string, string | false> = {
  // Script may write markup only through the page's one policy (charts.js: the empty string, nothing else).
  'require-trusted-types-for': "'script'",
  'trusted-types': 'default',
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'form-action': "'self'",
  'base-uri': "'none'",
  'frame-ancestors': "'none'",
  sandbox: false,
  'navigate-to': false,
  'report-to': false,
  'upgrade-insecure-requests': false,
};
