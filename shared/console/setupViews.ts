// The setup pages in zh-CN and en: engineers, respondents (regional sales managers and customer contacts),
// projects, the organisation's settings, and CSV import by upload. Every form posts to the console with the
// session's CSRF token and works without script; a refused form comes back filled as it was sent, each problem
// beside its field (aria-describedby, aria-invalid) and listed at the top with a link to the field.
import type { Engineer } from '../domain/engineer.ts';
import type { Project } from '../domain/project.ts';
import type { Respondent } from '../domain/respondent.ts';
import type { Language } from '../domain/values.ts';
import { html, type SafeHtml } from '../html/html.ts';
import { IMPORT_KINDS, IMPORT_SPECS, type ImportKind } from '../import/csv.ts';
import type { FieldProblem } from '../validation.ts';
import { type Field, fieldHtml, PROBLEMS_TITLE, problemSummary, problemsByField } from './forms.ts';
import type { FileProblem, ImportCheck } from './importUpload.ts';
import type { Session } from './session.ts';
import { consoleHref, layout } from './views.ts';

type Texts = {
  setup: string;
  sections: Record<'engineers' | 'respondents' | 'projects' | 'settings' | 'import', string>;
  sectionsAbout: Record<'engineers' | 'respondents' | 'projects' | 'settings' | 'import', string>;
  add: string;
  edit: (id: string) => string;
  save: string;
  saved: string;
  none: string;
  yes: string;
  no: string;
  problemsTitle: string;
  fields: Record<string, string>;
  hints: Record<string, string>;
  kinds: Record<string, string>;
  languages: Record<Language, string>;
  rotate: string;
  rotateAbout: string;
  rotated: (version: number) => string;
  listOf: (what: string, n: number) => string;
  scrolls: (what: string) => string;
  back: string;
  importKind: string;
  importFile: string;
  importColumns: (required: string, optional: string) => string;
  check: string;
  importProblems: (n: number) => string;
  line: string;
  column: string;
  reason: string;
  nothingWritten: string;
  importReady: (rows: number, created: number, updated: number) => string;
  importConfirm: string;
  imported: (rows: number, created: number, updated: number) => string;
  importKinds: Record<ImportKind, string>;
  schedule: string;
  slots: Record<'invitations' | 'reminder' | 'scoring' | 'finalize', string>;
  surveyCloses: string;
  day: string;
  time: string;
  calendar: string;
  manager: string;
};

