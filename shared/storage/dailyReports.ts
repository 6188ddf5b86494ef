// Repository and use case: engineers' daily reports (one current item per day, every revision kept) and
// follow-up visits a manager records directly.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type DailyReport,
  dailyReportInput,
  dailyReportSchema,
  type FollowUpVisit,
  followUpVisitSchema,
} from '../domain/dailyReport.ts';
import { type Employment, employedOn } from '../domain/monthTimeline.ts';
import { localDate } from '../domain/values.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import * as z from '../schema.ts';
import { parseWith } from '../validation.ts';
import { auditRecord, type Change } from './audit.ts';
import {
  fromItem,
  getItem,
  isConditionFailure,
  isoNow,
  listMonth,
  listPrefix,
  queryAll,
  type Storage,
} from './client.ts';
import { ENTITY, keys } from './keys.ts';
import { failedConditions, monthFinalError, monthGuard, writeMonthChange } from './months.ts';
import { listEngineerProjects } from './projects.ts';

export function findDailyReport(
  storage: Storage,
  engineerId: string,
  date: string,
): Promise<DailyReport | undefined> {
  return getItem(storage, keys.dailyReport(engineerId, date), dailyReportSchema);
}

/** Every kept revision of one day's report, oldest first. */
export function listDailyReportRevisions(
  storage: Storage,
  engineerId: string,
  date: string,
): Promise<DailyReport[]> {
  return listPrefix(
    storage,
    keys.engineerPartition(engineerId),
    keys.dailyReportRevisionPrefix(date),
    dailyReportSchema,
  );
}

/** The reports of an engineer for the dates from..to (inclusive), one Query. */
export async function listDailyReports(
  storage: Storage,
  engineerId: string,
  from: string,
  to: string,
): Promise<DailyReport[]> {
  const items = await queryAll(storage, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    FilterExpression: '#type = :type',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: {
      ':pk': keys.engineerPartition(engineerId),
      ':from': keys.datedPrefix(from),
      ':to': keys.datedUpperBound(to),
      ':type': ENTITY.dailyReport,
    },
  });
  return items.map((i) => fromItem(dailyReportSchema, i));
}

interface SubmitDailyReport {
  engineerId: string;
  /** The form fields or JSON body, unparsed. */
  input: unknown;
  /** The server's clock: the submission time recorded. */
  now: Date;
  /** The organisation's time zone, to refuse reports for days that have not started yet. */
  timezone: string;
  /** The engineer's employment dates: a day outside them has no report. */
  employment: Employment;
}

/**
 * An engineer files (or edits) the report of one day.
 * 1. Parse the input with the daily-report schema (ValidationError with field paths).
 * 2. Refuse a date after today in the organisation's time zone, or outside the engineer's employment.
 * 3. Check each follow-up names one of the engineer's projects.
 * 4. Write the report and a revision record in one transaction, conditioned on the revision read, so
 *    concurrent edits never overwrite each other (a lost race re-reads and writes the next revision), and on
 *    the date's month not being final (MonthFinalError, nothing written).
 *    The first submission's time is kept: the day stays counted if that was on time.
 */
export async function submitDailyReport(
  storage: Storage,
  command: SubmitDailyReport,
): Promise<{ report: DailyReport; created: boolean }> {
  const input = parseWith(dailyReportInput, command.input);

  const today = localDate(command.now, command.timezone);
  if (input.date > today) {
    throw new ValidationError([
      { path: 'date', message: `a report cannot be for a day after today (${today})` },
    ]);
  }
  if (!employedOn(command.employment, input.date)) {
    const { startDate, endDate } = command.employment;
    throw new ValidationError([
      {
        path: 'date',
        message:
          startDate && input.date < startDate
            ? `a report cannot be for a day before your start date (${startDate})`
            : `a report cannot be for a day after your end date (${endDate})`,
      },
    ]);
  }

  if (input.followUps.length > 0) {
    const projects = new Set((await listEngineerProjects(storage, command.engineerId)).map((p) => p.id));
    const problems = input.followUps.flatMap((f, i) =>
      projects.has(f.projectId)
        ? []
        : [{ path: `followUps[${i}].projectId`, message: `${f.projectId} is not one of your projects` }],
    );
    if (problems.length > 0) throw new ValidationError(problems);
  }

  const at = isoNow(command.now);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await findDailyReport(storage, command.engineerId, input.date);
    const report: DailyReport = {
      engineerId: command.engineerId,
      ...input,
      submittedAt: current?.submittedAt ?? at,
      lastEditedAt: at,
      revision: (current?.revision ?? 0) + 1,
    };
    try {
      await storage.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            // The engineer's own write, not a manager's change: guarded (a final month takes no report) but
            // not in the record of changes.
            monthGuard(storage, input.date.slice(0, 7)),
            {
              Put: {
                TableName: storage.tableName,
                Item: {
                  ...keys.dailyReport(command.engineerId, input.date),
                  type: ENTITY.dailyReport,
                  ...report,
                },
                ConditionExpression: current ? 'revision = :seen' : 'attribute_not_exists(pk)',
                ...(current ? { ExpressionAttributeValues: { ':seen': current.revision } } : {}),
              },
            },
            {
              Put: {
                TableName: storage.tableName,
                Item: {
                  ...keys.dailyReportRevision(command.engineerId, input.date, report.revision),
                  type: ENTITY.dailyReportRevision,
                  ...report,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            reportDayUpdate(storage, command.engineerId, input.date, report.submittedAt),
          ],
        }),
      );
      return { report, created: !current };
    } catch (error) {
      if (failedConditions(error).includes(0)) throw await monthFinalError(storage, input.date.slice(0, 7));
      if (!isConditionFailure(error)) throw error;
      // Another edit of the same day won the race: read it and write ours as the next revision.
    }
  }
  throw new ConflictError(`the report of ${input.date} is being edited concurrently; try again`);
}

