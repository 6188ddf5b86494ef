// Use cases of an engineer's daily-report link: check the link against the engineer record (revocable by
// bumping the link version), show a day's form, and file a report through the storage use case.
import { DAILY_REPORT_LIMITS, type DailyReport, dailyReportInput } from '../domain/dailyReport.ts';
import type { Engineer } from '../domain/engineer.ts';
import { isoDate } from '../domain/valueSchemas.ts';
import { addDays, instantOfLocalTime, type Language, localDate } from '../domain/values.ts';
import { LinkInvalidError, ValidationError } from '../errors.ts';
import type { FormPage } from '../html/page.ts';
import { checkLink } from '../links/links.ts';
import { defaultDailyReportDeadline } from '../rubric/defaultParts.ts';
import { compareInstants, instantOf } from '../scoring/instant.ts';
import type { Storage } from '../storage/client.ts';
import { findDailyReport, submitDailyReport } from '../storage/dailyReports.ts';
import { findEngineer } from '../storage/engineers.ts';
import { organisationTimezone } from '../storage/organisation.ts';
import { listEngineerProjects } from '../storage/projects.ts';
import { type FieldProblem, fieldProblems } from '../validation.ts';
import { type DailyReportValues, renderDailyReportForm, renderDailyReportSaved } from './dailyReportView.ts';
import { asFormError, refuseFinalMonth } from './finalMonth.ts';

/**
 * The engineer a daily-report token stands for.
 * 1. Verify the signature, kind and expiry (403 / 410).
 * 2. Read the engineer; unknown or no longer active → 403.
 * 3. The token's version must be the engineer's current link version, else it was revoked → 403.
 */
export async function engineerOfLink(storage: Storage, token: string, now: Date): Promise<Engineer> {
  const claims = await checkLink(token, 'dailyReport', now);
  const engineer = await findEngineer(storage, claims.id);
  if (!engineer?.active) throw new LinkInvalidError('link names no active engineer');
  if (engineer.dailyReportLinkVersion !== claims.version) throw new LinkInvalidError('link was revoked');
  return engineer;
}

/** Whether a report submitted at `submittedAt` counts for `date` (the rubric's deadline, local time). */
export function submittedOnTime(date: string, submittedAt: string, timezone: string): boolean {
  const { daysAfter, time } = defaultDailyReportDeadline;
  const [hour, minute] = time.split(':').map(Number);
  const deadline = instantOfLocalTime(addDays(date, daysAfter), hour!, minute!, timezone);
  // Exactly as the score compares it (compareInstants), so the form never calls a report on time that counts late.
  return compareInstants(instantOf(submittedAt), deadline) <= 0;
}

interface DailyReportPage {
  engineer: Engineer;
  date: string;
  today: string;
  /** The organisation's zone, in which "today" is reckoned and times are shown. */
  timezone: string;
  projects: { id: string; name: string; customer: string }[];
  report: DailyReport | undefined;
}

/**
 * What the form shows for one day.
 * 1. Check the link (engineerOfLink).
 * 2. Today in the organisation's time zone; the requested day if it is a real date not after today.
 * 3. The day's month final → 410 naming it (in `lang`, else the engineer's language).
 * 4. The engineer's projects active on that day, and the day's report if one was filed.
 */
export async function openDailyReport(
  storage: Storage,
  token: string,
  requestedDate: string | undefined,
  now: Date,
  lang?: Language,
): Promise<DailyReportPage> {
  const engineer = await engineerOfLink(storage, token, now);
  const timezone = await organisationTimezone(storage);
  const today = localDate(now, timezone);
  let date = today;
  if (requestedDate !== undefined) {
    if (!isoDate.safeParse(requestedDate).success) {
      throw new ValidationError([{ path: 'date', message: 'expected a date YYYY-MM-DD' }]);
    }
    if (requestedDate > today) {
      throw new ValidationError([
        { path: 'date', message: `a report cannot be for a day after today (${today})` },
      ]);
    }
    date = requestedDate;
  }
  const [projects, report] = await Promise.all([
    listEngineerProjects(storage, engineer.id),
    findDailyReport(storage, engineer.id, date),
    refuseFinalMonth(storage, date.slice(0, 7), async () => lang ?? engineer.language),
  ]);
  const active = projects
    .filter((p) => p.start <= date && (!p.end || p.end >= date))
    .map((p) => ({ id: p.id, name: p.name, customer: p.customer }));
  return { engineer, date, today, timezone, projects: active, report };
}