const TEXTS: Record<Language, Texts> = {
  'zh-CN': {
    setup: '设置',
    sections: {
      engineers: '工程师',
      respondents: '区域销售经理与客户联系人',
      projects: '项目',
      settings: '组织设置',
      import: 'CSV 导入',
    },
    sectionsAbout: {
      engineers: '名单、区域、上级、语言、在职日期、是否参与考核；可作废日报链接。',
      respondents: '问卷的答卷人：区域销售经理（按区域）与客户联系人（按客户）。',
      projects: '项目、客户与负责的工程师。',
      settings: '节假日与调休、计划任务、问卷截止、申诉天数、部门经理、默认语言。',
      import: '上传 CSV 文件；写入前逐行检查，列出每个问题的行与列。',
    },
    add: '新增',
    edit: (id) => `编辑 ${id}`,
    save: '保存',
    saved: '已保存。',
    none: '—',
    yes: '是',
    no: '否',
    problemsTitle: PROBLEMS_TITLE['zh-CN'],
    fields: {
      id: '编号',
      name: '姓名',
      email: '邮箱',
      region: '区域',
      language: '语言',
      managerEmail: '上级邮箱',
      startDate: '入职日期',
      endDate: '离职日期',
      leave: '已批准的请假日期',
      active: '参与考核',
      kind: '类型',
      customer: '客户',
      engineerId: '负责工程师',
      start: '开始日期',
      end: '结束日期',
      projectName: '项目名称',
      timezone: '时区',
      holidays: '节假日',
      makeUpWorkdays: '调休上班日',
      appealDays: '申诉天数（首次评分后）',
      'departmentManager.name': '部门经理姓名',
      'departmentManager.email': '部门经理邮箱',
      defaultLanguage: '默认语言',
      linkVersion: '日报链接版本',
    },
    hints: {
      dates: '每行一个日期，格式 YYYY-MM-DD',
      date: 'YYYY-MM-DD',
    },
    kinds: { 'regional-sales-manager': '区域销售经理', 'customer-contact': '客户联系人' },
    languages: { 'zh-CN': '中文', en: 'English' },
    rotate: '作废并重新生成日报链接',
    rotateAbout: '已发出的日报链接将全部失效（例如手机丢失时）。',
    rotated: (v) => `日报链接已重新生成（版本 ${v}），旧链接已失效。`,
    listOf: (what, n) => `${what}（${n}）`,
    scrolls: (what) => `${what}列表（可横向滚动）`,
    back: '返回设置',
    importKind: '文件内容',
    importFile: 'CSV 文件',
    importColumns: (r, o) => `必填列：${r}；可选列：${o}。列表值用分号分隔（a;b;c）。`,
    check: '检查文件',
    importProblems: (n) => `文件有 ${n} 个问题，未写入任何数据。请修改后重新上传：`,
    line: '行',
    column: '列',
    reason: '原因',
    nothingWritten: '未写入任何数据。',
    importReady: (rows, created, updated) =>
      `检查通过：共 ${rows} 行，新增 ${created}，更新 ${updated}。确认后写入。`,
    importConfirm: '确认导入',
    imported: (rows, created, updated) => `已导入 ${rows} 行：新增 ${created}，更新 ${updated}。`,
    importKinds: {
      engineers: '工程师',
      respondents: '答卷人',
      projects: '项目',
      'support-requests': '支持请求',
    },
    schedule: '计划任务（每月第几天、当地时间）',
    slots: {
      invitations: '发送问卷邀请（当月）',
      reminder: '问卷提醒（当月）',
      scoring: '评分（次月）',
      finalize: '定稿（次月）',
    },
    surveyCloses: '问卷截止（次月）',
    day: '日',
    time: '时间',
    calendar: '日历',
    manager: '部门经理',
  },
  en: {
    setup: 'Setup',
    sections: {
      engineers: 'Engineers',
      respondents: 'Regional sales managers and customer contacts',
      projects: 'Projects',
      settings: 'Organisation settings',
      import: 'CSV import',
    },
    sectionsAbout: {
      engineers:
        'The roster: region, manager, language, employment dates, whether scored; revoke a daily-report link.',
      respondents:
        'Who answers the survey: regional sales managers (by region) and customer contacts (by customer).',
      projects: 'Projects, their customers and the engineer who supports each.',
      settings:
        'Holidays and make-up workdays, the schedule, the survey window, appeal days, department manager, default language.',
      import:
        'Upload a CSV file; every row is checked before anything is written, each problem shown by line and column.',
    },
    add: 'Add',
    edit: (id) => `Edit ${id}`,
    save: 'Save',
    saved: 'Saved.',
    none: '—',
    yes: 'yes',
    no: 'no',
    problemsTitle: PROBLEMS_TITLE.en,
    fields: {
      id: 'Id',
      name: 'Name',
      email: 'Email',
      region: 'Region',
      language: 'Language',
      managerEmail: "Manager's email",
      startDate: 'Employed from',
      endDate: 'Employed until',
      leave: 'Approved leave days',
      active: 'Scored',
      kind: 'Kind',
      customer: 'Customer',
      engineerId: 'Supporting engineer',
      start: 'Start',
      end: 'End',
      projectName: 'Project name',
      timezone: 'Time zone',
      holidays: 'Holidays',
      makeUpWorkdays: 'Make-up workdays',
      appealDays: 'Appeal days (after the first scoring run)',
      'departmentManager.name': "Department manager's name",
      'departmentManager.email': "Department manager's email",
      defaultLanguage: 'Default language',
      linkVersion: 'Daily-report link version',
    },
    hints: {
      dates: 'One date per line, YYYY-MM-DD',
      date: 'YYYY-MM-DD',
    },
    kinds: { 'regional-sales-manager': 'regional sales manager', 'customer-contact': 'customer contact' },
    languages: { 'zh-CN': '中文', en: 'English' },
    rotate: 'Revoke and renew the daily-report link',
    rotateAbout: 'Every daily-report link sent so far stops working (e.g. a lost phone).',
    rotated: (v) => `The daily-report link was renewed (version ${v}); the old links no longer work.`,
    listOf: (what, n) => `${what} (${n})`,
    scrolls: (what) => `${what} (scrolls sideways)`,
    back: 'Back to setup',
    importKind: 'The file holds',
    importFile: 'CSV file',
    importColumns: (r, o) => `Required columns: ${r}; optional: ${o}. Lists are written a;b;c.`,
    check: 'Check the file',
    importProblems: (n) =>
      `The file has ${n} problem${n === 1 ? '' : 's'}; nothing was written. Correct the file and upload it again:`,
    line: 'Line',
    column: 'Column',
    reason: 'Reason',
    nothingWritten: 'Nothing was written.',
    importReady: (rows, created, updated) =>
      `The file is good: ${rows} rows, ${created} new, ${updated} updated. Confirm to write them.`,
    importConfirm: 'Import',
    imported: (rows, created, updated) => `Imported ${rows} rows: ${created} new, ${updated} updated.`,
    importKinds: {
      engineers: 'engineers',
      respondents: 'respondents',
      projects: 'projects',
      'support-requests': 'support requests',
    },
    schedule: 'Schedule (day of the month, local time)',
    slots: {
      invitations: 'Survey invitations (in the month)',
      reminder: 'Survey reminder (in the month)',
      scoring: 'Scoring (the month after)',
      finalize: 'Finalisation (the month after)',
    },
    surveyCloses: 'Survey closes (the month after)',
    day: 'Day',
    time: 'Time',
    calendar: 'Calendar',
    manager: 'Department manager',
  },
};

