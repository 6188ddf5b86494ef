// Score bands as the KPI sheet writes them ("≤3 → 30", ">95 → 10", "<80 → 0"): each band has an optional
// lower bound (`atLeast` inclusive or `above` exclusive) and an optional upper bound (`atMost` / `below`).
// This module holds the band schema, the coverage check (no gap, no overlap) and the lookup.
import * as z from 'zod';

export const bandSchema = z
  .strictObject({
    atLeast: z.number().optional(),
    above: z.number().optional(),
    atMost: z.number().optional(),
    below: z.number().optional(),
    points: z
      .number({ error: 'expected a number of points' })
      .min(0, { error: 'points must not be negative' }),
  })
  .superRefine((band, ctx) => {
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
  });

export type Band = z.output<typeof bandSchema>;

/** The values a banded measure can take: counts are whole numbers from 0, scores run 0–100. */
export interface BandDomain {
  min: number;
  max: number | null;
  integer: boolean;
}

interface Edge {
  value: number;
  inclusive: boolean;
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
export function describeBand(b: Band): string {
  const parts: string[] = [];
  if (b.atLeast !== undefined) parts.push(`≥ ${b.atLeast}`);
  if (b.above !== undefined) parts.push(`> ${b.above}`);
  if (b.atMost !== undefined) parts.push(`≤ ${b.atMost}`);
  if (b.below !== undefined) parts.push(`< ${b.below}`);
  return parts.length === 0 ? 'any value' : parts.join(' and ');
}

/**
 * Problems with a list of bands over a domain: every value of the domain must fall in exactly one band.
 * Bands may be listed in any order; the messages name the bands by their position in the list.
 */
export function bandCoverageProblems(
  bands: readonly Band[],
  domain: BandDomain,
): Array<{ path: (string | number)[]; message: string }> {
  const problems: Array<{ path: (string | number)[]; message: string }> = [];
  if (bands.length === 0) return [{ path: [], message: 'at least one band is required' }];
  const order = bands
    .map((band, index) => ({ band, index, lo: lowerEdge(band) }))
    .sort((a, b) => {
      const av = a.lo === null ? Number.NEGATIVE_INFINITY : a.lo.value;
      const bv = b.lo === null ? Number.NEGATIVE_INFINITY : b.lo.value;
      if (av !== bv) return av - bv;
      // At the same value an inclusive lower edge starts earlier than an exclusive one.
      return (a.lo?.inclusive ? 0 : 1) - (b.lo?.inclusive ? 0 : 1);
    });

  const first = order[0]!;
  if (
    first.lo !== null &&
    (first.lo.value > domain.min || (first.lo.value === domain.min && !first.lo.inclusive))
  ) {
    problems.push({
      path: [first.index],
      message: `gap: no band covers values from ${domain.min} up to where band ${first.index} (${describeBand(first.band)}) starts`,
    });
  }
  for (let i = 1; i < order.length; i++) {
    const prev = order[i - 1]!;
    const next = order[i]!;
    const hi = upperEdge(prev.band);
    const lo = next.lo;
    const label = `bands ${prev.index} (${describeBand(prev.band)}) and ${next.index} (${describeBand(next.band)})`;
    if (hi === null || lo === null) {
      problems.push({ path: [next.index], message: `overlap: ${label} both cover the same values` });
      continue;
    }
    if (lo.value < hi.value || (lo.value === hi.value && lo.inclusive && hi.inclusive)) {
      problems.push({ path: [next.index], message: `overlap: ${label} both cover ${lo.value}` });
      continue;
    }
    const touches = lo.value === hi.value && lo.inclusive !== hi.inclusive;
    // For whole-number measures "≤ 3" followed by "≥ 4" leaves nothing out.
    const wholeStep = domain.integer && hi.inclusive && lo.inclusive && lo.value === hi.value + 1;
    if (!touches && !wholeStep) {
      problems.push({ path: [next.index], message: `gap: no band covers the values between ${label}` });
    }
  }
  const last = order[order.length - 1]!;
  const top = upperEdge(last.band);
  if (
    top !== null &&
    (domain.max === null || top.value < domain.max || (top.value === domain.max && !top.inclusive))
  ) {
    problems.push({
      path: [last.index],
      message: `gap: no band covers values above band ${last.index} (${describeBand(last.band)})`,
    });
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
export const minBandPoints = (bands: readonly Band[]): number => Math.min(...bands.map((b) => b.points));
