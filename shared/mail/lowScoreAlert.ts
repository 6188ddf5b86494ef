// The low-score alert: a short email to the department manager when a survey response arrives with a low
// rating — who rated whom, every rating (the low ones marked) and the comment.
import { DEFAULT_LANGUAGE, type Language } from '../domain/values.ts';
import { html } from '../html/html.ts';
import { fillSubject, type MailConfig } from './config.ts';
import { COLOR, multiline, STYLE, shortEmail } from './layout.ts';
import { formatInstant, formatMonth, type MailRubric, words } from './locale.ts';
import type { OutgoingEmail } from './ses.ts';

interface LowScoreAlertInput {
  recipient: { email: string; language?: Language | undefined };
  month: string;
  engineer: { name: string };
  respondent: { name: string; email?: string | undefined; organisation?: string | undefined };
  /** Rating per survey question key. */
  ratings: Readonly<Record<string, number>>;
  comment?: string | undefined;
  submittedAt: string;
  timeZone: string;
  /** The survey's questions and scale, and its `lowRatingAtMost`: ratings at or below it are marked low. */
  rubric: Pick<MailRubric, 'survey'>;
}

/** Renders the alert: engineer, respondent, each question's rating (low ones marked) and the comment. */
export function renderLowScoreAlert(input: LowScoreAlertInput, config: MailConfig): OutgoingEmail {
  const language = input.recipient.language ?? DEFAULT_LANGUAGE;
  const w = words[language];
  const lowAtMost = input.rubric.survey.lowRatingAtMost;
  const month = formatMonth(input.month, language);
  const respondent = input.respondent.organisation
    ? language === 'zh-CN'
      ? `${input.respondent.name}（${input.respondent.organisation}）`
      : `${input.respondent.name} (${input.respondent.organisation})`
    : input.respondent.name;
  const subject = fillSubject(config, 'lowScoreAlert', language, {
    month,
    engineer: input.engineer.name,
    respondent: input.respondent.name,
  });
  const { max } = input.rubric.survey.scale;
  const questions = input.rubric.survey.questions.filter((q) => q.key in input.ratings);
  const comment = input.comment?.trim() ?? '';
  const submitted = formatInstant(input.submittedAt, input.timeZone, language);

  const ratingRows = questions.map((q) => {
    const rating = input.ratings[q.key]!;
    const low = rating <= lowAtMost;
    return html`<tr data-question="${q.key}"><td style="${STYLE.td}">${q.label[language]}</td><td data-rating="${q.key}" style="${STYLE.tdNum}${low ? `background:${COLOR.alertBg};color:${COLOR.alertText};font-weight:bold;` : ''}">${rating} / ${max}${low ? html` <span style="${STYLE.badgeAlert}">${w.lowRating}</span>` : ''}</td></tr>`;
  });

  const body = html`<h1 style="${STYLE.h1}">${subject}</h1>
<p style="${STYLE.p}">${w.alertIntro(respondent, input.engineer.name, month)}</p>
<table cellpadding="0" cellspacing="0" border="0" style="${STYLE.table}margin-bottom:16px;">
<tr><th style="${STYLE.th}width:35%;">${w.engineer}</th><td style="${STYLE.td}">${input.engineer.name}</td></tr>
<tr><th style="${STYLE.th}">${w.respondent}</th><td style="${STYLE.td}">${respondent}${input.respondent.email ? html`<br><span style="color:${COLOR.muted};">${input.respondent.email}</span>` : ''}</td></tr>
<tr><th style="${STYLE.th}">${w.month}</th><td style="${STYLE.td}">${month}</td></tr>
<tr><th style="${STYLE.th}">${w.submittedAt}</th><td style="${STYLE.td}">${submitted}</td></tr>
</table>
<table cellpadding="0" cellspacing="0" border="0" style="${STYLE.table}margin-bottom:16px;">
<tr><th style="${STYLE.th}">${w.question}</th><th style="${STYLE.th}text-align:right;">${w.rating}</th></tr>
${ratingRows}
</table>
<p style="${STYLE.p}margin-bottom:4px;"><strong>${w.comment}</strong></p>
<blockquote data-comment="true" style="margin:0;padding:8px 12px;border-left:3px solid ${COLOR.border};color:${COLOR.text};font-size:14px;">${comment ? multiline(comment) : w.noComment}</blockquote>`;

  const text = [
    subject,
    '',
    w.alertIntro(respondent, input.engineer.name, month),
    '',
    `${w.engineer}${w.colon}${input.engineer.name}`,
    `${w.respondent}${w.colon}${respondent}${input.respondent.email ? ` <${input.respondent.email}>` : ''}`,
    `${w.month}${w.colon}${month}`,
    `${w.submittedAt}${w.colon}${submitted}`,
    '',
    ...questions.map((q) => {
      const rating = input.ratings[q.key]!;
      return `${q.label[language]}${w.colon}${rating} / ${max}${rating <= lowAtMost ? `  <-- ${w.lowRating}` : ''}`;
    }),
    '',
    `${w.comment}${w.colon.trim()}`,
    comment || w.noComment,
    '',
  ].join('\n');

  return shortEmail(input.recipient.email, language, subject, body, text);
}