export type SetupSection = keyof Texts['sections'];

function formHtml(options: {
  t: Texts;
  session: Session;
  id: string;
  action: string;
  title: string;
  fields: readonly Field[];
  values: Record<string, string>;
  problems: readonly FieldProblem[];
  submit: string;
}): SafeHtml {
  const byField = problemsByField(options.problems, options.fields);
  return html`<section class="card" aria-labelledby="${options.id}-title">
<h2 id="${options.id}-title">${options.title}</h2>
${problemSummary(options.t.problemsTitle, options.id, options.fields, options.problems)}
<form class="fields" method="post" action="${options.action}" novalidate>
<input type="hidden" name="csrf" value="${options.session.csrf}">
${options.fields.map((f) => fieldHtml(options.id, f, options.values, byField))}
<div class="actions wide"><button type="submit">${options.submit}</button></div>
</form>
</section>`;
}

function languageOptions(t: Texts) {
  return (['zh-CN', 'en'] as const).map((l) => ({ value: l, label: t.languages[l] }));
}

function setupPage(options: {
  lang: Language;
  session: Session;
  title: string;
  path: string;
  body: SafeHtml;
}): string {
  const t = TEXTS[options.lang];
  const other: Language = options.lang === 'en' ? 'zh-CN' : 'en';
  return layout({
    lang: options.lang,
    title: options.title,
    session: options.session,
    otherLanguageHref: consoleHref(options.path, other),
    body: html`<p><a href="${consoleHref('/console/setup', options.lang)}">${t.back}</a></p>
<h1>${options.title}</h1>
${options.body}`,
  });
}

function notice(message: string | undefined): SafeHtml {
  return message ? html`<p class="ok" role="status">${message}</p>` : html``;
}

const SECTIONS: readonly SetupSection[] = ['engineers', 'respondents', 'projects', 'settings', 'import'];

export function setupIndexPage(session: Session, lang: Language): string {
  const t = TEXTS[lang];
  return layout({
    lang,
    title: t.setup,
    session,
    otherLanguageHref: consoleHref('/console/setup', lang === 'en' ? 'zh-CN' : 'en'),
    body: html`<h1>${t.setup}</h1>
<ul class="card">${SECTIONS.map(
      (s) =>
        html`<li><a href="${consoleHref(`/console/setup/${s}`, lang)}">${t.sections[s]}</a> <span class="muted">${t.sectionsAbout[s]}</span></li>`,
    )}</ul>`,
  });
}

// ---- engineers

