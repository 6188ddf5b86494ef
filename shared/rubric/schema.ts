// The rubric: the KPI sheet as data (weights, bands, caps, bonuses, penalties, missing-data policy, the survey
// scale, the daily-report deadline, zh-CN/en texts). Any rubric, default or custom, is parsed by this schema.
import * as z from '../schema.ts';
import { parseWith } from '../validation.ts';
import { type Band, type BandDomain, bandCoverageProblems, bandSchema, maxBandPoints } from './bands.ts';
import {
  COMPLAINT_STATUSES,
  DAILY_REPORT_VERDICTS,
  INDICATOR_KEYS,
  type IndicatorKey,
} from './indicators.ts';

const text = z
  .string({ error: 'expected a text' })
  .check(z.trim(), z.minLength(1, { error: 'must not be empty' }));

/** A text in both languages of the product. */
const localizedText = z.strictObject({ 'zh-CN': text, en: text });

const nonNegative = (what: string) =>
  z
    .number({ error: `expected a number (${what})` })
    .check(z.gte(0, { error: `${what} must not be negative` }));
const wholeNonNegative = (what: string) =>
  z
    .number({ error: `expected a whole number (${what})` })
    .check(
      z.int({ error: `${what} must be a whole number` }),
      z.gte(0, { error: `${what} must not be negative` }),
    );

/**
 * The domains the bands of each banded measure must cover. Counts (failed customers, projects missed, and the
 * unbanded complaints and missed report days) are whole numbers from 0; the survey mean and the exam score are
 * any number from 0 to 100.
 */
const countOf = (what: string): BandDomain => ({
  min: 0,
  max: null,
  integer: true,
  measure: `${what} are counted in whole numbers from 0`,
});
const scoreOf = (what: string): BandDomain => ({
  min: 0,
  max: 100,
  integer: false,
  measure: `${what} is any number from 0 to 100`,
});

function bandsOver(domain: BandDomain) {
  return z.array(bandSchema).check(
    z.superRefine((bands, ctx) => {
      for (const p of bandCoverageProblems(bands as Band[], domain)) {
        ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
      }
    }),
  );
}

/** The texts every indicator carries, as the sheet's columns. */
const sheetColumns = {
  weight: z
    .number({ error: 'expected the weight in percent' })
    .check(
      z.gte(0, { error: 'weight must not be negative' }),
      z.lte(100, { error: 'weight must be at most 100' }),
    ),
  name: localizedText,
  purpose: localizedText,
  /** The sheet's scoring-rule text (评分标准). */
  rule: localizedText,
  dataSource: localizedText,
};

/**
 * What an indicator scores when its one optional input is missing (no survey response, no exam): it is
 * flagged `no-data` and scores `points` until a manager enters the data or an override.
 */
const noDataPolicy = z.strictObject({
  policy: z.literal('no-data', { error: "expected 'no-data': this input can be missing" }),
  points: nonNegative('missing-data points'),
});

/** Counts are facts: no records means zero of them (no requests → none failed), never `no-data`. */
const countPolicy = z.strictObject({
  policy: z.literal('count-as-zero', { error: "expected 'count-as-zero': no records means zero of them" }),
});

const resolution = z.strictObject({
  key: z.literal('resolution'),
  ...sheetColumns,
  /** Bands over n = distinct customers with at least one failed request. */
  bands: bandsOver(countOf('failed customers')),
  missingData: countPolicy,
});

const satisfaction = z.strictObject({
  key: z.literal('satisfaction'),
  ...sheetColumns,
  /** The month's mean response score is rounded half-up to this many decimals, then banded. */
  roundToDecimals: wholeNonNegative('roundToDecimals').check(
    z.lte(6, { error: 'roundToDecimals must be at most 6' }),
  ),
  bands: bandsOver(scoreOf('the mean survey score')),
  missingData: noDataPolicy,
});

const followUp = z.strictObject({
  key: z.literal('followUp'),
  ...sheetColumns,
  /** Bands over n = distinct projects that missed at least one required week. */
  bands: bandsOver(countOf('projects not followed up')),
  missingData: countPolicy,
});

