// Use cases of an engineer's daily-report link: check the link against the engineer record (revocable by
// bumping the link version), show a day's form, and file a report through the storage use case.
import type { DailyReport } from '../domain/dailyReport.ts';
import type { Engineer } from '../domain/engineer.ts';
import { LinkInvalidError, ValidationError } from '../errors.ts';
import { checkLink } from '../links/links.ts';
import { defaultRubric } from '../rubric/default.ts';
import { isoDate } from '../scoring/input.ts';
import { compareInstants, instantOf } from '../scoring/instant.ts';
import type { Storage } from '../storage/client.ts';
import { findDailyReport, submitDailyReport } from '../storage/dailyReports.ts';
import { findEngineer } from '../storage/engineers.ts';
import { listEngineerProjects } from '../storage/projects.ts';
import type { FieldProblem } from '../validation.ts';
import { addDays, instantOfLocalTime, localDate as localDateIn } from '../zonedTime.ts';
import { organisationTimezone } from './timezone.ts';

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

export function localDate(now: Date, timezone: string): string {
  return localDateIn(now, timezone);
}

/** Whether a report submitted at `submittedAt` counts for `date` (the rubric's deadline, local time). */
export function submittedOnTime(date: string, submittedAt: string, timezone: string): boolean {
  const { daysAfter, time } = defaultRubric.dailyReportDeadline;
  const [hour, minute] = time.split(':').map(Number);
  const deadline = instantOfLocalTime(addDays(date, daysAfter), hour!, minute!, timezone);
  // Exactly as the score compares it (compareInstants), so the form never calls a report on time that counts late.
  return compareInstants(instantOf(submittedAt), deadline) <= 0;
}

export interface DailyReportPage {
  engineer: Engineer;
  date: string;
  today: string;
  projects: { id: string; name: string; customer: string }[];
  report: DailyReport | undefined;
}

/**
 * What the form shows for one day.
 * 1. Check the link (engineerOfLink).
 * 2. Today in the organisation's time zone; the requested day if it is a real date not after today.
 * 3. The engineer's projects active on that day, and the day's report if one was filed.
 */
export async function openDailyReport(
  storage: Storage,
  token: string,
  requestedDate: string | undefined,
  now: Date,
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
  ]);
  const active = projects
    .filter((p) => p.start <= date && (!p.end || p.end >= date))
    .map((p) => ({ id: p.id, name: p.name, customer: p.customer }));
  return { engineer, date, today, projects: active, report };
}

/**
 * Files (or edits) a report through the link.
 * 1. Check the link. 2. Store it with the server's time (storage validates, refuses future days and other
 * engineers' projects). 3. Say whether the day counts: the FIRST submission's time against the deadline.
 */
export async function fileDailyReport(
  storage: Storage,
  token: string,
  input: unknown,
  now: Date,
): Promise<{ engineer: Engineer; report: DailyReport; created: boolean; onTime: boolean }> {
  const engineer = await engineerOfLink(storage, token, now);
  const timezone = await organisationTimezone(storage);
  const { report, created } = await submitDailyReport(storage, {
    engineerId: engineer.id,
    input,
    now,
    timezone,
  });
  return { engineer, report, created, onTime: submittedOnTime(report.date, report.submittedAt, timezone) };
}

/**
 * The form's fields as the daily-report input: visit rows without a project are skipped, a row with a note
 * but no project is a problem (named by its row).
 */
export function dailyReportFromForm(form: URLSearchParams): {
  input: Record<string, unknown>;
  problems: FieldProblem[];
} {
  const followUps: { projectId: string; note: string }[] = [];
  const problems: FieldProblem[] = [];
  for (let i = 0; form.has(`visits[${i}].projectId`) || form.has(`visits[${i}].note`); i++) {
    const projectId = (form.get(`visits[${i}].projectId`) ?? '').trim();
    const note = (form.get(`visits[${i}].note`) ?? '').trim();
    if (projectId === '' && note === '') continue;
    if (projectId === '') {
      problems.push({
        path: `followUps[${followUps.length}].projectId`,
        message: 'choose the project of this visit',
      });
    }
    followUps.push({ projectId, note });
  }
  return {
    input: {
      date: form.get('date') ?? '',
      workDone: form.get('workDone') ?? '',
      problems: form.get('problems') ?? '',
      plan: form.get('plan') ?? '',
      followUps,
    },
    problems,
  };
}