function engineerFieldsOf(t: Texts, editing: boolean): Field[] {
  return [
    { name: 'id', label: t.fields.id!, type: 'text', required: true, readonly: editing },
    { name: 'name', label: t.fields.name!, type: 'text', required: true, autocomplete: 'off' },
    { name: 'email', label: t.fields.email!, type: 'email', required: true, autocomplete: 'off' },
    { name: 'region', label: t.fields.region!, type: 'text', required: true },
    { name: 'language', label: t.fields.language!, type: 'select', options: languageOptions(t) },
    { name: 'managerEmail', label: t.fields.managerEmail!, type: 'email', autocomplete: 'off' },
    { name: 'startDate', label: t.fields.startDate!, type: 'text', hint: t.hints.date },
    { name: 'endDate', label: t.fields.endDate!, type: 'text', hint: t.hints.date },
    { name: 'leave', label: t.fields.leave!, type: 'textarea', hint: t.hints.dates },
    { name: 'active', label: t.fields.active!, type: 'checkbox' },
  ];
}

export function engineerValues(e: Engineer): Record<string, string> {
  return {
    id: e.id,
    name: e.name,
    email: e.email,
    region: e.region,
    language: e.language,
    managerEmail: e.managerEmail ?? '',
    startDate: e.startDate ?? '',
    endDate: e.endDate ?? '',
    leave: e.leave.join('\n'),
    active: e.active ? 'on' : '',
  };
}

function table(caption: string, head: readonly string[], rows: readonly SafeHtml[]): SafeHtml {
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${caption}"><table>
<thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

export function engineersPage(options: {
  session: Session;
  lang: Language;
  engineers: readonly Engineer[];
  values?: Record<string, string>;
  problems?: readonly FieldProblem[];
  saved?: boolean;
}): string {
  const { session, lang, engineers } = options;
  const t = TEXTS[lang];
  const title = t.sections.engineers;
  const rows = engineers.map(
    (
      e,
    ) => html`<tr><th scope="row"><a href="${consoleHref(`/console/setup/engineers/${encodeURIComponent(e.id)}`, lang)}">${e.name}</a></th>
<td>${e.id}</td><td>${e.region}</td><td>${e.email}</td><td>${t.languages[e.language]}</td><td>${e.startDate ?? t.none} – ${e.endDate ?? t.none}</td><td>${e.active ? t.yes : t.no}</td></tr>`,
  );
  const body = html`${notice(options.saved ? t.saved : undefined)}
<section class="card" aria-labelledby="list-title"><h2 id="list-title">${t.listOf(title, engineers.length)}</h2>
${table(t.scrolls(title), [t.fields.name!, t.fields.id!, t.fields.region!, t.fields.email!, t.fields.language!, `${t.fields.startDate} – ${t.fields.endDate}`, t.fields.active!], rows)}
</section>
${formHtml({
  t,
  session,
  id: 'add',
  action: consoleHref('/console/setup/engineers', lang),
  title: t.add,
  fields: engineerFieldsOf(t, false),
  values: options.values ?? { active: 'on', language: lang },
  problems: options.problems ?? [],
  submit: t.add,
})}`;
  return setupPage({ lang, session, title, path: '/console/setup/engineers', body });
}

export function engineerPage(options: {
  session: Session;
  lang: Language;
  engineer: Engineer;
  values?: Record<string, string>;
  problems?: readonly FieldProblem[];
  notice?: 'saved' | 'rotated';
}): string {
  const { session, lang, engineer } = options;
  const t = TEXTS[lang];
  const path = `/console/setup/engineers/${encodeURIComponent(engineer.id)}`;
  const body = html`${notice(
    options.notice === 'saved'
      ? t.saved
      : options.notice === 'rotated'
        ? t.rotated(engineer.dailyReportLinkVersion)
        : undefined,
  )}
${formHtml({
  t,
  session,
  id: 'edit',
  action: consoleHref(path, lang),
  title: t.edit(engineer.id),
  fields: engineerFieldsOf(t, true),
  values: options.values ?? engineerValues(engineer),
  problems: options.problems ?? [],
  submit: t.save,
})}
<section class="card" aria-labelledby="rotate-title">
<h2 id="rotate-title">${t.rotate}</h2>
<p>${t.rotateAbout} ${t.fields.linkVersion}: ${engineer.dailyReportLinkVersion}</p>
<form method="post" action="${consoleHref(`${path}/rotate-link`, lang)}">
<input type="hidden" name="csrf" value="${session.csrf}">
<button type="submit" class="quiet">${t.rotate}</button>
</form>
</section>`;
  return setupPage({ lang, session, title: `${t.sections.engineers}: ${engineer.name}`, path, body });
}

// ---- respondents

function respondentFieldsOf(t: Texts, editing: boolean): Field[] {
  return [
    { name: 'id', label: t.fields.id!, type: 'text', required: true, readonly: editing },
    {
      name: 'kind',
      label: t.fields.kind!,
      type: 'select',
      options: Object.entries(t.kinds).map(([value, label]) => ({ value, label })),
    },
    { name: 'name', label: t.fields.name!, type: 'text', required: true, autocomplete: 'off' },
    { name: 'email', label: t.fields.email!, type: 'email', required: true, autocomplete: 'off' },
    { name: 'language', label: t.fields.language!, type: 'select', options: languageOptions(t) },
    { name: 'region', label: t.fields.region!, type: 'text', hint: t.kinds['regional-sales-manager'] },
    { name: 'customer', label: t.fields.customer!, type: 'text', hint: t.kinds['customer-contact'] },
  ];
}

export function respondentValues(r: Respondent): Record<string, string> {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    email: r.email,
    language: r.language,
    region: r.region ?? '',
    customer: r.customer ?? '',
  };
}

