// An appeal (申诉, ../shared/spec/lifecycle.md "Appeals"): an engineer questions one or more indicators of a
// provisional month's card, saying why. One open appeal per engineer-month; editable until it is resolved or the
// month's appeal deadline passes; an admin upholds it (optionally with the correcting override) or rejects it,
// with a reason. It names the card revision the engineer saw, so the outcome can be read against it.
import { INDICATOR_KEYS } from '../rubric/indicators.ts';
import * as z from '../schema.ts';
import { entityId, isoTimestamp, longText, looseNumber, monthId } from './common.ts';

export const APPEAL_STATUSES = ['open', 'upheld', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** The longest reason an engineer may give. */
export const APPEAL_REASON_MAX = 2000;

const indicatorKey = z.enum(INDICATOR_KEYS, { error: `expected one of ${INDICATOR_KEYS.join(', ')}` });

/** What the engineer says: which indicators, and why. The same schema for the form and for JSON. */
export const appealTextInput = z.strictObject({
  indicators: z.pipe(
    z
      .array(indicatorKey, { error: 'choose at least one indicator' })
      .check(
        z.minLength(1, { error: 'choose at least one indicator' }),
        z.maxLength(INDICATOR_KEYS.length, { error: `at most ${INDICATOR_KEYS.length} indicators` }),
      ),
    // In sheet order, each once, however the form or a script sent them.
    z.transform((chosen) => INDICATOR_KEYS.filter((k) => chosen.includes(k))),
  ),
  reason: z.pipe(
    z
      .string({ error: 'say why you appeal' })
      .check(z.trim(), z.maxLength(APPEAL_REASON_MAX, { error: `at most ${APPEAL_REASON_MAX} characters` })),
    z.string().check(z.minLength(1, { error: 'say why you appeal' })),
  ),
});
export type AppealText = z.output<typeof appealTextInput>;

/** One version of the appeal's text, oldest first: the first is what was filed. */
const appealRevision = z.strictObject({
  indicators: z.array(indicatorKey),
  reason: z.string(),
  at: isoTimestamp,
});

export const appealSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  engineerId: entityId,
  month: monthId,
  /** The card revision the report the engineer appealed from showed. */
  cardRevision: z.number().check(z.int(), z.gte(1)),
  indicators: z.array(indicatorKey),
  reason: z.string(),
  status: z.enum(APPEAL_STATUSES),
  filedAt: isoTimestamp,
  updatedAt: isoTimestamp,
  /** Appeals of the month close at this instant (the month's appeal deadline). */
  deadline: isoTimestamp,
  revisions: z.array(appealRevision),
  resolvedAt: z.optional(isoTimestamp),
  resolvedBy: z.optional(z.string()),
  /** Why it was upheld or rejected (told to the engineer). */
  outcomeReason: z.optional(z.string()),
  /** The override an upheld appeal was corrected with, if it was corrected by one. */
  correction: z.optional(z.strictObject({ indicator: indicatorKey, points: z.number().check(z.gte(0)) })),
});
export type Appeal = z.output<typeof appealSchema>;

/** How an admin resolves an appeal (`kpi appeals resolve <id> --upheld|--rejected --reason …`). */
export const appealResolutionInput = z
  .strictObject({
    id: z.string().check(z.minLength(1), z.maxLength(100)),
    upheld: z.described(
      z._default(z.boolean({ error: 'expected true or false' }), false),
      'the appeal is upheld',
    ),
    rejected: z.described(
      z._default(z.boolean({ error: 'expected true or false' }), false),
      'the appeal is rejected',
    ),
    reason: z.described(
      z.pipe(longText(1000), z.string().check(z.minLength(1, { error: 'give a reason for the outcome' }))),
      'why (told to the engineer)',
    ),
    indicator: z.described(z.optional(indicatorKey), 'upheld: the indicator to correct with an override'),
    points: z.described(
      z.optional(looseNumber(z.number({ error: 'expected points ≥ 0' }).check(z.gte(0), z.lte(1000)))),
      'upheld: the override points of that indicator',
    ),
  })
  .check(
    z.superRefine((value, ctx) => {
      if (value.upheld === value.rejected) {
        ctx.addIssue({ code: 'custom', path: ['upheld'], message: 'say either upheld or rejected' });
      }
      if ((value.indicator === undefined) !== (value.points === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [value.indicator === undefined ? 'indicator' : 'points'],
          message: 'an override needs both the indicator and the points',
        });
      }
      if (value.rejected && value.indicator !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['indicator'], message: 'a rejected appeal corrects nothing' });
      }
    }),
  );
export type AppealResolution = z.output<typeof appealResolutionInput>;

/** An appeal id: the engineer-month it belongs to and when it was filed stay readable in it. */
export function newAppealId(engineerId: string, month: string, filedAt: Date, random: string): string {
  return `ap-${month}-${engineerId}-${filedAt.getTime().toString(36)}${random}`.slice(0, 100);
}
