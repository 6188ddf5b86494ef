// The admin JSON API, decided once: each route's method and path, the use case it calls, the zod schema of its
// input, the status of a success, and the `kpi` command that calls it. The HTTP handler (functions/admin-api),
// the OpenAPI document and the `kpi` commands (cli/support/routeCommands.ts) are all made from this table.
//
// How a request becomes the use case's input: ONE plain object built from the query string, then the JSON body,
// then the path parameters (later ones win), e.g. `PATCH /admin/engineers/e-1 {"region":"East"}` →
// `{ id: "e-1", region: "East" }`. The use case parses it with `input` (strict: unknown fields are a 400), and
// its result is the JSON response body.

import { appealResolutionInput } from '../domain/appeal.ts';
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
import { DAILY_REPORT_VERDICTS, INDICATOR_KEYS } from '../rubric/indicators.ts';
import * as z from '../schema.ts';
import * as appeals from './appeals.ts';
import { auditInput, listAudit } from './audit.ts';
import type { AdminContext } from './context.ts';
import * as facts from './facts.ts';
import { importInput, importRows } from './import.ts';
import * as lifecycle from './lifecycle.ts';
import * as months from './months.ts';
import { openApiDocument } from './openapi.ts';
import * as organisation from './organisation.ts';
import * as people from './people.ts';
import * as projects from './projects.ts';
import { cardRevisions, cardRevisionsInput } from './revisions.ts';

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
  /** The `kpi` command that calls this route, or 'api-only' for a route no command needs. */
  cli: AdminCommand | 'api-only';
}

/**
 * How a route appears as a `kpi` command. Everything else comes from the route: the help line is its summary,
 * the options are its input's fields (descriptions from the zod schema), the path parameters its arguments.
 */
export interface AdminCommand {
  /** `kpi <group> <name>`; without a group the command stands alone (`kpi status <month>`). */
  group?: string;
  name: string;
  /** Input fields taken as positional arguments, in this order (default: the path parameters). */
  args?: readonly string[];
  /** The help line when the command says more than the route's summary. */
  description?: string;
  /** What an option's value is called in help (`--note <text>`) where the field's type does not tell. */
  values?: Readonly<Record<string, string>>;
  /** Input fields the command does not offer (the API still takes them). */
  hidden?: readonly string[];
  /** The whole input is read from a JSON file, the one argument; names it in messages. */
  file?: string;
  /** The command is written by hand in cli/commands/ (`kpi import` checks a CSV file and sends it in batches). */
  own?: true;
}

/** A `kpi <group> <name>` command. */
function kpi(group: string | undefined, name: string, more: Omit<AdminCommand, 'group' | 'name'> = {}) {
  return { ...(group ? { group } : {}), name, ...more };
}

const none = z.strictObject({});

function route(
  method: AdminMethod,
  path: string,
  summary: string,
  input: z.core.$ZodType,
  useCase: AdminRoute['useCase'],
  cli: AdminRoute['cli'],
  status: 200 | 201 = 200,
): AdminRoute {
  return { method, path, summary, input, useCase, status, cli };
}

const month = ['month'];
const engineerMonth = ['engineerId', 'month'];

