// Server-rendered pages of the satisfaction survey: the form (in the respondent's language, with a switch to the
// other), the confirmation, all without JavaScript and usable on a phone. Every user text goes through `html`.
import { html, type SafeHtml } from '../http/html.ts';
import { page } from '../http/page.ts';
import type { Language } from '../rubric/indicators.ts';
import type { FieldProblem } from '../validation.ts';
import { FORM_TEXTS, otherLanguage } from './texts.ts';

export interface SurveyQuestionView {
  key: string;
  label: string;
  text: string;
}

export interface SurveyFormView {
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

export function languageSwitch(lang: Language): SafeHtml {
  const other = otherLanguage(lang);
  return html`<p class="lang"><a href="?lang=${other}" lang="${other}" hreflang="${other}">${FORM_TEXTS[lang].otherLanguage}</a></p>`;
}

export function problemList(lang: Language, problems: readonly { message: string }[]): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<div class="problems" role="alert"><p class="error">${FORM_TEXTS[lang].problemsTitle}</p>
<ul>${problems.map((p) => html`<li>${p.message}</li>`)}</ul></div>`;
}

export function renderSurveyForm(view: SurveyFormView): string {
  const t = FORM_TEXTS[view.lang];
  const steps: number[] = [];
  for (let v = view.scale.min; v <= view.scale.max; v++) steps.push(v);
  const problemAt = (path: string) => view.problems.some((p) => p.path === path);
  const questions = view.questions.map(
    (q, i) => html`<fieldset class="card" id="q-${q.key}">
<legend>${i + 1}. ${q.text}</legend>
${problemAt(`ratings.${q.key}`) ? html`<p class="error">${t.ratingProblem(q.label)}</p>` : ''}
<div class="scale">${steps.map(
      (v) =>
        html`<label><input type="radio" name="ratings.${q.key}" value="${v}"${
          view.ratings[q.key] === String(v) ? html` checked` : ''
        } required><span>${v}</span></label>`,
    )}</div>
<div class="ends"><span>${t.scaleLow}</span><span>${t.scaleHigh}</span></div>
</fieldset>`,
  );
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
    return { message: q ? t.ratingProblem(q.label) : p.path ? `${p.path}: ${p.message}` : p.message };
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