/**
 * The day's entry in the engineer's days filed of its month: its first submission time, set once (an edit keeps
 * it, as the report does), so the overview counts a month's reports so far from one small item per engineer.
 */
function reportDayUpdate(storage: Storage, engineerId: string, date: string, firstSubmittedAt: string) {
  const month = date.slice(0, 7);
  return {
    Update: {
      TableName: storage.tableName,
      Key: keys.reportDays(engineerId, month),
      UpdateExpression:
        'SET #type = :type, #engineer = :engineer, #month = :month, gsi2pk = :list, gsi2sk = :engineer, #day = if_not_exists(#day, :at)',
      ExpressionAttributeNames: {
        '#type': 'type',
        '#engineer': 'engineerId',
        '#month': 'month',
        '#day': date,
      },
      ExpressionAttributeValues: {
        ':type': ENTITY.reportDays,
        ':engineer': engineerId,
        ':month': month,
        ':list': keys.monthList('REPORTDAYS', month),
        ':at': firstSubmittedAt,
      },
    },
  };
}

const reportDaysSchema = z.looseObject({ engineerId: z.string(), month: z.string() });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The days each engineer filed a report for in `month`, each with its first submission time (epoch ms): the
 * month's list of report days (gsi2 `REPORTDAYS#<month>`, one item per engineer, paged). An engineer absent from
 * it filed nothing since the list was kept (reports filed before it are not in it).
 */
export async function listReportDaysOfMonth(
  storage: Storage,
  month: string,
): Promise<Map<string, Map<string, number>>> {
  const items = await listMonth(storage, 'REPORTDAYS', month, reportDaysSchema);
  return new Map(
    items.map((item) => [
      item.engineerId,
      new Map(
        Object.entries(item)
          .filter(([name, at]) => DATE.test(name) && typeof at === 'string')
          .map(([date, at]) => [date, Date.parse(at as string)]),
      ),
    ]),
  );
}

/** Records a follow-up visit a manager made known directly: a change of its month, guarded and recorded. */
export async function createFollowUpVisit(storage: Storage, visit: FollowUpVisit, by: Change): Promise<void> {
  const month = visit.date.slice(0, 7);
  await writeMonthChange(
    storage,
    {
      months: [month],
      items: [
        {
          Put: {
            TableName: storage.tableName,
            Item: {
              ...keys.followUpVisit(visit.engineerId, visit.date, visit.id),
              type: ENTITY.followUpVisit,
              gsi2pk: keys.monthList('VISITS', month),
              gsi2sk: `${visit.date}#${visit.engineerId}#${visit.id}`,
              ...visit,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      audit: [
        auditRecord(
          { ...by, action: 'created' },
          {
            month,
            engineerId: visit.engineerId,
            item: { kind: 'follow-up-visit', id: visit.id },
            before: null,
            after: visit,
          },
        ),
      ],
    },
    () => new ConflictError(`a follow-up visit with id ${visit.id} already exists`),
  );
}

export function listFollowUpVisitsOfMonth(storage: Storage, month: string): Promise<FollowUpVisit[]> {
  return listMonth(storage, 'VISITS', month, followUpVisitSchema);
}
