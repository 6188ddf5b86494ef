// Server-rendered appeal page (申诉): the card's figures (the revision the report showed, and the latest if
// newer), the indicators to question, the reason; the open appeal to edit, or the outcome once resolved; the
// closed page after the deadline. No JavaScript; phone-first; every user text through `html`.
import type { Appeal } from '../domain/appeal.ts';
import type { Language } from '../domain/values.ts';
import { html, type SafeHtml } from '../html/html.ts';
import { page } from '../html/page.ts';
import type { IndicatorKey } from '../rubric/indicators.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import type { FieldProblem } from '../validation.ts';
import { APPEAL_TEXTS } from './appealTexts.ts';
import { languageSwitch, problemList } from './surveyView.ts';

export interface AppealPageView {
  lang: Language;
  engineerName: string;
  month: string;
  /** The appeal deadline, local time with its zone. */
  deadline: string;
  names: Record<IndicatorKey, Record<Language, string>>;
  seen: { revision: number; card: ScoreCard };
  /** The latest card when it is newer than the one the report showed. */
  latest?: { revision: number; card: ScoreCard } | undefined;
  /** The open appeal, shown to edit. */
  open?: { appeal: Appeal; filedAt: string } | undefined;
  /** Resolved appeals of the month, newest first, with their local resolution times. */
  resolved: ReadonlyArray<{ appeal: Appeal; resolvedAt: string }>;
  /** What the form holds: the open appeal's text on GET, the submitted text after a bad POST. */
  values: { indicators: readonly string[]; reason: string };
  problems: readonly FieldProblem[];
  notice?: 'saved' | 'updated' | undefined;
  reasonMax: number;
}

const points = (n: number) => String(Math.round(n * 100) / 100);

function figures(view: AppealPageView): SafeHtml {
  const t = APPEAL_TEXTS[view.lang];
  const latest = view.latest;
  const pointsOf = (card: ScoreCard, key: string) => {
    const r = card.indicators.find((i) => i.key === key);
    return r ? t.points(points(r.points), points(r.maxPoints)) : '—';
  };
  return html`<div class="card"><h2>${t.figures}</h2>
<table class="figures"><thead><tr><th scope="col">${t.indicator}</th><th scope="col">${t.seen(view.seen.revision)}</th>${
    latest ? html`<th scope="col">${t.latest(latest.revision)}</th>` : ''
  }</tr></thead><tbody>
${view.seen.card.indicators.map(
  (r) =>
    html`<tr data-indicator="${r.key}"><th scope="row">${view.names[r.key][view.lang]}</th><td data-seen="${r.key}">${pointsOf(view.seen.card, r.key)}</td>${
      latest ? html`<td data-latest="${r.key}">${pointsOf(latest.card, r.key)}</td>` : ''
    }</tr>`,
)}
<tr><th scope="row">${t.total}</th><td data-seen="total">${t.points(points(view.seen.card.total), points(view.seen.card.maxTotal))}</td>${
    latest
      ? html`<td data-latest="total">${t.points(points(latest.card.total), points(latest.card.maxTotal))}</td>`
      : ''
  }</tr></tbody></table></div>`;
}

function outcome(view: AppealPageView, item: { appeal: Appeal; resolvedAt: string }): SafeHtml {
  const t = APPEAL_TEXTS[view.lang];
  const a = item.appeal;
  return html`<div class="card" data-outcome="${a.status}"><h2>${t.outcomeTitle}</h2>
<p class="${a.status === 'upheld' ? 'ok' : 'problems'}"><strong>${a.status === 'upheld' ? t.upheld : t.rejected}</strong></p>
<p class="muted">${t.resolvedOn(item.resolvedAt, a.resolvedBy ?? '')}</p>
<p><strong>${t.outcomeReason}</strong><br>${a.outcomeReason ?? ''}</p>
<p class="muted">${a.indicators.map((k) => view.names[k][view.lang]).join(' · ')}</p>
<p class="muted"><strong>${t.yourReason}</strong><br>${a.reason}</p></div>`;
}

