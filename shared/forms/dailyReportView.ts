// Server-rendered pages of an engineer's daily report: the form for one day (today by default, or a past day to
// file late or edit) with a fixed number of follow-up visit rows so several visits need no JavaScript.
import { DAILY_REPORT_LIMITS } from '../domain/dailyReport.ts';
import { type Language, localDateTime } from '../domain/values.ts';
import { html, type SafeHtml } from '../html/html.ts';
import { page } from '../html/page.ts';
import type { FieldProblem } from '../validation.ts';
import { languageSwitch, problemList } from './surveyView.ts';
import { FORM_TEXTS } from './texts.ts';

/** Visit rows on the form; enough for a day's visits, more can be filed for the same day in a second edit. */
const VISIT_ROWS = 5;

export interface DailyReportValues {
  workDone: string;
  problems: string;
  plan: string;
  visits: { projectId: string; note: string }[];
}

interface DailyReportFormView {
  lang: Language;
  engineerName: string;
  /** The link's token: "my month" is at <token>/month, relative to this page. */
  token: string;
  date: string;
  today: string;
  /** The organisation's zone: times are shown as its local time, as "today" is. */
  timezone: string;
  projects: { id: string; name: string; customer: string }[];
  values: DailyReportValues;
  /** When the shown day's report was first submitted (ISO instant), if it was. */
  submittedAt?: string | undefined;
  problems: FieldProblem[];
}

/** A problem as the page shows it: which control it belongs to, that control's label, and why, in `lang`. */
interface ShownProblem {
  field: string;
  label: string;
  message: string;
}

/**
 * Each problem in the page's language, by the field it names (as the survey does): the schema's and storage's
 * English messages are for the JSON API, the page says the same thing in its own words.
 */
function shownProblems(view: DailyReportFormView): ShownProblem[] {
  const t = FORM_TEXTS[view.lang];
  return view.problems.map((p): ShownProblem => {
    const visit = /^followUps\[(\d+)\]\.(projectId|note)$/.exec(p.path);
    if (visit) {
      const i = Number(visit[1]);
      if (visit[2] === 'note') {
        return {
          field: `visit-${i}-note`,
          label: t.visitRow(i + 1),
          message: t.noteTooLong(DAILY_REPORT_LIMITS.note),
        };
      }
      const chosen = view.values.visits[i]?.projectId ?? '';
      return {
        field: `visit-${i}-project`,
        label: t.visitRow(i + 1),
        message: chosen === '' ? t.visitProjectMissing : t.visitProjectNotYours,
      };
    }
    switch (p.path) {
      case 'date':
        return { field: 'date', label: t.reportDate, message: t.dateProblem(view.today) };
      case 'workDone':
        return {
          field: 'workDone',
          label: t.workDone,
          message:
            view.values.workDone.trim() === '' ? t.workDoneMissing : t.tooLong(DAILY_REPORT_LIMITS.text),
        };
      case 'problems':
        return { field: 'problems', label: t.problems, message: t.tooLong(DAILY_REPORT_LIMITS.text) };
      case 'plan':
        return { field: 'plan', label: t.plan, message: t.tooLong(DAILY_REPORT_LIMITS.text) };
      case 'followUps':
        return { field: 'visits', label: t.visits, message: t.tooManyVisits(DAILY_REPORT_LIMITS.followUps) };
      default:
        return { field: '', label: p.path, message: t.invalidField };
    }
  });
}

