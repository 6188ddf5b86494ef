// Use cases of a survey link: check it against the stored invitation (the truth: who answers about whom, which
// month, whether the window is still open), show the form with any saved answers, and store an answer.
import type { Engineer } from '../domain/engineer.ts';
import type { Respondent } from '../domain/respondent.ts';
import {
  checkSurveyWindow,
  hasLowRating,
  type Invitation,
  type SurveyAnswer,
  type SurveyAnswerSource,
  type SurveyResponse,
  surveyAnswerInput,
} from '../domain/survey.ts';
import { DEFAULT_LANGUAGE, type Language, localDateTime } from '../domain/values.ts';
import { LinkInvalidError, NotFoundError, ValidationError } from '../errors.ts';
import type { FormPage } from '../html/page.ts';
import { checkLink, SURVEY_LINK_VERSION } from '../links/links.ts';
import { defaultSurvey } from '../rubric/defaultParts.ts';
import type { Storage } from '../storage/client.ts';
import { findEngineer } from '../storage/engineers.ts';
import { organisationTimezone } from '../storage/organisation.ts';
import { findRespondent } from '../storage/respondents.ts';
import { findInvitation, findSurveyResponse, getInvitation, saveSurveyResponse } from '../storage/survey.ts';
import { type FieldProblem, parseWith } from '../validation.ts';
import { asFormError, refuseFinalMonth } from './finalMonth.ts';
import { renderSurveyForm, renderSurveyThanks } from './surveyView.ts';

/** The survey every form shows; the rubric defines its questions and scale. */
export const survey = defaultSurvey;
/** Built once: a zod schema is costly to construct and the same for every submission. */
const answerSchemas = { json: surveyAnswerInput(survey, 'json'), form: surveyAnswerInput(survey, 'form') };

/**
 * The invitation a survey token stands for.
 * 1. Verify the signature, kind and expiry (403 / 410).
 * 2. Read the invitation; unknown or of another link version → 403.
 * 3. Its month final → 410 naming the month (in `lang`, else the respondent's language).
 * 4. Closed, or its window over → 410.
 */
async function invitationOfLink(
  storage: Storage,
  token: string,
  now: Date,
  lang: Language | undefined,
): Promise<Invitation> {
  const claims = await checkLink(token, 'survey', now);
  const invitation = await findInvitation(storage, claims.id);
  if (!invitation || claims.version !== SURVEY_LINK_VERSION)
    throw new LinkInvalidError('link names no invitation');
  await refuseFinalMonth(
    storage,
    invitation.month,
    async () => lang ?? respondentLanguage(storage, invitation.respondentId),
  );
  checkSurveyWindow(invitation, now);
  return invitation;
}

/**
 * Stores an answer to an invitation as its response's next revision: one GetItem (the invitation) and one
 * UpdateItem (the response).
 * 1. Read the invitation (NotFoundError when there is none); refuse a closed window (LinkGoneError). The window is
 *    checked against the invitation just read, not as a condition of the write: a submission racing the exact
 *    closing instant (or the pipeline's closing of the invitation) may still land, a few milliseconds late — the
 *    scorer runs well after the window, so such an answer counts as if it had arrived just in time.
 * 2. Save it (storage serialises concurrent edits and refuses a stale form or one revision too many; with
 *    `raisesAlert`, the low-score alert waits in the same write).
 */
export async function answerInvitation(
  storage: Storage,
  command: { invitationId: string; answer: SurveyAnswer; now: Date; raisesAlert?: boolean },
): Promise<SurveyResponse> {
  const invitation = await getInvitation(storage, command.invitationId);
  checkSurveyWindow(invitation, command.now);
  return saveSurveyResponse(storage, { ...command, invitation });
}

interface SurveyContext {
  invitation: Invitation;
  respondent: Respondent;
  engineer: Engineer;
  /** The latest saved answer, if the respondent answered before. */
  response: SurveyResponse | undefined;
  /** When the window closes, as a local time of the organisation ("2026-11-02 23:59"). */
  closesAt: string;
  /** When the latest saved answer was given, as a local time of the organisation, if there is one. */
  savedAt: string | undefined;
}

/**
 * What the form shows. Reads only: opening a link (a person, or a mail scanner) changes nothing.
 * 1. Check the link (a final month's is gone, 410). 2. Read respondent, engineer, the latest response and the time
 * zone.
 */
export async function openSurvey(
  storage: Storage,
  token: string,
  now: Date,
  lang?: Language,
): Promise<SurveyContext> {
  const invitation = await invitationOfLink(storage, token, now, lang);
  const [respondent, engineer, response, timezone] = await Promise.all([
    findRespondent(storage, invitation.respondentId),
    findEngineer(storage, invitation.engineerId),
    findSurveyResponse(storage, invitation),
    organisationTimezone(storage),
  ]);
  // An invitation whose people were deleted cannot be answered meaningfully.
  if (!respondent || !engineer) throw new LinkInvalidError('the invitation names people who no longer exist');
  const local = (iso: string) => localDateTime(Date.parse(iso), timezone);
  return {
    invitation,
    respondent,
    engineer,
    response,
    closesAt: local(invitation.expiresAt),
    savedAt: response ? local(response.submittedAt) : undefined,
  };
}

