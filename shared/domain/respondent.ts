// Respondents: the regional sales managers and customer contacts who answer the satisfaction survey.
import * as z from '../schema.ts';
import { email, entityId, language, personName, shortText } from './common.ts';
import { DEFAULT_LANGUAGE } from './values.ts';

const RESPONDENT_KINDS = ['regional-sales-manager', 'customer-contact'] as const;
type RespondentKind = (typeof RESPONDENT_KINDS)[number];

const respondentFields = {
  id: entityId,
  kind: z.described(
    z.enum(RESPONDENT_KINDS, { error: `expected one of ${RESPONDENT_KINDS.join(', ')}` }),
    'who they are',
  ),
  name: z.described(personName, 'full name'),
  email: z.described(email, 'email address'),
  language: z.described(z._default(language, DEFAULT_LANGUAGE), 'language of the survey'),
  /** Required for that kind. */
  region: z.described(z.optional(shortText), "a regional sales manager's region"),
  /** As written on projects; required for that kind. */
  customer: z.described(z.optional(shortText), "a customer contact's customer"),
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

export const respondentSchema = z
  .strictObject({ ...respondentFields, createdAt: z.string(), updatedAt: z.string() })
  .check(z.superRefine(kindNeedsItsField));
export type Respondent = z.output<typeof respondentSchema>;
