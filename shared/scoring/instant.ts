// Instants as epoch milliseconds. The scoring input schema already guarantees the shape
// `YYYY-MM-DDTHH:MM[:SS[.fff…]](Z|±HH:MM)`, so this reads the digits in place: on the scoring hot path it is
// several times faster than Date.parse (measured by `npm run bench:scoring`). Anything else goes to Date.parse.

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
  const utc = Date.UTC(year, d2(ts, 5) - 1, d2(ts, 8), d2(ts, 11), d2(ts, 14), second, ms);
  return utc - offsetMinutes * 60_000;
}
