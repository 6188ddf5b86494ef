// The survey invitation and its one reminder: to a respondent, in their language, naming the engineer and
// the month, with the signed link and the deadline.

import { DEFAULT_LANGUAGE, type Language } from '../domain/values.ts';
import { ValidationError } from '../errors.ts';
import { html } from '../html/html.ts';
import { fillSubject, type MailConfig } from './config.ts';
import { COLOR, FONT, STYLE, shortEmail } from './layout.ts';
import { formatInstant, formatMonth, type MailRubric, words } from './locale.ts';
import type { OutgoingEmail } from './send.ts';

interface SurveyInvitationInput {
  respondent: { name: string; email: string; language?: Language | undefined };
  engineer: { name: string };
  month: string;
  /** The signed survey link. */
  link: string;
  /** When the survey window closes (an instant), shown in the organisation's time zone. */
  deadline: string;
  timeZone: string;
  rubric: Pick<MailRubric, 'survey'>;
  /** The reminder variant (sent once to an invitation not yet answered). */
  reminder?: boolean;
}

function checkedLink(link: string): string {
  // Only web links go into an href; anything else (javascript:, data:) would be a hole in the email.
  try {
    const url = new URL(link);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
  } catch {
    // reported below
  }
  throw new ValidationError([{ path: 'link', message: 'expected an http(s) URL' }], 'invalid survey link');
}

/** Renders the invitation, or the reminder when `reminder` is set. */
export function renderSurveyInvitation(input: SurveyInvitationInput, config: MailConfig): OutgoingEmail {
  const language = input.respondent.language ?? DEFAULT_LANGUAGE;
  const w = words[language];
  const link = checkedLink(input.link);
  const month = formatMonth(input.month, language);
  const subject = fillSubject(config, input.reminder ? 'surveyReminder' : 'surveyInvitation', language, {
    month,
    engineer: input.engineer.name,
    respondent: input.respondent.name,
  });
  const intro = input.reminder
    ? w.reminderIntro(input.engineer.name, month)
    : w.inviteIntro(input.engineer.name, month);
  const deadline = w.inviteDeadline(formatInstant(input.deadline, input.timeZone, language));
  const questions = w.inviteQuestions(input.rubric.survey.questions.length);

  const body = html`<h1 style="${STYLE.h1}">${subject}</h1>
<p style="${STYLE.p}">${w.greeting(input.respondent.name)}</p>
<p style="${STYLE.p}">${intro}</p>
<p style="${STYLE.p}">${questions}</p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:20px 0;"><tr>
<td align="center" bgcolor="${COLOR.accent}" style="border-radius:6px;background:${COLOR.accent};">
<a data-survey-link="true" href="${link}" target="_blank" style="display:inline-block;padding:12px 28px;font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;${FONT}">${w.inviteButton}</a>
</td></tr></table>
<p style="${STYLE.p}"><strong>${deadline}</strong></p>
<p style="${STYLE.muted}">${w.inviteLinkPlain} <a href="${link}" style="color:${COLOR.accent};word-break:break-all;">${link}</a></p>
<p style="${STYLE.muted}">${w.inviteLinkNote}</p>`;

  const text = [
    subject,
    '',
    w.greeting(input.respondent.name),
    '',
    intro,
    questions,
    '',
    `${w.inviteLinkPlain} ${link}`,
    '',
    deadline,
    w.inviteLinkNote,
    '',
  ].join('\n');

  return shortEmail(input.respondent.email, language, subject, body, text);
}
