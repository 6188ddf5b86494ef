// Score bands as the KPI sheet writes them ("≤3 → 30", ">95 → 10", "<80 → 0"): each band has an optional
// lower bound (`atLeast` inclusive or `above` exclusive) and an optional upper bound (`atMost` / `below`).
// This module holds the band schema, the coverage check (no gap, no overlap) and the lookup.
import * as z from '../schema.ts';

export const bandSchema = z
  .strictObject({
    atLeast: z.optional(z.number()),
    above: z.optional(z.number()),
    atMost: z.optional(z.number()),
    below: z.optional(z.number()),
    points: z
      .number({ error: 'expected a number of points' })
      .check(z.gte(0, { error: 'points must not be negative' })),
  })
  .check(
    z.superRefine((band, ctx) => {
      if (band.atLeast !== undefined && band.above !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['above'], message: 'give either atLeast or above, not both' });
      }
      if (band.atMost !== undefined && band.below !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['below'], message: 'give either atMost or below, not both' });
      }
      const lo = band.atLeast ?? band.above;
      const hi = band.atMost ?? band.below;
      if (lo !== undefined && hi !== undefined) {
        const empty = band.atLeast !== undefined && band.atMost !== undefined ? lo > hi : lo >= hi;
        if (empty)
          ctx.addIssue({
            code: 'custom',
            path: [],
            message: 'the band is empty: its lower bound is above its upper bound',
          });
      }
    }),
  );

export type Band = z.output<typeof bandSchema>;

/** The values a banded measure can take: counts are whole numbers from 0, scores run 0–100. */
export interface BandDomain {
  min: number;
  max: number | null;
  /** Whole numbers only: bands need cover only the whole numbers ("≤ 3" then "> 3.5" leaves none out). */
  integer: boolean;
  /** What is banded and which values it takes, for messages: "failed customers are whole numbers from 0". */
  measure: string;
}

interface Edge {
  value: number;
  inclusive: boolean;
}

/** A set of values between two edges; a missing edge is unbounded. */
interface Interval {
  lo: Edge | null;
  hi: Edge | null;
}

const lowerEdge = (b: Band): Edge | null =>
  b.atLeast !== undefined
    ? { value: b.atLeast, inclusive: true }
    : b.above !== undefined
      ? { value: b.above, inclusive: false }
      : null;

const upperEdge = (b: Band): Edge | null =>
  b.atMost !== undefined
    ? { value: b.atMost, inclusive: true }
    : b.below !== undefined
      ? { value: b.below, inclusive: false }
      : null;

/** How a band is written for people: "≤ 3", "> 90 and ≤ 95", "any". */
function describeBand(b: Band): string {
  const parts: string[] = [];
  if (b.atLeast !== undefined) parts.push(`≥ ${b.atLeast}`);
  if (b.above !== undefined) parts.push(`> ${b.above}`);
  if (b.atMost !== undefined) parts.push(`≤ ${b.atMost}`);
  if (b.below !== undefined) parts.push(`< ${b.below}`);
  return parts.length === 0 ? 'any value' : parts.join(' and ');
}

/** The later of two upper edges (null: unbounded); at one value an inclusive edge reaches further. */
function laterUpper(a: Edge | null, b: Edge | null): Edge | null {
  if (a === null || b === null) return null;
  if (a.value !== b.value) return a.value > b.value ? a : b;
  return a.inclusive ? a : b;
}

const earlierUpper = (a: Edge | null, b: Edge | null): Edge | null =>
  a === null ? b : b === null ? a : laterUpper(a, b) === a ? b : a;

/** The interval clipped to the domain. */
function withinDomain({ lo, hi }: Interval, domain: BandDomain): Interval {
  const min = { value: domain.min, inclusive: true };
  const clippedLo = lo === null || lo.value < min.value ? min : lo;
  if (domain.max === null) return { lo: clippedLo, hi };
  const max = { value: domain.max, inclusive: true };
  return { lo: clippedLo, hi: hi === null || hi.value > max.value ? max : hi };
}

/** The first and last whole number of an interval (last null: no end), or null when it holds none. */
function wholeNumbers({ lo, hi }: Interval): { first: number; last: number | null } | null {
  const first =
    lo === null ? Number.NEGATIVE_INFINITY : lo.inclusive ? Math.ceil(lo.value) : Math.floor(lo.value) + 1;
  const last = hi === null ? null : hi.inclusive ? Math.floor(hi.value) : Math.ceil(hi.value) - 1;
  return last !== null && first > last ? null : { first, last };
}

/** Whether an interval of the domain holds any value the measure can take. */
function holdsValues(interval: Interval, domain: BandDomain): boolean {
  const { lo, hi } = withinDomain(interval, domain);
  if (domain.integer) return wholeNumbers({ lo, hi }) !== null;
  if (lo === null || hi === null) return true;
  return lo.value < hi.value || (lo.value === hi.value && lo.inclusive && hi.inclusive);
}

