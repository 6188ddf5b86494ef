// Lambda: the satisfaction survey behind a signed link, GET/POST /s/{token}. GET shows the form (and any saved
// answers) in the respondent's language and changes nothing; POST stores the answer. Scripts may send JSON.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Language } from '#shared/domain/values.ts';
import { ValidationError } from '#shared/errors.ts';
import {
  answerSurvey,
  openSurvey,
  respondentLanguage,
  type SurveyContext,
  survey,
  surveyAnswerFromForm,
} from '#shared/forms/survey.ts';
import { renderSurveyForm, renderSurveyThanks } from '#shared/forms/surveyView.ts';
import { bodyKind, formBody, jsonBody } from '#shared/http/body.ts';
import { linkToken, requestedLanguage, wantsJson } from '#shared/http/request.ts';
import { type HttpResponse, htmlResponse, jsonResponse } from '#shared/http/responses.ts';
import { httpHandler } from '#shared/http/stack.ts';
import { storage } from '#shared/http/storage.ts';
import type { FieldProblem } from '#shared/validation.ts';

function formPage(
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

async function showForm(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const ctx = await openSurvey(storage(), linkToken(event), new Date());
  if (wantsJson(event)) {
    return jsonResponse(200, {
      month: ctx.invitation.month,
      engineer: { id: ctx.engineer.id, name: ctx.engineer.name },
      closesAt: ctx.invitation.expiresAt,
      questions: survey.questions,
      scale: survey.scale,
      response: ctx.response ?? null,
    });
  }
  const saved = ctx.response;
  const ratings = Object.fromEntries(Object.entries(saved?.ratings ?? {}).map(([k, v]) => [k, String(v)]));
  const lang = requestedLanguage(event) ?? ctx.respondent.language;
  return htmlResponse(200, formPage(ctx, lang, { ratings, comment: saved?.comment ?? '' }, []));
}

async function submit(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const now = new Date();
  const token = linkToken(event);
  if (bodyKind(event) === 'json') {
    const { response } = await answerSurvey(storage(), token, jsonBody(event), 'json', now);
    return jsonResponse(response.revision === 1 ? 201 : 200, { response });
  }
  const answers = surveyAnswerFromForm(formBody(event));
  try {
    const { response, closesAt } = await answerSurvey(storage(), token, answers, 'form', now);
    // The form posts to ?lang=…, so the language is known without reading the respondent again.
    const lang = requestedLanguage(event) ?? (await respondentLanguage(storage(), response.respondentId));
    return htmlResponse(200, renderSurveyThanks({ lang, closesAt }));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // A bad submission: the form again with the messages and the answers as they were sent.
    const ctx = await openSurvey(storage(), token, now);
    const lang = requestedLanguage(event) ?? ctx.respondent.language;
    return htmlResponse(400, formPage(ctx, lang, answers, error.problems));
  }
}

export const handler = httpHandler(
  [
    { method: 'GET', path: '/s/{token}', handler: showForm },
    { method: 'POST', path: '/s/{token}', handler: submit },
  ],
  { format: 'html' },
);