/**
 * Stores an answer as the next revision (the latest counts, earlier ones are kept).
 * 1. Check the token (signature, kind, expiry). 2. Parse the answer with the rubric's survey, as its source
 * sends it (JSON integers, or the form's digit strings; 400 with field paths, nothing written, no alert).
 * 3. Answer the invitation (a closed window is 410; an invitation nobody knows is a bad link, 403; a final month
 * is 410 naming it, in `lang` or the respondent's language): an answer with a low rating is stored together with
 * its waiting alert, in one write.
 */
export async function answerSurvey(
  storage: Storage,
  token: string,
  input: unknown,
  source: SurveyAnswerSource,
  now: Date,
  lang?: Language,
): Promise<{ response: SurveyResponse; closesAt: string }> {
  const claims = await checkLink(token, 'survey', now);
  if (claims.version !== SURVEY_LINK_VERSION) throw new LinkInvalidError('link names no invitation');
  const answer = parseWith(answerSchemas[source], input);
  try {
    // A low rating is stored with its alert waiting; the notifier emails it (the respondent never waits on SES).
    const response = await answerInvitation(storage, {
      invitationId: claims.id,
      answer,
      now,
      raisesAlert: hasLowRating(answer.ratings, survey.lowRatingAtMost),
    });
    // The token's expiry is the invitation's closing time (surveyLink signs it so): no second read needed.
    return {
      response,
      closesAt: await closingTime(storage, new Date(claims.expiresAt * 1000).toISOString()),
    };
  } catch (error) {
    if (error instanceof NotFoundError) throw new LinkInvalidError('link names no invitation');
    throw await asFormError(error, async () => lang ?? (await invitationLanguage(storage, claims.id)));
  }
}

/** The language of an invitation's respondent (for the page of a refused answer). */
async function invitationLanguage(storage: Storage, invitationId: string): Promise<Language | undefined> {
  const invitation = await findInvitation(storage, invitationId);
  return invitation ? respondentLanguage(storage, invitation.respondentId) : undefined;
}

/** When an invitation's window closes, as the organisation's local time ("2026-11-02 23:59"). */
async function closingTime(storage: Storage, expiresAt: string): Promise<string> {
  return localDateTime(Date.parse(expiresAt), await organisationTimezone(storage));
}

/** The respondent's own language, for a submission that did not say which one it was made in. */
async function respondentLanguage(storage: Storage, respondentId: string): Promise<Language> {
  return (await findRespondent(storage, respondentId))?.language ?? DEFAULT_LANGUAGE;
}

/** The form's fields (`ratings.<key>`, `comment`) as the answer's shape. */
function surveyAnswerFromForm(form: URLSearchParams): {
  ratings: Record<string, string>;
  comment: string;
} {
  const ratings: Record<string, string> = {};
  for (const q of survey.questions) {
    const value = form.get(`ratings.${q.key}`);
    if (value !== null) ratings[q.key] = value;
  }
  return { ratings, comment: form.get('comment') ?? '' };
}

/** The form of a survey context in `lang`, filled with `answers` and showing `problems` beside their questions. */
function surveyForm(
  ctx: SurveyContext,
  lang: Language,
  answers: { ratings: Record<string, string | undefined>; comment: string },
  problems: FieldProblem[],
): string {
  return renderSurveyForm({
    lang,
    respondentName: ctx.respondent.name,
    engineerName: ctx.engineer.name,
    month: ctx.invitation.month,
    closesAt: ctx.closesAt,
    scale: survey.scale,
    questions: survey.questions.map((q) => ({ key: q.key, label: q.label[lang], text: q.text[lang] })),
    ratings: answers.ratings,
    comment: answers.comment,
    savedAt: ctx.savedAt,
    problems,
  });
}

/**
 * The form page of a link: the saved answers if there are any, in the language asked for (`lang`) or else the
 * respondent's own. Reads only, as openSurvey.
 */
export async function surveyFormPage(
  storage: Storage,
  token: string,
  lang: Language | undefined,
  now: Date,
): Promise<FormPage> {
  const ctx = await openSurvey(storage, token, now, lang);
  const saved = ctx.response;
  const ratings = Object.fromEntries(Object.entries(saved?.ratings ?? {}).map(([k, v]) => [k, String(v)]));
  const shown = lang ?? ctx.respondent.language;
  return { status: 200, html: surveyForm(ctx, shown, { ratings, comment: saved?.comment ?? '' }, []) };
}

/**
 * A browser's form post.
 * 1. Store the answer (answerSurvey) and thank the respondent in `lang`, or else their own language.
 * 2. A bad answer (400): the form again with the messages beside their questions and the answers as they were
 * sent; nothing was stored. Every other failure (bad link, closed window) is the request's error page.
 */
export async function answerSurveyForm(
  storage: Storage,
  token: string,
  form: URLSearchParams,
  lang: Language | undefined,
  now: Date,
): Promise<FormPage> {
  const answers = surveyAnswerFromForm(form);
  try {
    const { response, closesAt } = await answerSurvey(storage, token, answers, 'form', now, lang);
    // The form posts to ?lang=…, so the language is known without reading the respondent again.
    const shown = lang ?? (await respondentLanguage(storage, response.respondentId));
    return { status: 200, html: renderSurveyThanks({ lang: shown, closesAt }) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const ctx = await openSurvey(storage, token, now, lang);
    return { status: 400, html: surveyForm(ctx, lang ?? ctx.respondent.language, answers, error.problems) };
  }
}