/** The values of a (non-empty) interval of the domain, for people: "4 … 5", "11 and more", "> 3 and ≤ 5". */
function describeValues(interval: Interval, domain: BandDomain): string {
  const { lo, hi } = withinDomain(interval, domain);
  if (domain.integer) {
    const { first, last } = wholeNumbers({ lo, hi })!;
    if (last === null) return `${first} and more`;
    return first === last ? `${first}` : `${first} … ${last}`;
  }
  if (lo !== null && hi !== null && lo.value === hi.value) return `exactly ${lo.value}`;
  const parts: string[] = ['values'];
  if (lo !== null) parts.push(`${lo.inclusive ? '≥' : '>'} ${lo.value}`);
  if (hi !== null) parts.push(`${hi.inclusive ? '≤' : '<'} ${hi.value}`);
  return parts.length === 1 ? 'any value' : `${parts[0]} ${parts.slice(1).join(' and ')}`;
}

/**
 * Problems with a list of bands over a domain: every value of the domain must fall in exactly one band. For a
 * whole-number measure only whole numbers count. Bands may be listed in any order; the messages name the
 * bands by their position in the list and the values in question.
 */
export function bandCoverageProblems(
  bands: readonly Band[],
  domain: BandDomain,
): Array<{ path: (string | number)[]; message: string }> {
  const problems: Array<{ path: (string | number)[]; message: string }> = [];
  if (bands.length === 0) return [{ path: [], message: 'at least one band is required' }];
  const order = bands
    .map((band, index) => ({ band, index, lo: lowerEdge(band), hi: upperEdge(band) }))
    .sort((a, b) => {
      const av = a.lo === null ? Number.NEGATIVE_INFINITY : a.lo.value;
      const bv = b.lo === null ? Number.NEGATIVE_INFINITY : b.lo.value;
      if (av !== bv) return av - bv;
      // At the same value an inclusive lower edge starts earlier than an exclusive one.
      return (a.lo?.inclusive ? 0 : 1) - (b.lo?.inclusive ? 0 : 1);
    });
  const named = (b: (typeof order)[number]) => `band ${b.index} (${describeBand(b.band)})`;

  // Sweep the bands by where they start, keeping how far the ones so far reach and which band reaches it.
  let reach: Edge | null = { value: Number.NEGATIVE_INFINITY, inclusive: false };
  let reacher: (typeof order)[number] | null = null;
  for (const next of order) {
    if (reach === null) {
      // An earlier band is unbounded above: it covers all of this one that lies in the domain.
      const overlap = { lo: next.lo, hi: next.hi };
      if (holdsValues(overlap, domain)) {
        problems.push({
          path: [next.index],
          message: `overlap: ${named(reacher!)} and ${named(next)} both cover ${describeValues(overlap, domain)}; ${domain.measure}`,
        });
      }
      continue;
    }
    if (next.lo !== null) {
      const gap: Interval = {
        lo: { value: reach.value, inclusive: !reach.inclusive },
        hi: { value: next.lo.value, inclusive: !next.lo.inclusive },
      };
      if (holdsValues(gap, domain)) {
        const where =
          reacher === null ? `below ${named(next)}` : `between ${named(reacher)} and ${named(next)}`;
        problems.push({
          path: [next.index],
          message: `gap: no band covers ${describeValues(gap, domain)}, ${where}; ${domain.measure}`,
        });
      }
    }
    if (reacher !== null) {
      const overlap: Interval = { lo: next.lo, hi: earlierUpper(reach, next.hi) };
      if (holdsValues(overlap, domain)) {
        problems.push({
          path: [next.index],
          message: `overlap: ${named(reacher)} and ${named(next)} both cover ${describeValues(overlap, domain)}; ${domain.measure}`,
        });
      }
    }
    const further = laterUpper(reach, next.hi);
    if (further !== reach || reacher === null) reacher = next;
    reach = further;
  }
  if (reach !== null) {
    const top: Interval = { lo: { value: reach.value, inclusive: !reach.inclusive }, hi: null };
    if (holdsValues(top, domain)) {
      problems.push({
        path: [reacher!.index],
        message: `gap: no band covers ${describeValues(top, domain)}, above ${named(reacher!)}; ${domain.measure}`,
      });
    }
  }
  return problems;
}

/** The points of the band that holds `value` (the bands were checked to cover the domain). */
export function bandPoints(bands: readonly Band[], value: number): number {
  for (const b of bands) {
    if (b.atLeast !== undefined && value < b.atLeast) continue;
    if (b.above !== undefined && value <= b.above) continue;
    if (b.atMost !== undefined && value > b.atMost) continue;
    if (b.below !== undefined && value >= b.below) continue;
    return b.points;
  }
  // Unreachable for a validated rubric; a value outside the domain is an input error caught by the schema.
  throw new RangeError(`no band holds ${value}`);
}

export const maxBandPoints = (bands: readonly Band[]): number => Math.max(...bands.map((b) => b.points));
