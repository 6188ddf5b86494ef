// Instants as epoch milliseconds. The scoring input schema already guarantees the shape
// `YYYY-MM-DDTHH:MM[:SS[.fff…]](Z|±HH:MM)`, so this reads the digits in place: on the scoring hot path it is
// several times faster than Date.parse (measured by `npm run bench:scoring`; a property test checks it agrees
// with Date.parse). Anything else goes to Date.parse.

const d2 = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);

/** Epoch milliseconds of an ISO 8601 timestamp with an offset or Z. */
export function instantMs(ts: string): number {
  if (ts.length < 17 || ts.charCodeAt(10) !== 84 /* T */) return Date.parse(ts);
  const year = d2(ts, 0) * 100 + d2(ts, 2);
  let i = 16;
  let second = 0;
  let ms = 0;
  if (ts.charCodeAt(i) === 58 /* : */) {
    second = d2(ts, 17);
    i = 19;
    if (ts.charCodeAt(i) === 46 /* . */) {
      i++;
      // Milliseconds from the first three fraction digits; finer digits do not change a comparison in ms.
      let scale = 100;
      while (i < ts.length) {
        const c = ts.charCodeAt(i);
        if (c < 48 || c > 57) break;
        ms += (c - 48) * scale;
        scale /= 10;
        i++;
      }
      ms = Math.floor(ms);
    }
  }
  let offsetMinutes = 0;
  const sign = ts.charCodeAt(i);
  if (sign === 43 /* + */ || sign === 45 /* - */) {
    offsetMinutes = (d2(ts, i + 1) * 60 + d2(ts, i + 4)) * (sign === 45 ? -1 : 1);
    if (i + 6 !== ts.length) return Date.parse(ts);
  } else if (sign !== 90 /* Z */ || i + 1 !== ts.length) {
    return Date.parse(ts);
  }
  const days = daysFromCivil(year, d2(ts, 5), d2(ts, 8));
  return days * 86_400_000 + (d2(ts, 11) * 60 + d2(ts, 14) - offsetMinutes) * 60_000 + second * 1000 + ms;
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
