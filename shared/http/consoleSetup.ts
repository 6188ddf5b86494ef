// The console's setup pages (engineers, respondents, projects, the organisation's settings, CSV import by upload)
// and its Surveys page, over HTTP. Each route: session (page/action: sign-in redirect, CSRF), role (setup and
// every change: admin only, 403 for a viewer), then one call into the same use cases as the admin API with the
// signed-in user as actor, then the page. A refused form is the same page again (400/409) with each problem
// beside its field; a saved one redirects to its page (303), so reloading never posts twice.
// console.ts spreads these routes into consoleRoutes; page()/action() come from consolePage.ts.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AdminContext } from '../admin/context.ts';
import {
  getEngineer,
  getRespondent,
  listEngineers,
  listRespondents,
  rotateDailyReportLink,
} from '../admin/people.ts';
import { getProject, listProjects } from '../admin/projects.ts';
import { checkImportFile, csvText, importCheckedRows, importKind } from '../console/importUpload.ts';
import { assertAdmin } from '../console/roles.ts';
import type { Session } from '../console/session.ts';
import {
  addEngineerFromForm,
  addProjectFromForm,
  addRespondentFromForm,
  currentSettings,
  replaceProjectFromForm,
  replaceRespondentFromForm,
  sentValues,
  setSettingsFromForm,
  settingsFormValues,
  updateEngineerFromForm,
} from '../console/setup.ts';
import {
  engineerPage,
  engineersPage,
  importPage,
  projectPage,
  projectsPage,
  respondentPage,
  respondentsPage,
  settingsPage,
  setupIndexPage,
} from '../console/setupViews.ts';
import { surveysOfMonth } from '../console/surveys.ts';
import { surveysPage } from '../console/surveysViews.ts';
import { consoleHref } from '../console/views.ts';
import { invitationId } from '../domain/survey.ts';
import { ValidationError } from '../errors.ts';
import { mailConfigFromEnvironment } from '../mail/config.ts';
import { pipelineContext } from '../pipeline/context.ts';
import { resendInvitation } from '../pipeline/invitations.ts';
import * as z from '../schema.ts';
import { storage } from '../storage/fromConfig.ts';
import { parseWith } from '../validation.ts';
import { queryParam } from './body.ts';
import { action, adminContext, consoleLanguage, page, redirect } from './consolePage.ts';
import { htmlResponse } from './responses.ts';
import type { Route } from './router.ts';

/** The path's id as the router gives it (decoded once, as for the admin API); the use case parses it. */
function idOf(event: APIGatewayProxyEventV2): string {
  return event.pathParameters?.id ?? '';
}

const saved = (event: APIGatewayProxyEventV2) => queryParam(event, 'saved') === '1';

function savedAt(path: string, event: APIGatewayProxyEventV2, extra: Record<string, string> = {}) {
  return redirect(consoleHref(path, consoleLanguage(event), { saved: '1', ...extra }));
}

const engineerPath = (id: string) => `/console/setup/engineers/${encodeURIComponent(id)}`;
const respondentPath = (id: string) => `/console/setup/respondents/${encodeURIComponent(id)}`;
const projectPath = (id: string) => `/console/setup/projects/${encodeURIComponent(id)}`;

/** An admin's page: a viewer is refused (403) before anything is read. */
function adminPage(
  render: (event: APIGatewayProxyEventV2, session: Session, ctx: AdminContext) => Promise<string>,
): Route['handler'] {
  return page(async (event, session, now) => {
    assertAdmin(session);
    return htmlResponse(200, await render(event, session, adminContext(session, now)));
  });
}

const setupIndex = adminPage(async (event, session) => setupIndexPage(session, consoleLanguage(event)));

// ---- engineers

const engineersList = adminPage(async (event, session, ctx) =>
  engineersPage({
    session,
    lang: consoleLanguage(event),
    engineers: await listEngineers(ctx, {}),
    saved: saved(event),
  }),
);

const engineersAdd = action(async (event, session, form, now) => {
  assertAdmin(session);
  const ctx = adminContext(session, now);
  const outcome = await addEngineerFromForm(ctx, form);
  if (outcome.ok) return savedAt('/console/setup/engineers', event);
  return htmlResponse(
    outcome.status,
    engineersPage({
      session,
      lang: consoleLanguage(event),
      engineers: await listEngineers(ctx, {}),
      values: sentValues(form),
      problems: outcome.problems,
    }),
  );
});

const engineerShow = adminPage(async (event, session, ctx) =>
  engineerPage({
    session,
    lang: consoleLanguage(event),
    engineer: await getEngineer(ctx, { id: idOf(event) }),
    ...(saved(event) ? { notice: 'saved' } : {}),
    ...(queryParam(event, 'rotated') === '1' ? { notice: 'rotated' } : {}),
  }),
);

