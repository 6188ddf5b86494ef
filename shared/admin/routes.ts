// The admin JSON API, decided once: each route's method and path, the use case it calls, the zod schema of its
// input, and the status of a success. The HTTP handler (functions/admin-api) and the `kpi` CLI both read this.
//
// How a request becomes the use case's input: ONE plain object built from the query string, then the JSON body,
// then the path parameters (later ones win), e.g. `PATCH /admin/engineers/e-1 {"region":"East"}` →
// `{ id: "e-1", region: "East" }`. The use case parses it with `input` (strict: unknown fields are a 400), and
// its result is the JSON response body.
import * as z from 'zod';
import { followUpVisitInput } from '../domain/dailyReport.ts';
import { engineerInput, engineerPatch } from '../domain/engineer.ts';
import {
  complaintDecision,
  complaintInput,
  examScoreInput,
  overrideInput,
  overrideKey,
  successStoryInput,
  supportRequestInput,
  supportRequestResolution,
  verdictInput,
} from '../domain/facts.ts';
import { organisationSettingsInput } from '../domain/organisation.ts';
import { projectInput } from '../domain/project.ts';
import { respondentInput } from '../domain/respondent.ts';
import type { AdminContext } from './context.ts';
import * as facts from './facts.ts';
import { importInput, importRows } from './import.ts';
import * as months from './months.ts';
import { openApiDocument } from './openapi.ts';
import * as organisation from './organisation.ts';
import * as people from './people.ts';
import * as projects from './projects.ts';

export type AdminMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface AdminRoute {
  method: AdminMethod;
  /** API Gateway style, parameters in braces. */
  path: string;
  /** One line for `--help` and the API listing. */
  summary: string;
  input: z.core.$ZodType;
  useCase: (ctx: AdminContext, input: unknown) => Promise<unknown>;
  /** Status of a success: 201 when something new was created. */
  status: 200 | 201;
}

const none = z.strictObject({});

function route(
  method: AdminMethod,
  path: string,
  summary: string,
  input: z.core.$ZodType,
  useCase: AdminRoute['useCase'],
  status: 200 | 201 = 200,
): AdminRoute {
  return { method, path, summary, input, useCase, status };
}