export function respondentsPage(options: {
  session: Session;
  lang: Language;
  respondents: readonly Respondent[];
  values?: Record<string, string>;
  problems?: readonly FieldProblem[];
  saved?: boolean;
}): string {
  const { session, lang, respondents } = options;
  const t = TEXTS[lang];
  const title = t.sections.respondents;
  const rows = respondents.map(
    (
      r,
    ) => html`<tr><th scope="row"><a href="${consoleHref(`/console/setup/respondents/${encodeURIComponent(r.id)}`, lang)}">${r.name}</a></th>
<td>${r.id}</td><td>${t.kinds[r.kind] ?? r.kind}</td><td>${r.region ?? r.customer ?? t.none}</td><td>${r.email}</td><td>${t.languages[r.language]}</td></tr>`,
  );
  const body = html`${notice(options.saved ? t.saved : undefined)}
<section class="card" aria-labelledby="list-title"><h2 id="list-title">${t.listOf(title, respondents.length)}</h2>
${table(t.scrolls(title), [t.fields.name!, t.fields.id!, t.fields.kind!, `${t.fields.region} / ${t.fields.customer}`, t.fields.email!, t.fields.language!], rows)}
</section>
${formHtml({
  t,
  session,
  id: 'add',
  action: consoleHref('/console/setup/respondents', lang),
  title: t.add,
  fields: respondentFieldsOf(t, false),
  values: options.values ?? { language: lang },
  problems: options.problems ?? [],
  submit: t.add,
})}`;
  return setupPage({ lang, session, title, path: '/console/setup/respondents', body });
}

export function respondentPage(options: {
  session: Session;
  lang: Language;
  respondent: Respondent;
  values?: Record<string, string>;
  problems?: readonly FieldProblem[];
  saved?: boolean;
}): string {
  const { session, lang, respondent } = options;
  const t = TEXTS[lang];
  const path = `/console/setup/respondents/${encodeURIComponent(respondent.id)}`;
  const body = html`${notice(options.saved ? t.saved : undefined)}
${formHtml({
  t,
  session,
  id: 'edit',
  action: consoleHref(path, lang),
  title: t.edit(respondent.id),
  fields: respondentFieldsOf(t, true),
  values: options.values ?? respondentValues(respondent),
  problems: options.problems ?? [],
  submit: t.save,
})}`;
  return setupPage({ lang, session, title: `${t.sections.respondents}: ${respondent.name}`, path, body });
}

// ---- projects

