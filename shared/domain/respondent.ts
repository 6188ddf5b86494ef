// Respondents: the regional sales managers and customer contacts who answer the satisfaction survey.
import * as z from '../schema.ts';
import { email, entityId, language, personName, shortText } from './common.ts';

export const RESPONDENT_KINDS = ['regional-sales-manager', 'customer-contact'] as const;
export type RespondentKind = (typeof RESPONDENT_KINDS)[number];

const respondentFields = {
  id: entityId,
  kind: z.enum(RESPONDENT_KINDS, { error: `expected one of ${RESPONDENT_KINDS.join(', ')}` }),
  name: personName,
  email,
  language: z._default(language, 'zh-CN'),
  /** A regional sales manager's region (required for that kind). */
  region: z.optional(shortText),
  /** A customer contact's customer, as written on projects (required for that kind). */
  customer: z.optional(shortText),
};

function kindNeedsItsField(
  r: { kind: RespondentKind; region?: string | undefined; customer?: string | undefined },
  ctx: z.core.$RefinementCtx,
) {
  if (r.kind === 'regional-sales-manager' && !r.region) {
    ctx.addIssue({ code: 'custom', path: ['region'], message: 'a regional sales manager needs a region' });
  }
  if (r.kind === 'customer-contact' && !r.customer) {
    ctx.addIssue({ code: 'custom', path: ['customer'], message: 'a customer contact needs a customer' });
  }
}

export const respondentInput = z.strictObject(respondentFields).check(z.superRefine(kindNeedsItsField));
export type RespondentInput = z.input<typeof respondentInput>;

export const respondentSchema = z
  .strictObject({ ...respondentFields, createdAt: z.string(), updatedAt: z.string() })
  .check(z.superRefine(kindNeedsItsField));
export type Respondent = z.output<typeof respondentSchema>;
