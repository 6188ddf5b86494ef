// Server-rendered pages of the satisfaction survey: the form (in the respondent's language, with a switch to the
// other), the confirmation, all without JavaScript and usable on a phone. Every user text goes through `html`.

import type { Language } from '../domain/values.ts';
import { html, type SafeHtml } from '../html/html.ts';
import { page } from '../html/page.ts';
import type { FieldProblem } from '../validation.ts';
import { FORM_TEXTS, otherLanguage } from './texts.ts';

interface SurveyQuestionView {
  key: string;
  label: string;
  text: string;
}

interface SurveyFormView {
  lang: Language;
  respondentName: string;
  engineerName: string;
  month: string;
  closesAt: string;
  scale: { min: number; max: number };
  questions: SurveyQuestionView[];
  /** The answers to show: saved ones on GET, the submitted ones after a bad POST. */
  ratings: Record<string, string | undefined>;
  comment: string;
  savedAt?: string | undefined;
  problems: FieldProblem[];
}

/** The switch to the other language, keeping the page's other query parameters (e.g. the report's date). */
export function languageSwitch(lang: Language, keep: Record<string, string> = {}): SafeHtml {
  const other = otherLanguage(lang);
  const query = new URLSearchParams({ lang: other, ...keep }).toString();
  return html`<p class="lang"><a href="?${query}" lang="${other}" hreflang="${other}">${FORM_TEXTS[lang].otherLanguage}</a></p>`;
}

/** The problems at the top of a form; each links to its control when it has one. */
export function problemList(
  lang: Language,
  problems: readonly { message: string; field?: string | undefined }[],
): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<div class="problems" role="alert"><p class="error">${FORM_TEXTS[lang].problemsTitle}</p>
<ul>${problems.map((p) => html`<li>${p.field ? html`<a href="#${p.field}">${p.message}</a>` : p.message}</li>`)}</ul></div>`;
}

export function renderSurveyForm(view: SurveyFormView): string {
  const t = FORM_TEXTS[view.lang];
  const steps: number[] = [];
  for (let v = view.scale.min; v <= view.scale.max; v++) steps.push(v);
  const problemAt = (path: string) => view.problems.some((p) => p.path === path);
  const questions = view.questions.map((q, i) => {
    const failed = problemAt(`ratings.${q.key}`);
    return html`<fieldset class="card" id="q-${q.key}"${failed ? html` aria-describedby="q-${q.key}-error"` : ''}>
<legend>${i + 1}. ${q.text}</legend>
${failed ? html`<p class="error" id="q-${q.key}-error">${t.ratingProblem(q.label)}</p>` : ''}
<div class="scale">${steps.map(
      (v) =>
        html`<label><input type="radio" name="ratings.${q.key}" value="${v}"${
          view.ratings[q.key] === String(v) ? html` checked` : ''
        } required${failed ? html` aria-invalid="true" aria-describedby="q-${q.key}-error"` : ''}><span>${v}</span></label>`,
    )}</div>
<div class="ends"><span>${t.scaleLow}</span><span>${t.scaleHigh}</span></div>
</fieldset>`;
  });
  return page({
    lang: view.lang,
    title: t.surveyTitle,
    body: html`${languageSwitch(view.lang)}
<h1>${t.surveyTitle}</h1>
<div class="card"><p>${t.surveyGreeting(view.respondentName)}</p><p>${t.surveyIntro(view.engineerName, view.month)}</p>
<p class="muted">${t.closesAt(view.closesAt)}</p>
${view.savedAt ? html`<p class="ok">${t.savedNotice(view.savedAt)}</p>` : ''}</div>
${problemList(
  view.lang,
  view.problems.map((p) => {
    const q = view.questions.find((x) => p.path === `ratings.${x.key}`);
    if (q) return { field: `q-${q.key}`, message: t.ratingProblem(q.label) };
    return { message: p.path ? `${p.path}: ${p.message}` : p.message };
  }),
)}
<form method="post" action="?lang=${view.lang}" accept-charset="utf-8">
${questions}
<div class="card"><label class="field" for="comment">${t.comment}</label>
<textarea id="comment" name="comment" maxlength="2000">${view.comment}</textarea></div>
<button type="submit">${t.submitSurvey}</button>
</form>`,
  });
}

export function renderSurveyThanks(view: { lang: Language; closesAt: string }): string {
  const t = FORM_TEXTS[view.lang];
  return page({
    lang: view.lang,
    title: t.thanksTitle,
    body: html`<h1>${t.thanksTitle}</h1>
<div class="card"><p class="ok">${t.thanksBody}</p><p class="muted">${t.closesAt(view.closesAt)}</p>
<p><a href="?lang=${view.lang}">${t.changeAnswers}</a></p></div>`,
  });
}