const complaints = z.strictObject({
  key: z.literal('complaints'),
  ...sheetColumns,
  /** Points with no complaint. */
  base: nonNegative('base'),
  /** Points taken off per counted complaint. */
  penaltyPerComplaint: nonNegative('penaltyPerComplaint'),
  /** Only complaints in these states count (the sheet: confirmed by a manager). */
  countedStatuses: z
    .array(z.enum(COMPLAINT_STATUSES, { error: `expected one of ${COMPLAINT_STATUSES.join(', ')}` }))
    .check(z.minLength(1, { error: 'name at least one complaint status that counts' })),
  missingData: countPolicy,
});

const learning = z.strictObject({
  key: z.literal('learning'),
  ...sheetColumns,
  /** Base points by the month's training-exam score. */
  bands: bandsOver(scoreOf('the exam score')),
  bonus: z.strictObject({
    /** Bonus points per success story shared during the month. */
    perStory: nonNegative('bonus.perStory'),
    /** The bonus never exceeds this in total. */
    cap: nonNegative('bonus.cap'),
  }),
  /** Without an exam score the base scores this; the story bonus still counts. */
  missingData: noDataPolicy,
});

const dailyReport = z.strictObject({
  key: z.literal('dailyReport'),
  ...sheetColumns,
  /** Points with every workday reported on time and a `standard` verdict. */
  base: nonNegative('base'),
  penaltyPerMissedDay: nonNegative('penaltyPerMissedDay'),
  /** More missed days than this → the indicator scores `pointsWhenOverLimit` and the verdict is not applied. */
  missedDaysLimit: wholeNonNegative('missedDaysLimit'),
  pointsWhenOverLimit: nonNegative('pointsWhenOverLimit'),
  missingData: countPolicy,
});

const indicatorRule = z.discriminatedUnion(
  'key',
  [resolution, satisfaction, followUp, complaints, learning, dailyReport],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `unknown indicator key; expected one of ${INDICATOR_KEYS.join(', ')}`
        : undefined,
  },
);

const surveyQuestion = z.strictObject({
  key: z
    .string()
    .check(z.regex(/^[a-z][a-zA-Z0-9]*$/, { error: 'expected a camelCase key like serviceAttitude' })),
  /** A short heading (a table column, a chart label). */
  label: localizedText,
  /** The question as the respondent reads it. */
  text: localizedText,
});

const timeOfDay = z
  .string()
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a time HH:MM (24-hour)' }));

const rubricFields = z
  .strictObject({
    id: text,
    version: text,
    name: localizedText,
    survey: z
      .strictObject({
        /** Each question is rated on this whole-number scale. */
        scale: z.strictObject({ min: z.number().check(z.int()), max: z.number().check(z.int()) }),
        /** A response's score = mean rating × this (1–5 × 20 → 20–100). */
        multiplier: z.number().check(z.positive({ error: 'multiplier must be positive' })),
        /** A response with any rating at or below this alerts the department manager (issue 4: a 1 or a 2). */
        lowRatingAtMost: z.number({ error: 'expected the highest rating that counts as low' }),
        questions: z
          .array(surveyQuestion)
          .check(z.minLength(1, { error: 'the survey needs at least one question' })),
      })
      .check(
        z.superRefine((s, ctx) => {
          if (s.scale.min >= s.scale.max) {
            ctx.addIssue({
              code: 'custom',
              path: ['scale', 'max'],
              message: 'scale.max must be above scale.min',
            });
          }
          // Below the scale nothing would be low; at its top, everything.
          const low = s.lowRatingAtMost;
          if (!Number.isInteger(low) || low < s.scale.min || low >= s.scale.max) {
            ctx.addIssue({
              code: 'custom',
              path: ['lowRatingAtMost'],
              message: `expected a whole rating from ${s.scale.min} to ${s.scale.max - 1}`,
            });
          }
          if (s.scale.max * s.multiplier > 100) {
            ctx.addIssue({
              code: 'custom',
              path: ['multiplier'],
              message: `scale.max × multiplier is ${s.scale.max * s.multiplier}; a response score must not exceed 100`,
            });
          }
          const keys = new Set<string>();
          s.questions.forEach((q, i) => {
            if (keys.has(q.key)) {
              ctx.addIssue({
                code: 'custom',
                path: ['questions', i, 'key'],
                message: `duplicate question key ${q.key}`,
              });
            }
            keys.add(q.key);
          });
        }),
      ),
    /** A daily report counts for its day when submitted by `time` local on the day `daysAfter` calendar days later. */
    dailyReportDeadline: z.strictObject({
      daysAfter: wholeNonNegative('daysAfter').check(z.lte(31, { error: 'daysAfter must be at most 31' })),
      time: timeOfDay,
    }),
    /** Points the manager's monthly verdict on the reports' quality adds (negative: takes off). */
    verdictPoints: z.strictObject(
      Object.fromEntries(
        DAILY_REPORT_VERDICTS.map((v) => [v, z.number({ error: `expected points for ${v}` })]),
      ) as {
        [V in (typeof DAILY_REPORT_VERDICTS)[number]]: z.ZodMiniNumber;
      },
    ),
    indicators: z.array(indicatorRule),
  })
  .check(
    z.superRefine((rubric, ctx) => {
      const seen = new Map<string, number>();
      rubric.indicators.forEach((ind, i) => {
        if (seen.has(ind.key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['indicators', i, 'key'],
            message: `indicator ${ind.key} appears twice (also at indicators[${seen.get(ind.key)}])`,
          });
        }
        seen.set(ind.key, i);
      });
      const missing = INDICATOR_KEYS.filter((k) => !seen.has(k));
      if (missing.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators'],
          message: `missing indicators: ${missing.join(', ')}`,
        });
      }
      const weights = rubric.indicators.reduce((sum, ind) => sum + ind.weight, 0);
      // Weights are whole or decimal percentages; compare after rounding away binary noise.
      if (Math.round(weights * 1e6) !== 100e6) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators'],
          message: `weights sum to ${Math.round(weights * 1e6) / 1e6}, not 100`,
        });
      }
    }),
  );

