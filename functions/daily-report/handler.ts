// Lambda: an engineer's daily-report form, GET/POST /r/{token}. Browsers get server-rendered pages; scripts send
// JSON with the token as `Authorization: Bearer <token>` and get JSON back.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dailyReportInput } from '#shared/domain/dailyReport.ts';
import { ValidationError } from '#shared/errors.ts';
import { dailyReportFromForm, fileDailyReport, openDailyReport } from '#shared/forms/dailyReport.ts';
import { renderDailyReportForm, renderDailyReportSaved } from '#shared/forms/dailyReportView.ts';
import { bodyKind, formBody, jsonBody, queryParam } from '#shared/http/body.ts';
import { bearerToken, linkToken, requestedLanguage, wantsJson } from '#shared/http/request.ts';
import { type HttpResponse, htmlResponse, jsonResponse } from '#shared/http/responses.ts';
import { httpHandler } from '#shared/http/stack.ts';
import { storage } from '#shared/http/storage.ts';
import { type FieldProblem, fieldProblems } from '#shared/validation.ts';

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
  const now = new Date();
  const token = linkToken(event);
  const form = formBody(event);
  const { input, problems: rowProblems } = dailyReportFromForm(form);
  let problems: FieldProblem[];
  try {
    if (rowProblems.length > 0) {
      // Report every problem of the form at once, the rows' own messages first.
      const parsed = dailyReportInput.safeParse(input);
      const rest = parsed.success ? [] : fieldProblems(parsed.error);
      throw new ValidationError([
        ...rowProblems,
        ...rest.filter((p) => !rowProblems.some((r) => r.path === p.path)),
      ]);
    }
    const saved = await fileDailyReport(storage(), token, input, now);
    const lang = requestedLanguage(event) ?? saved.engineer.language;
    return htmlResponse(
      saved.created ? 201 : 200,
      renderDailyReportSaved({
        lang,
        date: saved.report.date,
        submittedAt: saved.report.submittedAt,
        onTime: saved.onTime,
      }),
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems = error.problems;
  }
  // A bad submission: the same form again, with the messages and everything that was typed.
  const typedDate =
    typeof input.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input.date) ? input.date : undefined;
  let day: Awaited<ReturnType<typeof openDailyReport>>;
  try {
    day = await openDailyReport(storage(), token, typedDate, now);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    day = await openDailyReport(storage(), token, undefined, now);
  }
  return htmlResponse(
    400,
    renderDailyReportForm({
      lang: requestedLanguage(event) ?? day.engineer.language,
      engineerName: day.engineer.name,
      date: typedDate ?? day.date,
      today: day.today,
      projects: day.projects,
      values: {
        workDone: String(input.workDone ?? ''),
        problems: String(input.problems ?? ''),
        plan: String(input.plan ?? ''),
        visits: input.followUps as { projectId: string; note: string }[],
      },
      submittedAt: day.report?.submittedAt,
      problems,
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