export function renderAppealPage(view: AppealPageView): string {
  const t = APPEAL_TEXTS[view.lang];
  const problemAt = (path: string) =>
    view.problems.some((p) => p.path === path || p.path.startsWith(`${path}[`));
  const indicatorsFailed = problemAt('indicators');
  const reasonProblem = view.problems.find((p) => p.path === 'reason');
  const reasonMessage = reasonProblem
    ? view.values.reason.trim() === ''
      ? t.reasonMissing
      : view.values.reason.length > view.reasonMax
        ? t.reasonTooLong(view.reasonMax)
        : t.invalidField
    : undefined;
  // None ticked, or a value the form never offers (a hand-made post).
  const indicatorsMessage = view.values.indicators.length === 0 ? t.indicatorsMissing : t.invalidField;
  const listed = [
    ...(indicatorsFailed ? [{ field: 'indicators', message: indicatorsMessage }] : []),
    ...(reasonMessage ? [{ field: 'reason', message: reasonMessage }] : []),
    ...view.problems
      .filter((p) => !p.path.startsWith('indicators') && p.path !== 'reason')
      .map((p) => ({ message: p.path ? `${p.path}: ${p.message}` : p.message })),
  ];
  const chosen = new Set(view.values.indicators);
  return page({
    lang: view.lang,
    title: t.title,
    body: html`${languageSwitch(view.lang)}
<h1>${t.title}</h1>
<div class="card"><p>${t.intro(view.engineerName, view.month)}</p><p class="muted">${t.deadline(view.deadline)}</p>
${view.notice ? html`<p class="ok" role="status">${view.notice === 'saved' ? t.saved : t.updated}</p>` : ''}
${view.open && !view.notice ? html`<p class="ok">${t.openSince(view.open.filedAt)}</p>` : ''}</div>
${figures(view)}
${view.resolved.map((r) => outcome(view, r))}
${problemList(view.lang, listed)}
${view.resolved.length > 0 && !view.open ? html`<p>${t.another}</p>` : ''}
<form method="post" action="?lang=${view.lang}" accept-charset="utf-8">
<fieldset class="card" id="indicators"${indicatorsFailed ? html` aria-describedby="indicators-error"` : ''}>
<legend>${t.which}</legend>
${indicatorsFailed ? html`<p class="error" id="indicators-error">${indicatorsMessage}</p>` : ''}
${view.seen.card.indicators.map(
  (r) =>
    html`<label class="check"><input type="checkbox" name="indicators" value="${r.key}"${chosen.has(r.key) ? html` checked` : ''}${
      indicatorsFailed ? html` aria-invalid="true"` : ''
    }> ${view.names[r.key][view.lang]}</label>`,
)}
</fieldset>
<div class="card"><label class="field" for="reason">${t.reason}</label>
${reasonMessage ? html`<p class="error" id="reason-error">${reasonMessage}</p>` : ''}
<textarea id="reason" name="reason" maxlength="${view.reasonMax}" required${
      reasonMessage
        ? html` aria-invalid="true" aria-describedby="reason-error reason-help"`
        : html` aria-describedby="reason-help"`
    }>${view.values.reason}</textarea>
<p class="muted" id="reason-help">${t.reasonHelp(view.reasonMax)}</p></div>
<button type="submit">${view.open ? t.update : t.submit}</button>
</form>`,
  });
}

/** The 410 page: appeals of the month are closed (deadline passed, or the month is final), with when. */
export function renderAppealClosed(view: {
  lang: Language;
  month: string;
  reason: 'deadline' | 'final';
  /** The deadline or the finalisation, local time with its zone. */
  when: string;
  names: AppealPageView['names'];
  resolved: AppealPageView['resolved'];
  open?: Appeal | undefined;
}): string {
  const t = APPEAL_TEXTS[view.lang];
  const title = view.reason === 'final' ? t.finalTitle : t.closedTitle;
  const base = { ...view, values: { indicators: [], reason: '' } } as unknown as AppealPageView;
  return page({
    lang: view.lang,
    title,
    body: html`${languageSwitch(view.lang)}
<h1>${title}</h1>
<div class="card"><p data-closed="${view.reason}">${view.reason === 'final' ? t.final(view.month, view.when) : t.closed(view.month, view.when)}</p></div>
${view.open ? html`<div class="card" data-outcome="open"><p class="muted">${view.open.indicators.map((k) => view.names[k][view.lang]).join(' · ')}</p><p>${view.open.reason}</p></div>` : ''}
${view.resolved.map((r) => outcome(base, r))}`,
  });
}