function projectFieldsOf(t: Texts, editing: boolean, engineers: readonly Engineer[]): Field[] {
  return [
    { name: 'id', label: t.fields.id!, type: 'text', required: true, readonly: editing },
    { name: 'name', label: t.fields.projectName!, type: 'text', required: true },
    { name: 'customer', label: t.fields.customer!, type: 'text', required: true },
    {
      name: 'engineerId',
      label: t.fields.engineerId!,
      type: 'select',
      options: [
        { value: '', label: t.none },
        ...engineers.map((e) => ({ value: e.id, label: `${e.name} · ${e.region}` })),
      ],
    },
    { name: 'start', label: t.fields.start!, type: 'text', required: true, hint: t.hints.date },
    { name: 'end', label: t.fields.end!, type: 'text', hint: t.hints.date },
  ];
}

export function projectValues(p: Project): Record<string, string> {
  return {
    id: p.id,
    name: p.name,
    customer: p.customer,
    engineerId: p.engineerId,
    start: p.start,
    end: p.end ?? '',
  };
}

export function projectsPage(options: {
  session: Session;
  lang: Language;
  projects: readonly Project[];
  engineers: readonly Engineer[];
  values?: Record<string, string>;
  problems?: readonly FieldProblem[];
  saved?: boolean;
}): string {
  const { session, lang, projects, engineers } = options;
  const t = TEXTS[lang];
  const title = t.sections.projects;
  const names = new Map(engineers.map((e) => [e.id, e.name]));
  const rows = projects.map(
    (
      p,
    ) => html`<tr><th scope="row"><a href="${consoleHref(`/console/setup/projects/${encodeURIComponent(p.id)}`, lang)}">${p.name}</a></th>
<td>${p.id}</td><td>${p.customer}</td><td>${names.get(p.engineerId) ?? p.engineerId}</td><td>${p.start} – ${p.end ?? t.none}</td></tr>`,
  );
  const body = html`${notice(options.saved ? t.saved : undefined)}
<section class="card" aria-labelledby="list-title"><h2 id="list-title">${t.listOf(title, projects.length)}</h2>
${table(t.scrolls(title), [t.fields.projectName!, t.fields.id!, t.fields.customer!, t.fields.engineerId!, `${t.fields.start} – ${t.fields.end}`], rows)}
</section>
${formHtml({
  t,
  session,
  id: 'add',
  action: consoleHref('/console/setup/projects', lang),
  title: t.add,
  fields: projectFieldsOf(t, false, engineers),
  values: options.values ?? {},
  problems: options.problems ?? [],
  submit: t.add,
})}`;
  return setupPage({ lang, session, title, path: '/console/setup/projects', body });
}

export function projectPage(options: {
  session: Session;
  lang: Language;
  project: Project;
  engineers: readonly Engineer[];
  values?: Record<string, string>;
  problems?: readonly FieldProblem[];
  saved?: boolean;
}): string {
  const { session, lang, project } = options;
  const t = TEXTS[lang];
  const path = `/console/setup/projects/${encodeURIComponent(project.id)}`;
  const body = html`${notice(options.saved ? t.saved : undefined)}
${formHtml({
  t,
  session,
  id: 'edit',
  action: consoleHref(path, lang),
  title: t.edit(project.id),
  fields: projectFieldsOf(t, true, options.engineers),
  values: options.values ?? projectValues(project),
  problems: options.problems ?? [],
  submit: t.save,
})}`;
  return setupPage({ lang, session, title: `${t.sections.projects}: ${project.name}`, path, body });
}

// ---- settings

function settingsFieldsOf(t: Texts): Field[] {
  const slot = (prefix: string, label: string): Field[] => [
    { name: `${prefix}.day`, label: `${label} · ${t.day}`, type: 'number', min: 1, max: 28, required: true },
    { name: `${prefix}.time`, label: `${label} · ${t.time}`, type: 'text', required: true, hint: 'HH:MM' },
  ];
  return [
    { name: 'timezone', label: t.fields.timezone!, type: 'text', required: true },
    {
      name: 'defaultLanguage',
      label: t.fields.defaultLanguage!,
      type: 'select',
      options: languageOptions(t),
    },
    { name: 'holidays', label: t.fields.holidays!, type: 'textarea', hint: t.hints.dates },
    { name: 'makeUpWorkdays', label: t.fields.makeUpWorkdays!, type: 'textarea', hint: t.hints.dates },
    ...slot('schedule.invitations', t.slots.invitations),
    ...slot('schedule.reminder', t.slots.reminder),
    ...slot('schedule.scoring', t.slots.scoring),
    ...slot('schedule.finalize', t.slots.finalize),
    ...slot('surveyWindow.closes', t.surveyCloses),
    { name: 'appealDays', label: t.fields.appealDays!, type: 'number', min: 1, max: 28, required: true },
    {
      name: 'departmentManager.name',
      label: t.fields['departmentManager.name']!,
      type: 'text',
      required: true,
    },
    {
      name: 'departmentManager.email',
      label: t.fields['departmentManager.email']!,
      type: 'email',
      required: true,
    },
  ];
}

