// The console's setup pages (console.md "What it shows" 6): what a browser's form fields mean to the admin use
// cases of the roster, the projects and the organisation's settings (shared/admin/people.ts, projects.ts,
// organisation.ts — the same ones `kpi engineers/respondents/projects/settings` call), and a refusal turned into
// the problems shown beside the fields. A form sends only strings: empty means "not given", lists are one value
// per line (or comma-separated), a checkbox is present or not, a number is parsed only when it is digits (anything
// else goes to the schema as written, so its own message names it).

import type { AdminContext } from '../admin/context.ts';
import { getSettings, setSettings } from '../admin/organisation.ts';
import { addEngineer, addRespondent, replaceRespondent, updateEngineer } from '../admin/people.ts';
import { addProject, replaceProject } from '../admin/projects.ts';
import { type OrganisationSettings, organisationSettingsSchema } from '../domain/organisation.ts';
import { ConflictError, MonthStateError, NotFoundError, ValidationError } from '../errors.ts';
import { type FieldProblem, parseWith } from '../validation.ts';

/** A submitted form's outcome: the use case's result, or what to show beside each field (and its status). */
export type Submitted<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 409; problems: FieldProblem[] };

/**
 * Runs a use case for a form. A ValidationError becomes its problems (400); an id already taken or changed
 * meanwhile (ConflictError) becomes a problem of the id (409). Anything else is the error page's.
 */
export async function submit<T>(run: () => Promise<T>): Promise<Submitted<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, status: 400, problems: error.problems };
    if (error instanceof ConflictError && !(error instanceof MonthStateError)) {
      return { ok: false, status: 409, problems: [{ path: 'id', message: error.message }] };
    }
    throw error;
  }
}

export { fieldOf, sentValues } from './forms.ts';

function text(form: URLSearchParams, name: string): string | undefined {
  const value = form.get(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function list(form: URLSearchParams, name: string): string[] {
  return (form.get(name) ?? '')
    .split(/[\s,，、;]+/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function number(form: URLSearchParams, name: string): number | string | undefined {
  const value = text(form, name);
  return value !== undefined && /^\d{1,6}$/.test(value) ? Number(value) : value;
}

/** Fields with no value are left out, so the schema's default (or its "required") applies. */
function defined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

function engineerFields(form: URLSearchParams) {
  return {
    id: text(form, 'id'),
    name: text(form, 'name'),
    email: text(form, 'email'),
    region: text(form, 'region'),
    language: text(form, 'language'),
    leave: list(form, 'leave'),
    // A checkbox sends nothing when unticked: the form always shows it, so absent means inactive.
    active: form.get('active') === 'on',
  };
}

export function addEngineerFromForm(ctx: AdminContext, form: URLSearchParams) {
  return submit(() =>
    addEngineer(
      ctx,
      defined({
        ...engineerFields(form),
        managerEmail: text(form, 'managerEmail'),
        startDate: text(form, 'startDate'),
        endDate: text(form, 'endDate'),
      }),
    ),
  );
}

/** An edit sends every field: an emptied manager or date clears it (null), as `kpi engineers update` can. */
export function updateEngineerFromForm(ctx: AdminContext, id: string, form: URLSearchParams) {
  return submit(() =>
    updateEngineer(
      ctx,
      defined({
        ...engineerFields(form),
        id,
        managerEmail: text(form, 'managerEmail') ?? null,
        startDate: text(form, 'startDate') ?? null,
        endDate: text(form, 'endDate') ?? null,
      }),
    ),
  );
}

function respondentFields(form: URLSearchParams, id: string | undefined) {
  return defined({
    id,
    kind: text(form, 'kind'),
    name: text(form, 'name'),
    email: text(form, 'email'),
    language: text(form, 'language'),
    region: text(form, 'region'),
    customer: text(form, 'customer'),
  });
}

export function addRespondentFromForm(ctx: AdminContext, form: URLSearchParams) {
  return submit(() => addRespondent(ctx, respondentFields(form, text(form, 'id'))));
}

export function replaceRespondentFromForm(ctx: AdminContext, id: string, form: URLSearchParams) {
  return submit(() => replaceRespondent(ctx, respondentFields(form, id)));
}

function projectFields(form: URLSearchParams, id: string | undefined) {
  return defined({
    id,
    name: text(form, 'name'),
    customer: text(form, 'customer'),
    engineerId: text(form, 'engineerId'),
    start: text(form, 'start'),
    end: text(form, 'end') ?? null,
  });
}

export function addProjectFromForm(ctx: AdminContext, form: URLSearchParams) {
  return submit(() => addProject(ctx, projectFields(form, text(form, 'id'))));
}

export function replaceProjectFromForm(ctx: AdminContext, id: string, form: URLSearchParams) {
  return submit(() => replaceProject(ctx, projectFields(form, id)));
}

const SLOTS = ['invitations', 'reminder', 'scoring', 'finalize'] as const;

/** The settings form's fields as the settings document (the whole of it, as `kpi settings set` sends it). */
export function setSettingsFromForm(ctx: AdminContext, form: URLSearchParams) {
  const slot = (prefix: string) => ({
    day: number(form, `${prefix}.day`),
    time: text(form, `${prefix}.time`),
  });
  return submit(() =>
    setSettings(
      ctx,
      defined({
        timezone: text(form, 'timezone'),
        holidays: list(form, 'holidays'),
        makeUpWorkdays: list(form, 'makeUpWorkdays'),
        schedule: Object.fromEntries(SLOTS.map((s) => [s, slot(`schedule.${s}`)])),
        surveyWindow: { closes: slot('surveyWindow.closes') },
        appealDays: number(form, 'appealDays'),
        departmentManager: defined({
          name: text(form, 'departmentManager.name'),
          email: text(form, 'departmentManager.email'),
        }),
        defaultLanguage: text(form, 'defaultLanguage'),
      }),
    ),
  );
}

/** The settings as stored, or none before the first setup (the form then starts from the defaults). */
export async function currentSettings(ctx: AdminContext): Promise<OrganisationSettings | undefined> {
  try {
    return await getSettings(ctx, {});
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * The settings' values as the form's fields, to fill it. Before the first setup the form starts from the schema's
 * own defaults (time zone, schedule, survey window, appeal days, language), with no department manager.
 */
export function settingsFormValues(stored: OrganisationSettings | undefined): Record<string, string> {
  const settings =
    stored ??
    parseWith(organisationSettingsSchema, { departmentManager: { name: '-', email: 'none@example.com' } });
  const values: Record<string, string> = {
    timezone: settings.timezone,
    holidays: settings.holidays.join('\n'),
    makeUpWorkdays: settings.makeUpWorkdays.join('\n'),
    'surveyWindow.closes.day': String(settings.surveyWindow.closes.day),
    'surveyWindow.closes.time': settings.surveyWindow.closes.time,
    appealDays: String(settings.appealDays),
    'departmentManager.name': stored?.departmentManager.name ?? '',
    'departmentManager.email': stored?.departmentManager.email ?? '',
    defaultLanguage: settings.defaultLanguage,
  };
  for (const s of SLOTS) {
    values[`schedule.${s}.day`] = String(settings.schedule[s].day);
    values[`schedule.${s}.time`] = settings.schedule[s].time;
  }
  return values;
}
