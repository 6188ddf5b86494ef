// Server-rendered pages of an engineer's daily report: the form for one day (today by default, or a past day to
// file late or edit) with a fixed number of follow-up visit rows so several visits need no JavaScript.
import { html } from '../http/html.ts';
import { page } from '../http/page.ts';
import type { Language } from '../rubric/indicators.ts';
import type { FieldProblem } from '../validation.ts';
import { problemList } from './surveyView.ts';
import { FORM_TEXTS, otherLanguage } from './texts.ts';

/** Visit rows on the form; enough for a day's visits, more can be filed for the same day in a second edit. */
export const VISIT_ROWS = 5;

export interface DailyReportFormView {
  lang: Language;
  engineerName: string;
  date: string;
  today: string;
  projects: { id: string; name: string; customer: string }[];
  values: { workDone: string; problems: string; plan: string; visits: { projectId: string; note: string }[] };
  /** When the shown day's report was first submitted, if it was. */
  submittedAt?: string | undefined;
  problems: FieldProblem[];
}

const FIELD_LABELS = (lang: Language) => {
  const t = FORM_TEXTS[lang];
  return { date: t.reportDate, workDone: t.workDone, problems: t.problems, plan: t.plan } as Record<
    string,
    string
  >;
};

function problemText(lang: Language, p: FieldProblem): string {
  const t = FORM_TEXTS[lang];
  const visit = /^followUps\[(\d+)\]\.(\w+)$/.exec(p.path);
  if (visit) return `${t.visitProject(Number(visit[1]) + 1)} — ${p.message}`;
  const label = FIELD_LABELS(lang)[p.path];
  return label ? `${label}: ${p.message}` : p.path ? `${p.path}: ${p.message}` : p.message;
}

export function renderDailyReportForm(view: DailyReportFormView): string {
  const t = FORM_TEXTS[view.lang];
  const other = otherLanguage(view.lang);
  const rows = Math.max(VISIT_ROWS, view.values.visits.length);
  const visitRows = [];
  for (let i = 0; i < rows; i++) {
    const visit = view.values.visits[i] ?? { projectId: '', note: '' };
    visitRows.push(html`<div class="visit">
<label class="field" for="visit-${i}-project">${t.visitProject(i + 1)}</label>
<select id="visit-${i}-project" name="visits[${i}].projectId">
<option value="">${t.noProject}</option>
${view.projects.map(
  (p) =>
    html`<option value="${p.id}"${visit.projectId === p.id ? html` selected` : ''}>${p.name} · ${p.customer}</option>`,
)}
</select>
<label class="field" for="visit-${i}-note">${t.visitNote}</label>
<input type="text" id="visit-${i}-note" name="visits[${i}].note" maxlength="1000" value="${visit.note}">
</div>`);
  }
  return page({
    lang: view.lang,
    title: `${t.reportTitle} ${view.date}`,
    body: html`<p class="lang"><a href="?lang=${other}&amp;date=${view.date}" lang="${other}">${FORM_TEXTS[view.lang].otherLanguage}</a></p>
<h1>${t.reportTitle} · ${view.date}</h1>
<div class="card"><p>${t.reportIntro(view.engineerName)}</p>
${view.submittedAt ? html`<p class="ok">${t.existing(view.submittedAt)}</p>` : ''}</div>
${problemList(
  view.lang,
  view.problems.map((p) => ({ message: problemText(view.lang, p) })),
)}
<form method="post" action="?lang=${view.lang}" accept-charset="utf-8">
<div class="card">
<label class="field" for="date">${t.reportDate}</label>
<input type="date" id="date" name="date" value="${view.date}" max="${view.today}" required>
<label class="field" for="workDone">${t.workDone}</label>
<textarea id="workDone" name="workDone" maxlength="5000" required>${view.values.workDone}</textarea>
<label class="field" for="problems">${t.problems}</label>
<textarea id="problems" name="problems" maxlength="5000">${view.values.problems}</textarea>
<label class="field" for="plan">${t.plan}</label>
<textarea id="plan" name="plan" maxlength="5000">${view.values.plan}</textarea>
</div>
<div class="card"><h2>${t.visits}</h2><p class="muted">${t.visitsHelp}</p>
${view.projects.length === 0 ? html`<p class="muted">${t.noProjects}</p>` : visitRows}
</div>
<button type="submit">${t.submitReport}</button>
</form>
<form method="get" class="card">
<input type="hidden" name="lang" value="${view.lang}">
<label class="field" for="other-date">${t.otherDay}</label>
<input type="date" id="other-date" name="date" max="${view.today}" value="${view.date}">
<button type="submit">${t.open}</button>
</form>`,
  });
}

export function renderDailyReportSaved(view: {
  lang: Language;
  date: string;
  submittedAt: string;
  onTime: boolean;
}): string {
  const t = FORM_TEXTS[view.lang];
  return page({
    lang: view.lang,
    title: t.reportSaved,
    body: html`<h1>${t.reportTitle} · ${view.date}</h1>
<div class="card"><p class="ok">${t.reportSaved}</p>
<p>${view.onTime ? t.onTime : t.late}</p>
<p class="muted">${t.firstSubmitted(view.submittedAt)}</p>
<p><a href="?lang=${view.lang}&amp;date=${view.date}">${t.backToForm}</a></p></div>`,
  });
}
