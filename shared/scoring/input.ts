// The scoring input contract (../shared/spec/scoring-input.md): the facts of one engineer-month.
// The `kpi score` command, the monthly job (assembled from DynamoDB) and the tests all parse with this one schema.

import { isoDate, isoTimestamp, monthId, timeZoneName } from '../domain/valueSchemas.ts';
import { DEFAULT_ZONE, isSkippedDate } from '../domain/values.ts';
import { COMPLAINT_STATUSES, DAILY_REPORT_VERDICTS, INDICATOR_KEYS } from '../rubric/indicators.ts';
import * as z from '../schema.ts';
import { compareInstants, instantOf } from './instant.ts';

const nonEmpty = z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty' }));

const engineerFacts = z
  .strictObject({
    id: nonEmpty,
    startDate: z.nullish(isoDate),
    endDate: z.nullish(isoDate),
    leave: z._default(z.array(isoDate), []),
  })
  .check(
    z.refine((e) => !e.startDate || !e.endDate || e.startDate <= e.endDate, {
      error: 'endDate is before startDate',
      path: ['endDate'],
    }),
  );

const supportRequestFacts = z.strictObject({
  /** Optional; the same id listed twice is one request (kpi-sheet.md, Identity). */
  id: z.optional(nonEmpty),
  customer: nonEmpty,
  dueAt: isoTimestamp,
  resolvedAt: z._default(z.nullable(isoTimestamp), null),
  independent: z.boolean({ error: 'expected true or false' }),
});

const surveyResponseFacts = z.strictObject({
  score: z.number({ error: 'expected a number' }).check(z.gte(0), z.lte(100)),
  /** Optional provenance, kept on the card for the report. */
  respondentId: z.optional(z.string()),
});

const projectFacts = z
  .strictObject({
    id: nonEmpty,
    name: z.optional(z.string()),
    start: isoDate,
    end: z.nullish(isoDate),
  })
  .check(z.refine((p) => !p.end || p.start <= p.end, { error: 'end is before start', path: ['end'] }));

const followUpFacts = z.strictObject({ projectId: nonEmpty, date: isoDate });

const complaintFacts = z.strictObject({
  date: isoDate,
  status: z.enum(COMPLAINT_STATUSES, { error: `expected one of ${COMPLAINT_STATUSES.join(', ')}` }),
});

const successStoryFacts = z.strictObject({ date: isoDate, title: z.optional(z.string()) });

const dailyReportFacts = z.strictObject({ date: isoDate, submittedAt: isoTimestamp });

const overrideFacts = z.strictObject({
  indicator: z.enum(INDICATOR_KEYS, { error: `expected one of ${INDICATOR_KEYS.join(', ')}` }),
  points: z.number({ error: 'expected a number' }).check(z.gte(0)),
  reason: nonEmpty,
  by: nonEmpty,
  at: z.optional(isoTimestamp),
});

