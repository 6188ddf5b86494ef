// Whether a written date or timestamp names a real one (kpi-sheet.md, Precision): `2026-02-30`, hour 24,
// minute or second 60 are refused with the reason, never rolled over to another day or minute as Date.parse
// does. Whether a real date exists in the organisation's time zone is a separate check (calendar.ts), made
// where the zone is known.

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
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Read in place (the shape is checked first): this runs for every timestamp of every month scored.
const d2 = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1]!;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

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
export function dateProblem(value: string): string | null {
  if (!DATE_RE.test(value)) return 'expected a date YYYY-MM-DD';
  return calendarDateProblem(value);
}

/** Why a value is not a real ISO 8601 timestamp with an offset or Z, or null when it is one. */
export function timestampProblem(value: string): string | null {
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