const engineerUpdate = action(async (event, session, form, now) => {
  assertAdmin(session);
  const ctx = adminContext(session, now);
  const id = idOf(event);
  const outcome = await updateEngineerFromForm(ctx, id, form);
  if (outcome.ok) return savedAt(engineerPath(id), event);
  return htmlResponse(
    outcome.status,
    engineerPage({
      session,
      lang: consoleLanguage(event),
      engineer: await getEngineer(ctx, { id }),
      values: { ...sentValues(form), id },
      problems: outcome.problems,
    }),
  );
});

const engineerRotate = action(async (event, session, _form, now) => {
  assertAdmin(session);
  const engineer = await rotateDailyReportLink(adminContext(session, now), { id: idOf(event) });
  return redirect(consoleHref(engineerPath(engineer.id), consoleLanguage(event), { rotated: '1' }));
});

// ---- respondents

const respondentsList = adminPage(async (event, session, ctx) =>
  respondentsPage({
    session,
    lang: consoleLanguage(event),
    respondents: await listRespondents(ctx, {}),
    saved: saved(event),
  }),
);

const respondentsAdd = action(async (event, session, form, now) => {
  assertAdmin(session);
  const ctx = adminContext(session, now);
  const outcome = await addRespondentFromForm(ctx, form);
  if (outcome.ok) return savedAt('/console/setup/respondents', event);
  return htmlResponse(
    outcome.status,
    respondentsPage({
      session,
      lang: consoleLanguage(event),
      respondents: await listRespondents(ctx, {}),
      values: sentValues(form),
      problems: outcome.problems,
    }),
  );
});

const respondentShow = adminPage(async (event, session, ctx) =>
  respondentPage({
    session,
    lang: consoleLanguage(event),
    respondent: await getRespondent(ctx, { id: idOf(event) }),
    saved: saved(event),
  }),
);

const respondentUpdate = action(async (event, session, form, now) => {
  assertAdmin(session);
  const ctx = adminContext(session, now);
  const id = idOf(event);
  const outcome = await replaceRespondentFromForm(ctx, id, form);
  if (outcome.ok) return savedAt(respondentPath(id), event);
  return htmlResponse(
    outcome.status,
    respondentPage({
      session,
      lang: consoleLanguage(event),
      respondent: await getRespondent(ctx, { id }),
      values: { ...sentValues(form), id },
      problems: outcome.problems,
    }),
  );
});

// ---- projects

const projectsList = adminPage(async (event, session, ctx) => {
  const [projects, engineers] = await Promise.all([listProjects(ctx, {}), listEngineers(ctx, {})]);
  return projectsPage({ session, lang: consoleLanguage(event), projects, engineers, saved: saved(event) });
});

const projectsAdd = action(async (event, session, form, now) => {
  assertAdmin(session);
  const ctx = adminContext(session, now);
  const outcome = await addProjectFromForm(ctx, form);
  if (outcome.ok) return savedAt('/console/setup/projects', event);
  const [projects, engineers] = await Promise.all([listProjects(ctx, {}), listEngineers(ctx, {})]);
  return htmlResponse(
    outcome.status,
    projectsPage({
      session,
      lang: consoleLanguage(event),
      projects,
      engineers,
      values: sentValues(form),
      problems: outcome.problems,
    }),
  );
});

const projectShow = adminPage(async (event, session, ctx) => {
  const [project, engineers] = await Promise.all([
    getProject(ctx, { id: idOf(event) }),
    listEngineers(ctx, {}),
  ]);
  return projectPage({ session, lang: consoleLanguage(event), project, engineers, saved: saved(event) });
});

const projectUpdate = action(async (event, session, form, now) => {
  assertAdmin(session);
  const ctx = adminContext(session, now);
  const id = idOf(event);
  const outcome = await replaceProjectFromForm(ctx, id, form);
  if (outcome.ok) return savedAt(projectPath(id), event);
  const [project, engineers] = await Promise.all([getProject(ctx, { id }), listEngineers(ctx, {})]);
  return htmlResponse(
    outcome.status,
    projectPage({
      session,
      lang: consoleLanguage(event),
      project,
      engineers,
      values: { ...sentValues(form), id },
      problems: outcome.problems,
    }),
  );
});

// ---- settings

const settingsShow = adminPage(async (event, session, ctx) =>
  settingsPage({
    session,
    lang: consoleLanguage(event),
    values: settingsFormValues(await currentSettings(ctx)),
    saved: saved(event),
  }),
);

const settingsSave = action(async (event, session, form, now) => {
  assertAdmin(session);
  const outcome = await setSettingsFromForm(adminContext(session, now), form);
  if (outcome.ok) return savedAt('/console/setup/settings', event);
  return htmlResponse(
    outcome.status,
    settingsPage({
      session,
      lang: consoleLanguage(event),
      values: sentValues(form),
      problems: outcome.problems,
    }),
  );
});

