// Lambda: the satisfaction survey behind a signed link, GET/POST /s/{token}. GET shows the form (and any saved
// answers) in the respondent's language and changes nothing; POST stores the answer. Scripts may send JSON.
// Also the appeal page of a report, GET/POST /a/{token}: GET shows it, only POST files or edits the appeal.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { appealFormPage, submitAppealForm } from '#shared/forms/appeal.ts';
import { answerSurvey, answerSurveyForm, openSurvey, survey, surveyFormPage } from '#shared/forms/survey.ts';
import { bodyKind, formBody, jsonBody } from '#shared/http/body.ts';
import { linkToken, requestedLanguage, wantsJson } from '#shared/http/request.ts';
import { type HttpResponse, htmlResponse, jsonResponse } from '#shared/http/responses.ts';
import { httpHandler } from '#shared/http/stack.ts';
import { storage } from '#shared/storage/fromConfig.ts';

async function showForm(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  if (wantsJson(event)) {
    const ctx = await openSurvey(storage(), linkToken(event), new Date());
    return jsonResponse(200, {
      month: ctx.invitation.month,
      engineer: { id: ctx.engineer.id, name: ctx.engineer.name },
      closesAt: ctx.invitation.expiresAt,
      questions: survey.questions,
      scale: survey.scale,
      response: ctx.response ?? null,
    });
  }
  const page = await surveyFormPage(storage(), linkToken(event), requestedLanguage(event), new Date());
  return htmlResponse(page.status, page.html);
}

async function submit(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const token = linkToken(event);
  if (bodyKind(event) === 'json') {
    const { response } = await answerSurvey(storage(), token, jsonBody(event), 'json', new Date());
    return jsonResponse(response.revision === 1 ? 201 : 200, { response });
  }
  const page = await answerSurveyForm(
    storage(),
    token,
    formBody(event),
    requestedLanguage(event),
    new Date(),
  );
  return htmlResponse(page.status, page.html);
}

async function showAppeal(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const page = await appealFormPage(storage(), linkToken(event), requestedLanguage(event), new Date());
  return htmlResponse(page.status, page.html);
}

async function submitAppeal(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const page = await submitAppealForm(
    storage(),
    linkToken(event),
    formBody(event),
    requestedLanguage(event),
    new Date(),
  );
  return htmlResponse(page.status, page.html);
}

export const handler = httpHandler(
  [
    { method: 'GET', path: '/s/{token}', handler: showForm },
    { method: 'POST', path: '/s/{token}', handler: submit },
    { method: 'GET', path: '/a/{token}', handler: showAppeal },
    { method: 'POST', path: '/a/{token}', handler: submitAppeal },
  ],
  { format: 'html' },
);