/**
 * Files (or edits) a report through the link.
 * 1. Check the link. 2. Store it with the server's time (storage validates, refuses future days and other
 * engineers' projects; a day of a final month is 410, nothing stored). 3. Say whether the day counts: the FIRST
 * submission's time against the deadline.
 */
export async function fileDailyReport(
  storage: Storage,
  token: string,
  input: unknown,
  now: Date,
  lang?: Language,
): Promise<{ engineer: Engineer; report: DailyReport; created: boolean; onTime: boolean }> {
  const engineer = await engineerOfLink(storage, token, now);
  const timezone = await organisationTimezone(storage);
  const { report, created } = await submitDailyReport(storage, {
    engineerId: engineer.id,
    input,
    now,
    timezone,
    employment: engineer,
  }).catch(async (error) => {
    throw await asFormError(error, async () => lang ?? engineer.language);
  });
  return { engineer, report, created, onTime: submittedOnTime(report.date, report.submittedAt, timezone) };
}

/** A visit row's field: `visits[3].projectId`, `visits[3].note` (the index is the form's row number). */
const VISIT_FIELD = /^visits\[(\d{1,4})\]\.(projectId|note)$/;

/**
 * The form's fields as the daily-report input, in one pass over the fields: visit rows without a project or
 * note are skipped, a row with a note but no project is a problem (named by its row). Reading stops at the
 * first row beyond the report's visit limit, so a body of thousands of rows costs no more than 51 of them,
 * and what is kept (and shown again on a bad submission) is bounded by the report's own limits.
 */
function dailyReportFromForm(form: URLSearchParams): {
  input: DailyReportFormInput;
  problems: FieldProblem[];
} {
  const rows = new Map<number, { projectId?: string; note?: string }>();
  let tooMany = false;
  for (const [name, value] of form) {
    const field = VISIT_FIELD.exec(name);
    if (!field) continue;
    const index = Number(field[1]);
    let row = rows.get(index);
    if (!row) {
      if (rows.size === DAILY_REPORT_LIMITS.followUps) {
        tooMany = true;
        break;
      }
      row = {};
      rows.set(index, row);
    }
    // A repeated field keeps its first value, as URLSearchParams.get reads the other fields.
    if (field[2] === 'projectId') row.projectId ??= value.trim().slice(0, MAX_ID_LENGTH);
    else row.note ??= value.trim().slice(0, DAILY_REPORT_LIMITS.note + 1);
  }
  const followUps: { projectId: string; note: string }[] = [];
  const problems: FieldProblem[] = [];
  for (const [, fields] of [...rows].sort(([a], [b]) => a - b)) {
    const row = { projectId: fields.projectId ?? '', note: fields.note ?? '' };
    if (row.projectId === '' && row.note === '') continue;
    if (row.projectId === '') {
      problems.push({
        path: `followUps[${followUps.length}].projectId`,
        message: 'choose the project of this visit',
      });
    }
    followUps.push(row);
  }
  if (tooMany) {
    problems.push({
      path: 'followUps',
      message: `at most ${DAILY_REPORT_LIMITS.followUps} follow-up visits per report`,
    });
  }
  // One character over a limit is enough for the schema to refuse it; the rest is never echoed back.
  const text = (name: string) => (form.get(name) ?? '').slice(0, DAILY_REPORT_LIMITS.text + 1);
  return {
    input: {
      date: (form.get('date') ?? '').slice(0, 10 + 1),
      workDone: text('workDone'),
      problems: text('problems'),
      plan: text('plan'),
      followUps,
    },
    problems,
  };
}

