// Instants at the precision they are written in (kpi-sheet.md, Precision): up to nine fraction digits, none
// dropped, so `18:00:00.0001` is later than `18:00:00`. An epoch-nanosecond count does not fit a double (2^53 ns
// is 104 days), and BigInt is several times slower on the scoring hot path, so an instant is the whole epoch
// millisecond plus the nanoseconds past it. Every comparison of instants in the engine goes through
// compareInstants.
//
// The scoring input schema already guarantees the shape `YYYY-MM-DDTHH:MM[:SS[.fff…]](Z|±HH:MM)` and real
// fields, so instantOf reads the digits in place: on the scoring hot path that is several times faster than
// Date.parse (measured by `npm run bench:scoring`; a property test checks it agrees with Date.parse to the
// millisecond). Any other shape goes to Date.parse.

/** An instant: epoch milliseconds (rounded down) and the nanoseconds past that millisecond (0–999,999). */
interface Instant {
  readonly ms: number;
  readonly ns: number;
}

// Nanoseconds per unit of the digits after the third, by fraction length (a table: `10 **` is slow here).
const NS_SCALE = [0, 0, 0, 0, 100_000, 10_000, 1000, 100, 10, 1];

const d2 = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);

/** The instant an ISO 8601 timestamp with an offset or Z names, to the nanosecond. */
export function instantOf(ts: string): Instant {
  if (ts.length < 17 || ts.charCodeAt(10) !== 84 /* T */) return { ms: Date.parse(ts), ns: 0 };
  const year = d2(ts, 0) * 100 + d2(ts, 2);
  let i = 16;
  let second = 0;
  let ms = 0;
  let ns = 0;
  if (ts.charCodeAt(i) === 58 /* : */) {
    second = d2(ts, 17);
    i = 19;
    if (ts.charCodeAt(i) === 46 /* . */) {
      i++;
      // Digits 1–3 are milliseconds, digits 4–9 nanoseconds within the millisecond; all in whole numbers.
      let digits = 0;
      while (i < ts.length) {
        const c = ts.charCodeAt(i);
        if (c < 48 || c > 57) break;
        if (digits < 3) ms = ms * 10 + (c - 48);
        else ns = ns * 10 + (c - 48);
        digits++;
        i++;
      }
      if (digits < 3) ms *= digits === 1 ? 100 : 10;
      else if (digits > 3) ns *= NS_SCALE[digits]!;
    }
  }
  let offsetMinutes = 0;
  const sign = ts.charCodeAt(i);
  if (sign === 43 /* + */ || sign === 45 /* - */) {
    offsetMinutes = (d2(ts, i + 1) * 60 + d2(ts, i + 4)) * (sign === 45 ? -1 : 1);
    if (i + 6 !== ts.length) return { ms: Date.parse(ts), ns: 0 };
  } else if (sign !== 90 /* Z */ || i + 1 !== ts.length) {
    return { ms: Date.parse(ts), ns: 0 };
  }
  const days = daysFromCivil(year, d2(ts, 5), d2(ts, 8));
  return {
    ms: days * 86_400_000 + (d2(ts, 11) * 60 + d2(ts, 14) - offsetMinutes) * 60_000 + second * 1000 + ms,
    ns,
  };
}

/** Epoch milliseconds of a timestamp, rounded down: for display and day arithmetic, never for comparing. */
export function instantMs(ts: string): number {
  return instantOf(ts).ms;
}

/**
 * The order of two instants: negative when `a` is earlier, 0 when they are the same instant, positive when
 * later. A plain number is a whole epoch millisecond (the calendar's day starts and deadlines).
 */
export function compareInstants(a: Instant | number, b: Instant | number): number {
  const aMs = typeof a === 'number' ? a : a.ms;
  const bMs = typeof b === 'number' ? b : b.ms;
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  const aNs = typeof a === 'number' ? 0 : a.ns;
  const bNs = typeof b === 'number' ? 0 : b.ns;
  return aNs === bNs ? 0 : aNs < bNs ? -1 : 1;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date: H. Hinnant's `days_from_civil`
 * (https://howardhinnant.github.io/date_algorithms.html), about twice as fast as Date.UTC here.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
