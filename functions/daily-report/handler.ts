// Lambda: an engineer's daily-report form, GET/POST /r/{token}. Browsers get server-rendered pages; scripts send
// JSON with the token as `Authorization: Bearer <token>` and get JSON back.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { fileDailyReport, fileDailyReportForm, openDailyReport } from '#shared/forms/dailyReport.ts';
import { renderDailyReportForm, renderDailyReportSaved } from '#shared/forms/dailyReportView.ts';
import { bodyKind, formBody, jsonBody, queryParam } from '#shared/http/body.ts';
import { bearerToken, linkToken, requestedLanguage, wantsJson } from '#shared/http/request.ts';
import { type HttpResponse, htmlResponse, jsonResponse } from '#shared/http/responses.ts';
import { httpHandler } from '#shared/http/stack.ts';
import { storage } from '#shared/storage/fromConfig.ts';

async function showForm(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const now = new Date();
  const day = await openDailyReport(storage(), linkToken(event), queryParam(event, 'date'), now);
  if (wantsJson(event)) {
    return jsonResponse(200, {
      engineer: { id: day.engineer.id, name: day.engineer.name },
      date: day.date,
      today: day.today,
      projects: day.projects,
      report: day.report ?? null,
    });
  }
  const report = day.report;
  return htmlResponse(
    200,
    renderDailyReportForm({
      lang: requestedLanguage(event) ?? day.engineer.language,
      engineerName: day.engineer.name,
      date: day.date,
      today: day.today,
      timezone: day.timezone,
      projects: day.projects,
      values: {
        workDone: report?.workDone ?? '',
        problems: report?.problems ?? '',
        plan: report?.plan ?? '',
        visits: report?.followUps ?? [],
      },
      submittedAt: report?.submittedAt,
      problems: [],
    }),
  );
}

async function submitJson(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const { report, created, onTime } = await fileDailyReport(
    storage(),
    linkToken(event),
    jsonBody(event),
    new Date(),
  );
  return jsonResponse(created ? 201 : 200, { report, created, onTime });
}

async function submitForm(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const outcome = await fileDailyReportForm(storage(), linkToken(event), formBody(event), new Date());
  if (outcome.saved) {
    return htmlResponse(
      outcome.created ? 201 : 200,
      renderDailyReportSaved({
        lang: requestedLanguage(event) ?? outcome.engineer.language,
        date: outcome.report.date,
        submittedAt: outcome.report.submittedAt,
        timezone: outcome.timezone,
        onTime: outcome.onTime,
      }),
    );
  }
  // A bad submission: the same form again, with the messages and everything that was typed.
  const { day, date, input } = outcome;
  return htmlResponse(
    400,
    renderDailyReportForm({
      lang: requestedLanguage(event) ?? day.engineer.language,
      engineerName: day.engineer.name,
      date,
      today: day.today,
      timezone: day.timezone,
      projects: day.projects,
      values: {
        workDone: input.workDone,
        problems: input.problems,
        plan: input.plan,
        visits: input.followUps,
      },
      // Only a report of the very day shown is spoken of.
      submittedAt: day.date === date ? day.report?.submittedAt : undefined,
      problems: outcome.problems,
    }),
  );
}

async function submit(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  if (bodyKind(event) === 'json' || bearerToken(event)) return submitJson(event);
  return submitForm(event);
}

export const handler = httpHandler(
  [
    { method: 'GET', path: '/r/{token}', handler: showForm },
    { method: 'POST', path: '/r/{token}', handler: submit },
  ],
  { format: 'html' },
);