/** The entity id's longest form (shared/domain/common.ts), plus one so a longer one still fails. */
const MAX_ID_LENGTH = 65;

interface DailyReportFormInput {
  date: string;
  workDone: string;
  problems: string;
  plan: string;
  followUps: { projectId: string; note: string }[];
}

/** The form of a day in `lang`, filled with `values`, speaking of a report filed at `submittedAt` if any. */
function dailyReportForm(
  day: DailyReportPage,
  token: string,
  lang: Language,
  shown: { date: string; values: DailyReportValues; submittedAt: string | undefined },
  problems: FieldProblem[],
): string {
  return renderDailyReportForm({
    lang,
    engineerName: day.engineer.name,
    token,
    date: shown.date,
    today: day.today,
    timezone: day.timezone,
    projects: day.projects,
    values: shown.values,
    submittedAt: shown.submittedAt,
    problems,
  });
}

/**
 * The form page of a day (openDailyReport), in the language asked for (`lang`) or else the engineer's own,
 * filled with the day's report if one was filed.
 */
export async function dailyReportFormPage(
  storage: Storage,
  token: string,
  requestedDate: string | undefined,
  lang: Language | undefined,
  now: Date,
): Promise<FormPage> {
  const day = await openDailyReport(storage, token, requestedDate, now, lang);
  const report = day.report;
  const values = {
    workDone: report?.workDone ?? '',
    problems: report?.problems ?? '',
    plan: report?.plan ?? '',
    visits: report?.followUps ?? [],
  };
  return {
    status: 200,
    html: dailyReportForm(
      day,
      token,
      lang ?? day.engineer.language,
      { date: day.date, values, submittedAt: report?.submittedAt },
      [],
    ),
  };
}

/**
 * A browser's form post, answered as a page.
 * 1. Read the fields (bounded, one pass). 2. File the report unless a row is already wrong; every problem of
 * the form is reported at once. 3. Saved: the confirmation (201 for a new report), saying whether it counts.
 * 4. On problems (400): the same form again with the messages and everything that was typed, for the posted
 * date's day, or today's when that date cannot be opened (in the future); the page only speaks of a report of
 * the very day it shows.
 */
export async function fileDailyReportForm(
  storage: Storage,
  token: string,
  form: URLSearchParams,
  lang: Language | undefined,
  now: Date,
): Promise<FormPage> {
  const { input, problems: rowProblems } = dailyReportFromForm(form);
  let problems: FieldProblem[];
  try {
    if (rowProblems.length > 0) {
      const parsed = dailyReportInput.safeParse(input);
      const rest = parsed.success ? [] : fieldProblems(parsed.error);
      throw new ValidationError([
        ...rowProblems,
        ...rest.filter((p) => !rowProblems.some((r) => r.path === p.path)),
      ]);
    }
    const { engineer, report, created, onTime } = await fileDailyReport(storage, token, input, now, lang);
    const timezone = await organisationTimezone(storage);
    return {
      status: created ? 201 : 200,
      html: renderDailyReportSaved({
        lang: lang ?? engineer.language,
        date: report.date,
        submittedAt: report.submittedAt,
        timezone,
        onTime,
      }),
    };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems = error.problems;
  }
  const posted = isoDate.safeParse(input.date).success ? input.date : undefined;
  let day: DailyReportPage;
  try {
    day = await openDailyReport(storage, token, posted, now, lang);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    day = await openDailyReport(storage, token, undefined, now, lang);
  }
  const date = posted ?? day.date;
  const values = {
    workDone: input.workDone,
    problems: input.problems,
    plan: input.plan,
    visits: input.followUps,
  };
  const submittedAt = day.date === date ? day.report?.submittedAt : undefined;
  return {
    status: 400,
    html: dailyReportForm(day, token, lang ?? day.engineer.language, { date, values, submittedAt }, problems),
  };
}