export function renderDailyReportForm(view: DailyReportFormView): string {
  const t = FORM_TEXTS[view.lang];
  const shown = shownProblems(view);
  const byField = new Map<string, ShownProblem>();
  for (const p of shown) if (p.field && !byField.has(p.field)) byField.set(p.field, p);
  // Beside a failed control: its message, tied to it for screen readers.
  const error = (field: string): SafeHtml | '' => {
    const p = byField.get(field);
    return p ? html`<p class="error" id="${field}-error">${p.message}</p>` : '';
  };
  const invalid = (field: string): SafeHtml | '' =>
    byField.has(field) ? html` aria-invalid="true" aria-describedby="${field}-error"` : '';

  const rows = Math.min(DAILY_REPORT_LIMITS.followUps, Math.max(VISIT_ROWS, view.values.visits.length));
  const visitRows = [];
  for (let i = 0; i < rows; i++) {
    const visit = view.values.visits[i] ?? { projectId: '', note: '' };
    const project = `visit-${i}-project`;
    const note = `visit-${i}-note`;
    visitRows.push(html`<div class="visit">
<label class="field" for="${project}">${t.visitProject(i + 1)}</label>
${error(project)}<select id="${project}" name="visits[${i}].projectId"${invalid(project)}>
<option value="">${t.noProject}</option>
${view.projects.map(
  (p) =>
    html`<option value="${p.id}"${visit.projectId === p.id ? html` selected` : ''}>${p.name} · ${p.customer}</option>`,
)}
</select>
<label class="field" for="${note}">${t.visitNote}</label>
${error(note)}<input type="text" id="${note}" name="visits[${i}].note" maxlength="${DAILY_REPORT_LIMITS.note}" value="${visit.note}"${invalid(note)}>
</div>`);
  }
  const maxText = DAILY_REPORT_LIMITS.text;
  return page({
    lang: view.lang,
    title: `${t.reportTitle} ${view.date}`,
    body: html`${languageSwitch(view.lang, { date: view.date })}
<h1>${t.reportTitle} · ${view.date}</h1>
<div class="card"><p>${t.reportIntro(view.engineerName)}</p>
<p><a href="${encodeURIComponent(view.token)}/month?lang=${view.lang}" id="my-month">${t.myMonth}</a></p>
${view.submittedAt ? html`<p class="ok">${t.existing(localDateTime(Date.parse(view.submittedAt), view.timezone))}</p>` : ''}</div>
${problemList(
  view.lang,
  shown.map((p) => ({ field: p.field, message: t.labelled(p.label, p.message) })),
)}
<form method="post" action="?lang=${view.lang}" accept-charset="utf-8">
<div class="card">
<label class="field" for="date">${t.reportDate}</label>
${error('date')}<input type="date" id="date" name="date" value="${view.date}" max="${view.today}" required${invalid('date')}>
<label class="field" for="workDone">${t.workDone}</label>
${error('workDone')}<textarea id="workDone" name="workDone" maxlength="${maxText}" required${invalid('workDone')}>${view.values.workDone}</textarea>
<label class="field" for="problems">${t.problems}</label>
${error('problems')}<textarea id="problems" name="problems" maxlength="${maxText}"${invalid('problems')}>${view.values.problems}</textarea>
<label class="field" for="plan">${t.plan}</label>
${error('plan')}<textarea id="plan" name="plan" maxlength="${maxText}"${invalid('plan')}>${view.values.plan}</textarea>
</div>
<div class="card" id="visits"><h2>${t.visits}</h2><p class="muted">${t.visitsHelp}</p>
${error('visits')}${view.projects.length === 0 ? html`<p class="muted">${t.noProjects}</p>` : visitRows}
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
  /** The first submission's instant (ISO), shown as the organisation's local time. */
  submittedAt: string;
  timezone: string;
  onTime: boolean;
}): string {
  const t = FORM_TEXTS[view.lang];
  return page({
    lang: view.lang,
    title: t.reportSaved,
    body: html`<h1>${t.reportTitle} · ${view.date}</h1>
<div class="card"><p class="ok">${t.reportSaved}</p>
<p>${view.onTime ? t.onTime : t.late}</p>
<p class="muted">${t.firstSubmitted(localDateTime(Date.parse(view.submittedAt), view.timezone))}</p>
<p><a href="?lang=${view.lang}&amp;date=${view.date}">${t.backToForm}</a></p></div>`,
  });
}
