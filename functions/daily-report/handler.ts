// Lambda: an engineer's daily-report form, GET/POST /r/{token}. Browsers get server-rendered pages; scripts send
// JSON with the token as `Authorization: Bearer <token>` and get JSON back.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  dailyReportFormPage,
  fileDailyReport,
  fileDailyReportForm,
  openDailyReport,
} from '#shared/forms/dailyReport.ts';
import { bodyKind, formBody, jsonBody, queryParam } from '#shared/http/body.ts';
import { bearerToken, linkToken, requestedLanguage, wantsJson } from '#shared/http/request.ts';
import { type HttpResponse, htmlResponse, jsonResponse } from '#shared/http/responses.ts';
import { httpHandler } from '#shared/http/stack.ts';
import { storage } from '#shared/storage/fromConfig.ts';

async function showForm(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const token = linkToken(event);
  const date = queryParam(event, 'date');
  if (wantsJson(event)) {
    const day = await openDailyReport(storage(), token, date, new Date());
    return jsonResponse(200, {
      engineer: { id: day.engineer.id, name: day.engineer.name },
      date: day.date,
      today: day.today,
      projects: day.projects,
      report: day.report ?? null,
    });
  }
  const page = await dailyReportFormPage(storage(), token, date, requestedLanguage(event), new Date());
  return htmlResponse(page.status, page.html);
}

async function submit(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  if (bodyKind(event) === 'json' || bearerToken(event)) {
    const filed = await fileDailyReport(storage(), linkToken(event), jsonBody(event), new Date());
    return jsonResponse(filed.created ? 201 : 200, {
      report: filed.report,
      created: filed.created,
      onTime: filed.onTime,
    });
  }
  const page = await fileDailyReportForm(
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
    { method: 'GET', path: '/r/{token}', handler: showForm },
    { method: 'POST', path: '/r/{token}', handler: submit },
  ],
  { format: 'html' },
);