// ---- import

const importShow = adminPage(async (event, session) => {
  const imported = ['rows', 'created', 'updated'].map((n) => Number(queryParam(event, n)));
  return importPage({
    session,
    lang: consoleLanguage(event),
    ...(queryParam(event, 'kind') ? { kind: importKind(queryParam(event, 'kind')) } : {}),
    ...(imported.every((n) => Number.isInteger(n) && n >= 0)
      ? { imported: { rows: imported[0]!, created: imported[1]!, updated: imported[2]! } }
      : {}),
  });
});

const importCheck = action(async (event, session, form, now, files) => {
  assertAdmin(session);
  const kind = importKind(form.get('kind') ?? undefined);
  const file = files.get('file');
  if (!file || file.size === 0) {
    throw new ValidationError([{ path: 'file', message: 'choose a CSV file to upload' }]);
  }
  const text = csvText(new Uint8Array(await file.arrayBuffer()));
  const check = await checkImportFile(adminContext(session, now), session, kind, text, now);
  return htmlResponse(check.ok ? 200 : 400, importPage({ session, lang: consoleLanguage(event), check }));
});

const importConfirm = action(async (event, session, form, now) => {
  assertAdmin(session);
  const outcome = await importCheckedRows(
    adminContext(session, now),
    session,
    form.get('checked') ?? undefined,
    now,
  );
  if (!outcome.ok) {
    return htmlResponse(
      400,
      importPage({ session, lang: consoleLanguage(event), check: { ...outcome, ok: false } }),
    );
  }
  const { kind, rows, created, updated } = outcome.result;
  return redirect(
    consoleHref('/console/setup/import', consoleLanguage(event), {
      kind,
      rows: String(rows),
      created: String(created),
      updated: String(updated),
    }),
  );
});

// ---- surveys

const surveys = page(async (event, session, now) =>
  htmlResponse(
    200,
    surveysPage(
      await surveysOfMonth(adminContext(session, now), session, queryParam(event, 'month') || undefined),
      session,
      consoleLanguage(event),
    ),
  ),
);

const resendInput = z.strictObject({
  invitationId,
  requestId: z.uuid({ error: 'expected the resend request id the page gave (reload the page)' }),
  month: z.optional(z.string()),
});

const resend = action(async (event, session, form, now) => {
  assertAdmin(session);
  const { csrf: _csrf, ...fields } = Object.fromEntries(form);
  const input = parseWith(resendInput, fields);
  // The outbox's own sending path, as the scheduled runs use it; the link is rendered into the email only.
  const ctx = pipelineContext({ storage: storage(), mail: mailConfigFromEnvironment(), now: () => now });
  const report = await resendInvitation(ctx, { ...input, actor: session.actor });
  const view = await surveysOfMonth(adminContext(session, now), session, input.month || undefined);
  return htmlResponse(
    200,
    surveysPage(view, session, consoleLanguage(event), { state: report.state, email: report.email }),
  );
});

export const consoleSetupRoutes: Route[] = [
  { method: 'GET', path: '/console/setup', handler: setupIndex },
  { method: 'GET', path: '/console/setup/engineers', handler: engineersList },
  { method: 'POST', path: '/console/setup/engineers', handler: engineersAdd },
  { method: 'GET', path: '/console/setup/engineers/{id}', handler: engineerShow },
  { method: 'POST', path: '/console/setup/engineers/{id}', handler: engineerUpdate },
  { method: 'POST', path: '/console/setup/engineers/{id}/rotate-link', handler: engineerRotate },
  { method: 'GET', path: '/console/setup/respondents', handler: respondentsList },
  { method: 'POST', path: '/console/setup/respondents', handler: respondentsAdd },
  { method: 'GET', path: '/console/setup/respondents/{id}', handler: respondentShow },
  { method: 'POST', path: '/console/setup/respondents/{id}', handler: respondentUpdate },
  { method: 'GET', path: '/console/setup/projects', handler: projectsList },
  { method: 'POST', path: '/console/setup/projects', handler: projectsAdd },
  { method: 'GET', path: '/console/setup/projects/{id}', handler: projectShow },
  { method: 'POST', path: '/console/setup/projects/{id}', handler: projectUpdate },
  { method: 'GET', path: '/console/setup/settings', handler: settingsShow },
  { method: 'POST', path: '/console/setup/settings', handler: settingsSave },
  { method: 'GET', path: '/console/setup/import', handler: importShow },
  { method: 'POST', path: '/console/setup/import', handler: importCheck },
  { method: 'POST', path: '/console/setup/import/confirm', handler: importConfirm },
  { method: 'GET', path: '/console/surveys', handler: surveys },
  { method: 'POST', path: '/console/surveys/resend', handler: resend },
];