export function settingsPage(options: {
  session: Session;
  lang: Language;
  values: Record<string, string>;
  problems?: readonly FieldProblem[];
  saved?: boolean;
}): string {
  const { session, lang } = options;
  const t = TEXTS[lang];
  const body = html`${notice(options.saved ? t.saved : undefined)}
${formHtml({
  t,
  session,
  id: 'settings',
  action: consoleHref('/console/setup/settings', lang),
  title: t.sections.settings,
  fields: settingsFieldsOf(t),
  values: options.values,
  problems: options.problems ?? [],
  submit: t.save,
})}`;
  return setupPage({ lang, session, title: t.sections.settings, path: '/console/setup/settings', body });
}

// ---- import

function problemTable(t: Texts, problems: readonly FileProblem[]): SafeHtml {
  return table(
    t.importProblems(problems.length),
    [t.line, t.column, t.reason],
    problems.map(
      (p) =>
        html`<tr data-line="${p.line}"><td>${p.line}</td><td>${p.column ?? t.none}</td><td>${p.message}</td></tr>`,
    ),
  );
}

export function importPage(options: {
  session: Session;
  lang: Language;
  kind?: ImportKind;
  check?: ImportCheck;
  imported?: { rows: number; created: number; updated: number };
}): string {
  const { session, lang, check } = options;
  const t = TEXTS[lang];
  const kind = options.kind ?? check?.kind ?? 'engineers';
  const result =
    check === undefined
      ? html``
      : check.ok
        ? html`<section class="card" aria-labelledby="ready-title">
<h2 id="ready-title" role="status">${t.importReady(check.rows, check.created, check.updated)}</h2>
<form method="post" action="${consoleHref('/console/setup/import/confirm', lang)}" enctype="multipart/form-data">
<input type="hidden" name="csrf" value="${session.csrf}">
<input type="hidden" name="checked" value="${check.sealed}">
<button type="submit">${t.importConfirm}</button>
</form>
</section>`
        : html`<section class="card error" role="alert" aria-labelledby="problems-title">
<h2 id="problems-title">${t.importProblems(check.problems.length)}</h2>
${problemTable(t, check.problems)}
</section>`;
  const body = html`${notice(
    options.imported
      ? t.imported(options.imported.rows, options.imported.created, options.imported.updated)
      : undefined,
  )}
${result}
<section class="card" aria-labelledby="upload-title">
<h2 id="upload-title">${t.check}</h2>
<form class="fields" method="post" action="${consoleHref('/console/setup/import', lang)}" enctype="multipart/form-data">
<input type="hidden" name="csrf" value="${session.csrf}">
<div class="field"><label for="import-kind">${t.importKind}</label><select id="import-kind" name="kind">${IMPORT_KINDS.map(
    (k) => html`<option value="${k}"${k === kind ? html` selected` : ''}>${t.importKinds[k]}</option>`,
  )}</select></div>
<div class="field wide"><label for="import-file">${t.importFile}</label><input type="file" id="import-file" name="file" accept=".csv,text/csv" required aria-describedby="import-columns">
<span class="muted" id="import-columns">${IMPORT_KINDS.map(
    (k) =>
      html`${t.importKinds[k]}: ${t.importColumns(IMPORT_SPECS[k].required.join(', '), IMPORT_SPECS[k].optional.join(', '))}<br>`,
  )}</span></div>
<div class="actions wide"><button type="submit">${t.check}</button></div>
</form>
</section>`;
  return setupPage({ lang, session, title: t.sections.import, path: '/console/setup/import', body });
}