export const adminRoutes: readonly AdminRoute[] = [
  route('GET', '/admin/settings', 'read the organisation settings', none, organisation.getSettings),
  route(
    'PUT',
    '/admin/settings',
    'set the organisation settings',
    organisationSettingsInput,
    organisation.setSettings,
  ),

  route(
    'GET',
    '/admin/engineers',
    'list engineers (?active=true)',
    people.listEngineersInput,
    people.listEngineers,
  ),
  route('POST', '/admin/engineers', 'add an engineer', engineerInput, people.addEngineer, 201),
  route('GET', '/admin/engineers/{id}', 'read an engineer', people.byIdInput, people.getEngineer),
  route(
    'PATCH',
    '/admin/engineers/{id}',
    'change some fields of an engineer',
    engineerPatch,
    people.updateEngineer,
  ),
  route(
    'POST',
    '/admin/engineers/{id}/rotate-link',
    "revoke the engineer's daily-report links",
    people.byIdInput,
    people.rotateDailyReportLink,
  ),

  route('GET', '/admin/respondents', 'list respondents', none, people.listRespondents),
  route('POST', '/admin/respondents', 'add a respondent', respondentInput, people.addRespondent, 201),
  route('GET', '/admin/respondents/{id}', 'read a respondent', people.byIdInput, people.getRespondent),
  route('PUT', '/admin/respondents/{id}', 'replace a respondent', respondentInput, people.replaceRespondent),

  route(
    'GET',
    '/admin/projects',
    'list projects (?engineerId=)',
    projects.listProjectsInput,
    projects.listProjects,
  ),
  route('POST', '/admin/projects', 'add a project', projectInput, projects.addProject, 201),
  route('GET', '/admin/projects/{id}', 'read a project', people.byIdInput, projects.getProject),
  route(
    'PUT',
    '/admin/projects/{id}',
    'replace a project (end it, move it)',
    projectInput,
    projects.replaceProject,
  ),

  route(
    'GET',
    '/admin/support-requests',
    'support requests due in ?month=',
    facts.monthInput,
    facts.listSupportRequests,
  ),
  route(
    'POST',
    '/admin/support-requests',
    'record a support request',
    supportRequestInput,
    facts.addSupportRequest,
    201,
  ),
  route(
    'POST',
    '/admin/support-requests/{id}/resolve',
    'record how a support request ended',
    supportRequestResolution,
    facts.resolveSupportRequest,
  ),

  route('GET', '/admin/complaints', 'complaints of ?month=', facts.monthInput, facts.listComplaints),
  route('POST', '/admin/complaints', 'record a complaint (pending)', complaintInput, facts.addComplaint, 201),
  route(
    'POST',
    '/admin/complaints/{id}/confirm',
    'confirm a complaint',
    complaintDecision,
    facts.confirmComplaint,
  ),
  route(
    'POST',
    '/admin/complaints/{id}/dismiss',
    'dismiss a complaint',
    complaintDecision,
    facts.dismissComplaint,
  ),

  route('GET', '/admin/exam-scores', 'exam scores of ?month=', facts.monthInput, facts.listExamScores),
  route(
    'PUT',
    '/admin/exam-scores',
    "set an engineer's exam score of a month",
    examScoreInput,
    facts.setExamScore,
  ),

  route(
    'GET',
    '/admin/success-stories',
    'success stories of ?month=',
    facts.monthInput,
    facts.listSuccessStories,
  ),
  route(
    'POST',
    '/admin/success-stories',
    'record a success story',
    successStoryInput,
    facts.addSuccessStory,
    201,
  ),
  route(
    'DELETE',
    '/admin/success-stories/{id}',
    'remove a success story',
    facts.byIdInput,
    facts.removeSuccessStory,
  ),

  route('GET', '/admin/verdicts', 'daily-report verdicts of ?month=', facts.monthInput, facts.listVerdicts),
  route('PUT', '/admin/verdicts', "set the month's daily-report verdict", verdictInput, facts.setVerdict),

  route('GET', '/admin/overrides', 'overrides of ?month=', facts.monthInput, facts.listOverrides),
  route('PUT', '/admin/overrides', "override an indicator's points", overrideInput, facts.setOverride),
  route(
    'DELETE',
    '/admin/overrides/{engineerId}/{month}/{indicator}',
    'remove an override',
    overrideKey,
    facts.removeOverride,
  ),

  route(
    'GET',
    '/admin/follow-ups',
    'follow-up visits recorded directly in ?month=',
    facts.monthInput,
    facts.listFollowUpVisits,
  ),
  route(
    'POST',
    '/admin/follow-ups',
    'record a follow-up visit',
    followUpVisitInput,
    facts.addFollowUpVisit,
    201,
  ),

  route(
    'GET',
    '/admin/daily-reports',
    "an engineer's daily reports (?engineerId=&month=)",
    facts.engineerMonthInput,
    facts.listEngineerDailyReports,
  ),

  route(
    'GET',
    '/admin/invitations',
    'survey invitations of ?month=',
    months.listInvitationsInput,
    months.listInvitations,
  ),
  route(
    'GET',
    '/admin/invitations/{id}',
    'an invitation with its response and earlier revisions',
    months.invitationInputById,
    months.getInvitation,
  ),

  route(
    'GET',
    '/admin/months/{month}/status',
    'who has answered, reports missing so far',
    months.monthStatusInput,
    (ctx, input) => months.monthStatus(ctx, input),
  ),
  route(
    'GET',
    '/admin/months/{month}/engineers/{engineerId}/input',
    'the scoring input assembled from the table',
    months.engineerMonthInput,
    months.scoringInput,
  ),
  route(
    'GET',
    '/admin/months/{month}/engineers/{engineerId}/preview',
    'a score card preview (stores and sends nothing)',
    months.engineerMonthInput,
    months.scorePreview,
  ),

  route('POST', '/admin/import/{kind}', 'import rows (all or nothing)', importInput, importRows),

  route('GET', '/admin/openapi.json', 'this API as an OpenAPI 3.1 document', none, async () =>
    openApiDocument(adminRoutes),
  ),
];
