// Decimal-safe averaging: the mean of decimal numbers (as they are written, e.g. 89.9) rounded half-up,
// so that 84.95 rounds to 85.0 even though the binary double nearest 84.95 is slightly below it.

/** Digits after the decimal point in the shortest representation of a number, or -1 if it needs an exponent. */
function decimalsOf(value: number): number {
  const s = String(value);
  if (s.includes('e')) return -1;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * The mean of non-negative numbers, each taken as the decimal it prints as, rounded half-up to `decimals`
 * places. Returns the double nearest to that decimal (e.g. 85 for 84.95 with one decimal).
 */
export function meanRoundedHalfUp(values: readonly number[], decimals: number): number {
  if (values.length === 0) throw new RangeError('the mean of no values');
  let scale = 0;
  for (const v of values) {
    const d = decimalsOf(v);
    if (d < 0 || d > 9) return meanRoundedHalfUpBig(values, decimals);
    if (d > scale) scale = d;
  }
  // Exact integer arithmetic in doubles while everything stays below 2^53.
  const unit = POW10[scale]!;
  let sum = 0;
  for (const v of values) sum += Math.round(v * unit);
  const n = values.length;
  const out = POW10[decimals]!;
  // round-half-up(sum / (n·unit) · out) = floor((2·sum·out + n·unit) / (2·n·unit))
  const numerator = 2 * sum * out + n * unit;
  const denominator = 2 * n * unit;
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) {
    return meanRoundedHalfUpBig(values, decimals);
  }
  const q = (numerator - (numerator % denominator)) / denominator;
  return q / out;
}

/** The same with BigInt, for numbers with many decimals or an exponent. */
function meanRoundedHalfUpBig(values: readonly number[], decimals: number): number {
  const parts = values.map((v) => decimalParts(v));
  const scale = Math.max(...parts.map((p) => p.scale));
  let sum = 0n;
  for (const p of parts) sum += p.digits * 10n ** BigInt(scale - p.scale);
  const n = BigInt(values.length);
  const unit = 10n ** BigInt(scale);
  const out = 10n ** BigInt(decimals);
  const q = (2n * sum * out + n * unit) / (2n * n * unit);
  return Number(q) / Number(out);
}

/** A non-negative number as digits × 10^-scale, exactly as it prints (its shortest round-trip form). */
function decimalParts(value: number): { digits: bigint; scale: number } {
  const [mantissa, exponent] = String(value).split('e') as [string, string | undefined];
  const dot = mantissa.indexOf('.');
  const digits = BigInt(dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1));
  const scale = (dot < 0 ? 0 : mantissa.length - dot - 1) - Number(exponent ?? 0);
  // A large number written with a positive exponent has a negative scale: make it a whole number.
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}