export const adminRoutes: readonly AdminRoute[] = [
  route(
    'GET',
    '/admin/settings',
    'show the settings',
    none,
    organisation.getSettings,
    kpi('settings', 'show'),
  ),
  route(
    'PUT',
    '/admin/settings',
    'set the organisation settings (the whole document; omitted fields take defaults)',
    organisationSettingsInput,
    organisation.setSettings,
    kpi('settings', 'set', {
      file: 'settings file',
      description: 'set the settings from a JSON file (the whole document; omitted fields take defaults)',
    }),
  ),

  route(
    'GET',
    '/admin/engineers',
    'list engineers',
    people.listEngineersInput,
    people.listEngineers,
    kpi('engineers', 'list'),
  ),
  route(
    'GET',
    '/admin/engineers/{id}',
    'show one engineer',
    people.byIdInput,
    people.getEngineer,
    kpi('engineers', 'show'),
  ),
  route(
    'POST',
    '/admin/engineers',
    'add an engineer',
    engineerInput,
    people.addEngineer,
    kpi('engineers', 'add', { args: ['id'] }),
    201,
  ),
  route(
    'PATCH',
    '/admin/engineers/{id}',
    'change some fields of an engineer',
    engineerPatch,
    people.updateEngineer,
    kpi('engineers', 'update'),
  ),
  route(
    'POST',
    '/admin/engineers/{id}/rotate-link',
    "revoke the engineer's daily-report links (new links get a new version)",
    people.byIdInput,
    people.rotateDailyReportLink,
    kpi('engineers', 'rotate-link'),
  ),

  route(
    'GET',
    '/admin/respondents',
    'list respondents',
    none,
    people.listRespondents,
    kpi('respondents', 'list'),
  ),
  route(
    'GET',
    '/admin/respondents/{id}',
    'show one respondent',
    people.byIdInput,
    people.getRespondent,
    kpi('respondents', 'show'),
  ),
  route(
    'POST',
    '/admin/respondents',
    'add a respondent',
    respondentInput,
    people.addRespondent,
    kpi('respondents', 'add', { args: ['id'] }),
    201,
  ),
  route(
    'PUT',
    '/admin/respondents/{id}',
    'replace a respondent (all fields)',
    respondentInput,
    people.replaceRespondent,
    kpi('respondents', 'replace'),
  ),

  route(
    'GET',
    '/admin/projects',
    'list projects',
    projects.listProjectsInput,
    projects.listProjects,
    kpi('projects', 'list'),
  ),
  route(
    'GET',
    '/admin/projects/{id}',
    'show one project',
    people.byIdInput,
    projects.getProject,
    kpi('projects', 'show'),
  ),
  route(
    'POST',
    '/admin/projects',
    'add a project',
    projectInput,
    projects.addProject,
    kpi('projects', 'add', { args: ['id'] }),
    201,
  ),
  route(
    'PUT',
    '/admin/projects/{id}',
    'replace a project (set its end, hand it to another engineer)',
    projectInput,
    projects.replaceProject,
    kpi('projects', 'replace'),
  ),

  route(
    'GET',
    '/admin/support-requests',
    'support requests due in a month',
    facts.monthInput,
    facts.listSupportRequests,
    kpi('requests', 'list', { args: month }),
  ),
  route(
    'POST',
    '/admin/support-requests',
    'record a support request',
    supportRequestInput,
    facts.addSupportRequest,
    kpi('requests', 'add', { values: { summary: 'text' } }),
    201,
  ),
  route(
    'POST',
    '/admin/support-requests/{id}/resolve',
    'record how a request ended',
    supportRequestResolution,
    facts.resolveSupportRequest,
    kpi('requests', 'resolve'),
  ),

  route(
    'GET',
    '/admin/complaints',
    'complaints of a month',
    facts.monthInput,
    facts.listComplaints,
    kpi('complaints', 'list', { args: month }),
  ),
  route(
    'POST',
    '/admin/complaints',
    'record a complaint (pending until confirmed or dismissed)',
    complaintInput,
    facts.addComplaint,
    kpi('complaints', 'add', { hidden: ['id'] }),
    201,
  ),
  route(
    'POST',
    '/admin/complaints/{id}/confirm',
    'confirm a complaint',
    complaintDecision,
    facts.confirmComplaint,
    kpi('complaints', 'confirm'),
  ),
  route(
    'POST',
    '/admin/complaints/{id}/dismiss',
    'dismiss a complaint',
    complaintDecision,
    facts.dismissComplaint,
    kpi('complaints', 'dismiss'),
  ),

  route(
    'PUT',
    '/admin/exam-scores',
    "set an engineer's exam score of a month",
    examScoreInput,
    facts.setExamScore,
    kpi('exam', 'set', { args: [...engineerMonth, 'score'], hidden: ['by'] }),
  ),
  route(
    'GET',
    '/admin/exam-scores',
    'exam scores of a month',
    facts.monthInput,
    facts.listExamScores,
    kpi('exam', 'list', { args: month }),
  ),

  route(
    'POST',
    '/admin/success-stories',
    'record a success story',
    successStoryInput,
    facts.addSuccessStory,
    kpi('stories', 'add', { hidden: ['id'] }),
    201,
  ),
  route(
    'DELETE',
    '/admin/success-stories/{id}',
    'remove a success story recorded by mistake',
    facts.byIdInput,
    facts.removeSuccessStory,
    kpi('stories', 'remove'),
  ),
  route(
    'GET',
    '/admin/success-stories',
    'success stories of a month',
    facts.monthInput,
    facts.listSuccessStories,
    kpi('stories', 'list', { args: month }),
  ),

  route(
    'PUT',
    '/admin/verdicts',
    "set the month's daily-report verdict",
    verdictInput,
    facts.setVerdict,
    kpi('verdict', 'set', {
      args: [...engineerMonth, 'verdict'],
      hidden: ['by'],
      description: `set the verdict (${DAILY_REPORT_VERDICTS.join(' | ')})`,
    }),
  ),
  route(
    'GET',
    '/admin/verdicts',
    'daily-report verdicts of a month',
    facts.monthInput,
    facts.listVerdicts,
    kpi('verdict', 'list', { args: month, description: 'verdicts of a month' }),
  ),

  route(
    'PUT',
    '/admin/overrides',
    "override an indicator's points",
    overrideInput,
    facts.setOverride,
    kpi('override', 'set', {
      args: [...engineerMonth, 'indicator', 'points'],
      hidden: ['by'],
      values: { reason: 'text' },
      description: `override (indicator: ${INDICATOR_KEYS.join(' | ')})`,
    }),
  ),
  route(
    'DELETE',
    '/admin/overrides/{engineerId}/{month}/{indicator}',
    'remove an override',
    overrideKey,
    facts.removeOverride,
    kpi('override', 'remove'),
  ),
  route(
    'GET',
    '/admin/overrides',
    'overrides of a month',
    facts.monthInput,
    facts.listOverrides,
    kpi('override', 'list', { args: month }),
  ),

  route(
    'POST',
    '/admin/follow-ups',
    'record a follow-up visit',
    followUpVisitInput,
    facts.addFollowUpVisit,
    kpi('followups', 'add', { hidden: ['id'], values: { note: 'text' } }),
    201,
  ),
  route(
    'GET',
    '/admin/follow-ups',
    'follow-up visits recorded directly in a month',
    facts.monthInput,
    facts.listFollowUpVisits,
    kpi('followups', 'list', { args: month }),
  ),

  route(
    'GET',
    '/admin/daily-reports',
    "an engineer's daily reports of a month",
    facts.engineerMonthInput,
    facts.listEngineerDailyReports,
    kpi('reports', 'list', { args: engineerMonth }),
  ),

  route(
    'GET',
    '/admin/months/{month}/appeals',
    "a month's appeals (open, upheld, rejected)",
    appeals.appealsOfMonthInput,
    appeals.listAppeals,
    kpi('appeals', 'list', { args: month }),
  ),
  route(
    'GET',
    '/admin/appeals/{id}',
    'one appeal with its versions',
    appeals.appealByIdInput,
    appeals.showAppeal,
    kpi('appeals', 'show'),
  ),
  route(
    'POST',
    '/admin/appeals/{id}/resolve',
    'resolve an open appeal: upheld (optionally with the correcting override) or rejected, with a reason',
    appealResolutionInput,
    appeals.resolveAppeal,
    kpi('appeals', 'resolve', {
      values: { reason: 'text' },
      description:
        'resolve an open appeal: --upheld or --rejected with --reason; upheld may correct with --indicator and --points (an override naming the appeal); then `kpi run-month` sends the revised report',
    }),
  ),

  route(
    'GET',
    '/admin/invitations',
    'survey invitations of a month',
    months.listInvitationsInput,
    months.listInvitations,
    kpi('invitations', 'list', { args: month }),
  ),
  route(
    'GET',
    '/admin/invitations/{id}',
    'an invitation with its latest response and earlier revisions',
    months.invitationInputById,
    months.getInvitation,
    kpi('invitations', 'show'),
  ),

  route(
    'GET',
    '/admin/months/{month}/status',
    "a month's status: who has answered the survey, which daily reports are missing so far",
    months.monthStatusInput,
    (ctx, input) => months.monthStatus(ctx, input),
    kpi(undefined, 'status'),
  ),
  route(
    'GET',
    '/admin/months/{month}/engineers/{engineerId}/input',
    'the scoring input assembled from the stored facts',
    months.engineerMonthInput,
    months.scoringInput,
    kpi('month', 'input', {
      args: engineerMonth,
      description: 'the scoring input assembled from the stored facts (JSON, as `kpi score --input` reads)',
    }),
  ),
  route(
    'GET',
    '/admin/months/{month}/engineers/{engineerId}/preview',
    'a score card preview from the facts stored so far (stores and sends nothing)',
    months.engineerMonthInput,
    months.scorePreview,
    kpi('month', 'preview', {
      args: engineerMonth,
      description:
        'a score card preview from the facts stored so far, as `kpi score --format table` prints it (stores and sends nothing)',
    }),
  ),

  route(
    'GET',
    '/admin/months/{month}/engineers/{engineerId}/revisions',
    "every stored revision of an engineer-month's card, with what changed since the one before and why",
    cardRevisionsInput,
    cardRevisions,
    kpi('month', 'revisions', { args: engineerMonth }),
  ),

  route(
    'GET',
    '/admin/months/{month}/audit',
    'the record of changes of a month (or of one engineer-month): who changed what, when, before and after',
    auditInput,
    listAudit,
    kpi(undefined, 'audit'),
  ),
  route(
    'GET',
    '/admin/months/{month}',
    "a month's state and dates: evidence closes, first run, appeal deadline, finalisation, open appeals",
    lifecycle.monthInput,
    lifecycle.getMonthLifecycle,
    kpi('month', 'status', {
      description:
        "the month's state (collecting, closed, provisional, final) and its dates, local time with the zone",
    }),
  ),
  route(
    'POST',
    '/admin/months/{month}/finalize',
    'finalise the month: final, then the final run (revised reports of changed cards, one final summary)',
    lifecycle.monthInput,
    lifecycle.finalize,
    kpi('month', 'finalize'),
  ),
  route(
    'POST',
    '/admin/months/{month}/reopen',
    'reopen a final month (provisional again; the next run sends revised reports)',
    lifecycle.reopenInput,
    lifecycle.reopen,
    kpi('month', 'reopen', { values: { reason: 'text' } }),
  ),
  route(
    'POST',
    '/admin/months/{month}/run',
    "run the month's scoring: store the cards, email the reports and the summary (as `kpi run-month`)",
    lifecycle.monthInput,
    lifecycle.runScoring,
    kpi('month', 'run', {
      description:
        "run the month's scoring through the admin API (locally in the server; on AWS queued for the workers)",
    }),
  ),

  route(
    'POST',
    '/admin/import/{kind}',
    'import rows (all or nothing)',
    importInput,
    importRows,
    kpi(undefined, 'import', { own: true }),
  ),

  route(
    'GET',
    '/admin/openapi.json',
    'this API as an OpenAPI 3.1 document',
    none,
    async () => openApiDocument(adminRoutes),
    'api-only',
  ),
];