const rubricSchema = z.pipe(
  rubricFields,
  z.transform((rubric: z.output<typeof rubricFields>) => {
    // Sheet order, whatever order the file lists them in; each with the highest points it can give.
    const indicators = INDICATOR_KEYS.map((key) => {
      const ind = rubric.indicators.find((x) => x.key === key)!;
      return { ...ind, maxPoints: maxPointsOf(ind, rubric.verdictPoints) } as IndicatorRuleWithMax;
    });
    const maxTotal = indicators.reduce((sum, ind) => sum + ind.maxPoints, 0);
    return { ...rubric, indicators, maxTotal };
  }),
);

type RawIndicatorRule = z.output<typeof indicatorRule>;
type IndicatorRuleWithMax = RawIndicatorRule & { maxPoints: number };

function maxPointsOf(ind: RawIndicatorRule, verdictPoints: Record<string, number>): number {
  switch (ind.key) {
    case 'resolution':
    case 'followUp':
      return maxBandPoints(ind.bands);
    case 'satisfaction':
      return Math.max(maxBandPoints(ind.bands), ind.missingData.points);
    case 'complaints':
      return ind.base;
    case 'learning':
      return Math.max(maxBandPoints(ind.bands), ind.missingData.points) + ind.bonus.cap;
    case 'dailyReport':
      return Math.max(ind.pointsWhenOverLimit, ind.base + Math.max(0, ...Object.values(verdictPoints)));
  }
}

/** What a rubric file holds (derived fields omitted). */
export type RubricJson = z.input<typeof rubricSchema>;
/** A validated rubric: indicators in sheet order, each with `maxPoints`, and `maxTotal`. */
export type Rubric = z.output<typeof rubricSchema>;
export type IndicatorRule<K extends IndicatorKey = IndicatorKey> = Extract<
  Rubric['indicators'][number],
  { key: K }
>;

/** Parses any value as a rubric; throws ValidationError naming each problem with its path. */
export function loadRubric(json: unknown): Rubric {
  // A rubric is parsed once (at load, for the default one): zod's compiled fast path would cost more to build
  // (on every cold start) than it saves on a single parse. The checks are the same either way.
  return parseWith(rubricSchema, json, 'invalid rubric', { jitless: true });
}

/** The rule of one indicator in a validated rubric. */
export function indicatorRuleOf<K extends IndicatorKey>(rubric: Rubric, key: K): IndicatorRule<K> {
  return rubric.indicators.find((i) => i.key === key) as IndicatorRule<K>;
}
