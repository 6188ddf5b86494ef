// The values of shared/domain/values.ts as they are written at every boundary, with their zod schemas: a date,
// an instant, a month, a time zone. A written date or timestamp must name a real one (kpi-sheet.md, Precision):
// `2026-02-30`, hour 24, minute or second 60 are refused with the reason, never rolled over to another day or
// minute as Date.parse does. Whether a real date exists in the organisation's time zone is a separate check
// (scoring/input.ts), made where the zone is known. Apart from the engine's input, so a form that parses a date
// does not carry the whole scoring contract.
import * as z from '../schema.ts';
import { daysInMonth, isZone } from './values.ts';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
// An instant must say which instant it is: a calendar time with an offset or Z, never a floating local time.
const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

// Read in place (the shape is checked first): this runs for every timestamp of every month scored.
const d2 = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);

/** Why the `YYYY-MM-DD` at the start of `value` (shape already checked) is no calendar date, or null. */
function calendarDateProblem(value: string): string | null {
  const month = d2(value, 5);
  if (month < 1 || month > 12) return `month ${value.slice(5, 7)} does not exist (01–12)`;
  const year = d2(value, 0) * 100 + d2(value, 2);
  const days = daysInMonth(year, month);
  const day = d2(value, 8);
  if (day < 1 || day > days)
    return `day ${value.slice(8, 10)} does not exist: ${MONTH_NAMES[month - 1]} ${value.slice(0, 4)} has ${days} days`;
  return null;
}

/** Why a value is not a calendar date `YYYY-MM-DD`, or null when it is one. */
function dateProblem(value: string): string | null {
  if (!DATE_RE.test(value)) return 'expected a date YYYY-MM-DD';
  return calendarDateProblem(value);
}

/** Why a value is not a real ISO 8601 timestamp with an offset or Z, or null when it is one. */
function timestampProblem(value: string): string | null {
  if (!TIMESTAMP_RE.test(value))
    return 'expected an ISO 8601 timestamp with an offset or Z, like 2026-10-20T18:00:00+08:00';
  const date = calendarDateProblem(value);
  if (date) return date;
  if (d2(value, 11) > 23)
    return `hour ${value.slice(11, 13)} does not exist (00–23; midnight is 00:00 of the next day)`;
  if (d2(value, 14) > 59) return `minute ${value.slice(14, 16)} does not exist (00–59)`;
  if (value.charCodeAt(16) === 58 /* : */ && d2(value, 17) > 59)
    return `second ${value.slice(17, 19)} does not exist (00–59; leap seconds are not written)`;
  const n = value.length;
  if (value.charCodeAt(n - 1) !== 90 /* Z */ && (d2(value, n - 5) > 23 || d2(value, n - 2) > 59))
    return `offset ${value.slice(n - 5)} does not exist`;
  return null;
}

// Months of facts repeat the same few dozen dates; remembering the answer halves the cost of a parse.
const dateProblems = new Map<string, string | null>();

function dateProblemOf(value: string): string | null {
  let problem = dateProblems.get(value);
  if (problem === undefined) {
    problem = dateProblem(value);
    // Bounded: arbitrary strings must not grow the cache without limit.
    if (dateProblems.size < 20_000) dateProblems.set(value, problem);
  }
  return problem;
}

// Every date, month and instant the product accepts lies in these years: a month like 9999-12 is a typo or an
// attack, and refusing it at each boundary keeps date arithmetic (keys, calendars) on sane ground.
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

/** Whether a value that starts with a 4-digit year lies in FIRST_YEAR..LAST_YEAR (other shapes: the format check's job). */
function yearInRange(value: string): boolean {
  if (!/^\d{4}/.test(value)) return true;
  const year = Number(value.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

const yearRange = (what: string) => ({
  error: `expected ${what} in the years ${FIRST_YEAR}–${LAST_YEAR}`,
});

/** A calendar date `YYYY-MM-DD`, read in the organisation's time zone (which may have skipped it: see below). */
export const isoDate = z.string({ error: 'expected a date YYYY-MM-DD' }).check(
  z.superRefine((v, ctx) => {
    const problem = dateProblemOf(v);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  }),
  z.refine(yearInRange, yearRange('a date')),
);

/** An instant: ISO 8601 date-time with an offset or Z, up to nine fraction digits, every field real. */
export const isoTimestamp = z.string({ error: 'expected a timestamp like 2026-10-20T18:00:00+08:00' }).check(
  z.superRefine((v, ctx) => {
    const problem = timestampProblem(v);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  }),
  z.refine(yearInRange, yearRange('a timestamp')),
);

export const monthId = z
  .string({ error: 'expected a month YYYY-MM' })
  .check(
    z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'expected a month YYYY-MM' }),
    z.refine(yearInRange, yearRange('a month')),
  );

export const timeZoneName = z
  .string({ error: 'expected an IANA time zone name' })
  .check(z.refine(isZone, { error: 'unknown IANA time zone' }));
