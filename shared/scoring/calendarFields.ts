// Whether a written date or timestamp names a real one (kpi-sheet.md, Precision): `2026-02-30`, hour 24,
// minute or second 60 are refused with the reason, never rolled over to another day or minute as Date.parse
// does. Whether a real date exists in the organisation's time zone is a separate check (calendar.ts), made
// where the zone is known.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must say which instant it is: a calendar time with an offset or Z, never a floating local time.
const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

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

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why year-month-day (as written, two digits each) is no calendar date, or null when it is one. */
function calendarDateProblem(y: string, mo: string, d: string): string | null {
  const month = Number(mo);
  if (month < 1 || month > 12) return `month ${mo} does not exist (01–12)`;
  const days = daysInMonth(Number(y), month);
  const day = Number(d);
  if (day < 1 || day > days)
    return `day ${d} does not exist: ${MONTH_NAMES[month - 1]} ${y} has ${days} days`;
  return null;
}

/** Why a value is not a calendar date `YYYY-MM-DD`, or null when it is one. */
export function dateProblem(value: string): string | null {
  const m = DATE_RE.exec(value);
  if (!m) return 'expected a date YYYY-MM-DD';
  return calendarDateProblem(m[1]!, m[2]!, m[3]!);
}

/** Why a value is not a real ISO 8601 timestamp with an offset or Z, or null when it is one. */
export function timestampProblem(value: string): string | null {
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return 'expected an ISO 8601 timestamp with an offset or Z, like 2026-10-20T18:00:00+08:00';
  const [, y, mo, d, h, mi, s, oh, om] = m;
  const date = calendarDateProblem(y!, mo!, d!);
  if (date) return date;
  if (Number(h) > 23) return `hour ${h} does not exist (00–23; midnight is 00:00 of the next day)`;
  if (Number(mi) > 59) return `minute ${mi} does not exist (00–59)`;
  if (s !== undefined && Number(s) > 59)
    return `second ${s} does not exist (00–59; leap seconds are not written)`;
  if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return `offset ${oh}:${om} does not exist`;
  return null;
}
