// The scoring input contract (../shared/spec/scoring-input.md): the facts of one engineer-month.
// The `kpi score` command, the monthly job (assembled from DynamoDB) and the tests all parse with this one schema.
import * as z from 'zod';
import { COMPLAINT_STATUSES, DAILY_REPORT_VERDICTS, INDICATOR_KEYS } from '../rubric/indicators.ts';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must say which instant it is: a calendar time with an offset or Z, never a floating local time.
const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

// Months of facts repeat the same few dozen dates; remembering the answer halves the cost of a parse.
const realDates = new Map<string, boolean>();

function isRealDate(value: string): boolean {
  let real = realDates.get(value);
  if (real === undefined) {
    real = checkRealDate(value);
    // Bounded: arbitrary strings must not grow the cache without limit.
    if (realDates.size < 20_000) realDates.set(value, real);
  }
  return real;
}

function checkRealDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

// Constructing an Intl.DateTimeFormat costs ~100 µs, more than scoring a whole month; zone names are few.
const knownTimeZones = new Map<string, boolean>();

function isTimeZone(value: string): boolean {
  let known = knownTimeZones.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      known = true;
    } catch {
      known = false;
    }
    // Bounded: a stream of invalid names must not grow the cache without limit.
    if (knownTimeZones.size < 1000) knownTimeZones.set(value, known);
  }
  return known;
}

// Every date, month and instant the product accepts lies in these years: a month like 9999-12 is a typo or an
// attack, and refusing it at each boundary keeps date arithmetic (luxon, keys, calendars) on sane ground.
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/** Whether a value that starts with a 4-digit year lies in FIRST_YEAR..LAST_YEAR (other shapes: the format check's job). */
function yearInRange(value: string): boolean {
  if (!/^\d{4}/.test(value)) return true;
  const year = Number(value.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

const yearRange = (what: string) => ({
  error: `expected ${what} in the years ${FIRST_YEAR}–${LAST_YEAR}`,
});

/** A calendar date `YYYY-MM-DD`, read in the organisation's time zone. */
export const isoDate = z
  .string({ error: 'expected a date YYYY-MM-DD' })
  .refine(isRealDate, { error: 'expected a real calendar date YYYY-MM-DD' })
  .refine(yearInRange, yearRange('a date'));

/** An instant: ISO 8601 date-time with an offset or Z. */
export const isoTimestamp = z
  .string({ error: 'expected a timestamp like 2026-10-20T18:00:00+08:00' })
  .refine((v) => TIMESTAMP_RE.test(v) && !Number.isNaN(Date.parse(v)), {
    error: 'expected an ISO 8601 timestamp with an offset or Z, like 2026-10-20T18:00:00+08:00',
  })
  .refine(yearInRange, yearRange('a timestamp'));

export const monthId = z
  .string({ error: 'expected a month YYYY-MM' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'expected a month YYYY-MM' })
  .refine(yearInRange, yearRange('a month'));

export const timeZoneName = z
  .string({ error: 'expected an IANA time zone name' })
  .refine(isTimeZone, { error: 'unknown IANA time zone' });

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });

export const engineerFacts = z
  .strictObject({
    id: nonEmpty,
    startDate: isoDate.nullish(),
    endDate: isoDate.nullish(),
    leave: z.array(isoDate).default([]),
  })
  .refine((e) => !e.startDate || !e.endDate || e.startDate <= e.endDate, {
    error: 'endDate is before startDate',
    path: ['endDate'],
  });

export const supportRequestFacts = z.strictObject({
  id: z.string().optional(),
  customer: nonEmpty,
  dueAt: isoTimestamp,
  resolvedAt: isoTimestamp.nullable().default(null),
  independent: z.boolean({ error: 'expected true or false' }),
});

export const surveyResponseFacts = z.strictObject({
  score: z.number({ error: 'expected a number' }).min(0).max(100),
  /** Optional provenance, kept on the card for the report. */
  respondentId: z.string().optional(),
});

export const projectFacts = z
  .strictObject({
    id: nonEmpty,
    name: z.string().optional(),
    start: isoDate,
    end: isoDate.nullish(),
  })
  .refine((p) => !p.end || p.start <= p.end, { error: 'end is before start', path: ['end'] });

export const followUpFacts = z.strictObject({ projectId: nonEmpty, date: isoDate });

export const complaintFacts = z.strictObject({
  date: isoDate,
  status: z.enum(COMPLAINT_STATUSES, { error: `expected one of ${COMPLAINT_STATUSES.join(', ')}` }),
});

export const successStoryFacts = z.strictObject({ date: isoDate, title: z.string().optional() });

export const dailyReportFacts = z.strictObject({ date: isoDate, submittedAt: isoTimestamp });

export const overrideFacts = z.strictObject({
  indicator: z.enum(INDICATOR_KEYS, { error: `expected one of ${INDICATOR_KEYS.join(', ')}` }),
  points: z.number({ error: 'expected a number' }).min(0),
  reason: nonEmpty,
  by: nonEmpty,
  at: isoTimestamp.optional(),
});

export const scoringInputSchema = z
  .strictObject({
    month: monthId,
    timezone: timeZoneName.default('Asia/Shanghai'),
    calendar: z
      .strictObject({
        holidays: z.array(isoDate).default([]),
        workdays: z.array(isoDate).default([]),
      })
      .default({ holidays: [], workdays: [] }),
    engineer: engineerFacts,
    supportRequests: z.array(supportRequestFacts).default([]),
    surveyResponses: z.array(surveyResponseFacts).default([]),
    projects: z.array(projectFacts).default([]),
    followUps: z.array(followUpFacts).default([]),
    complaints: z.array(complaintFacts).default([]),
    trainingScore: z
      .number({ error: 'expected a number 0–100 or null' })
      .min(0)
      .max(100)
      .nullable()
      .default(null),
    successStories: z.array(successStoryFacts).default([]),
    dailyReports: z.array(dailyReportFacts).default([]),
    dailyReportVerdict: z
      .enum(DAILY_REPORT_VERDICTS, { error: `expected one of ${DAILY_REPORT_VERDICTS.join(', ')} or null` })
      .nullable()
      .default(null),
    overrides: z.array(overrideFacts).default([]),
  })
  .superRefine((input, ctx) => {
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
  });

/** What a caller writes (defaults may be omitted). */
export type ScoringInputJson = z.input<typeof scoringInputSchema>;
/** What the engine receives: parsed, defaults filled. */
export type ScoringInput = z.output<typeof scoringInputSchema>;