export const scoringInputSchema = z
  .strictObject({
    month: monthId,
    timezone: z._default(timeZoneName, DEFAULT_ZONE),
    calendar: z._default(
      z.strictObject({
        holidays: z._default(z.array(isoDate), []),
        workdays: z._default(z.array(isoDate), []),
      }),
      { holidays: [], workdays: [] },
    ),
    engineer: engineerFacts,
    supportRequests: z._default(z.array(supportRequestFacts), []),
    surveyResponses: z._default(z.array(surveyResponseFacts), []),
    projects: z._default(z.array(projectFacts), []),
    followUps: z._default(z.array(followUpFacts), []),
    complaints: z._default(z.array(complaintFacts), []),
    trainingScore: z._default(
      z.nullable(z.number({ error: 'expected a number 0–100 or null' }).check(z.gte(0), z.lte(100))),
      null,
    ),
    successStories: z._default(z.array(successStoryFacts), []),
    dailyReports: z._default(z.array(dailyReportFacts), []),
    dailyReportVerdict: z._default(
      z.nullable(
        z.enum(DAILY_REPORT_VERDICTS, {
          error: `expected one of ${DAILY_REPORT_VERDICTS.join(', ')} or null`,
        }),
      ),
      null,
    ),
    overrides: z._default(z.array(overrideFacts), []),
  })
  .check(
    z.superRefine((input, ctx) => {
      const seen = new Set<string>();
      input.overrides.forEach((o, i) => {
        if (seen.has(o.indicator)) {
          ctx.addIssue({
            code: 'custom',
            path: ['overrides', i, 'indicator'],
            message: `a second override for ${o.indicator}; give at most one per indicator`,
          });
        }
        seen.add(o.indicator);
      });
    }),
    z.superRefine(
      (input, ctx) => {
        // A date the zone skipped is only known to be unreal once the zone is: checked here, naming the field.
        refuseSkippedDates(input, ctx);
        // The same request listed twice is one request; two different ones under one id cannot both be right.
        const requestAt = new Map<string, number>();
        input.supportRequests.forEach((r, i) => {
          if (r.id === undefined) return;
          const first = requestAt.get(r.id);
          if (first === undefined) requestAt.set(r.id, i);
          else if (!sameRequest(input.supportRequests[first]!, r)) {
            ctx.addIssue({
              code: 'custom',
              path: ['supportRequests', i, 'id'],
              message: `request ${r.id} is also listed at supportRequests[${first}] with other facts; list it once`,
            });
          }
        });
      },
      // These read the zone, dates and instants as valid ones: an unknown zone or a malformed date would throw.
      { when: (payload) => payload.issues.length === 0 },
    ),
  );

type SupportRequestFacts = z.output<typeof supportRequestFacts>;

function sameRequest(a: SupportRequestFacts, b: SupportRequestFacts): boolean {
  const sameInstant = (x: string | null, y: string | null) =>
    x === null || y === null ? x === y : compareInstants(instantOf(x), instantOf(y)) === 0;
  return (
    a.customer === b.customer &&
    a.independent === b.independent &&
    sameInstant(a.dueAt, b.dueAt) &&
    sameInstant(a.resolvedAt, b.resolvedAt)
  );
}

/** Refuses each local date of the input that its zone skipped, naming the field. */
function refuseSkippedDates(input: ScoringInput, ctx: z.core.$RefinementCtx): void {
  const zone = input.timezone;
  const check = (date: string | null | undefined, ...path: (string | number)[]) => {
    if (date && isSkippedDate(date, zone)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `${date} does not exist in ${zone}: its clocks skipped that day`,
      });
    }
  };
  const { calendar, engineer, projects, followUps, complaints, successStories, dailyReports } = input;
  for (let i = 0; i < calendar.holidays.length; i++) check(calendar.holidays[i], 'calendar', 'holidays', i);
  for (let i = 0; i < calendar.workdays.length; i++) check(calendar.workdays[i], 'calendar', 'workdays', i);
  check(engineer.startDate, 'engineer', 'startDate');
  check(engineer.endDate, 'engineer', 'endDate');
  for (let i = 0; i < engineer.leave.length; i++) check(engineer.leave[i], 'engineer', 'leave', i);
  for (let i = 0; i < projects.length; i++) {
    check(projects[i]!.start, 'projects', i, 'start');
    check(projects[i]!.end, 'projects', i, 'end');
  }
  for (let i = 0; i < followUps.length; i++) check(followUps[i]!.date, 'followUps', i, 'date');
  for (let i = 0; i < complaints.length; i++) check(complaints[i]!.date, 'complaints', i, 'date');
  for (let i = 0; i < successStories.length; i++) check(successStories[i]!.date, 'successStories', i, 'date');
  for (let i = 0; i < dailyReports.length; i++) check(dailyReports[i]!.date, 'dailyReports', i, 'date');
}

/** What a caller writes (defaults may be omitted). */
export type ScoringInputJson = z.input<typeof scoringInputSchema>;
/** What the engine receives: parsed, defaults filled. */
export type ScoringInput = z.output<typeof scoringInputSchema>;
