// Respondents: the regional sales managers and customer contacts who answer the satisfaction survey.
import * as z from 'zod';
import { email, entityId, language, personName, shortText } from './common.ts';
import { DEFAULT_LANGUAGE } from './values.ts';

const RESPONDENT_KINDS = ['regional-sales-manager', 'customer-contact'] as const;
type RespondentKind = (typeof RESPONDENT_KINDS)[number];

const respondentFields = {
  id: entityId,
  kind: z
    .enum(RESPONDENT_KINDS, { error: `expected one of ${RESPONDENT_KINDS.join(', ')}` })
    .describe('who they are'),
  name: personName.describe('full name'),
  email: email.describe('email address'),
  language: language.default(DEFAULT_LANGUAGE).describe('language of the survey'),
  /** Required for that kind. */
  region: shortText.optional().describe("a regional sales manager's region"),
  /** As written on projects; required for that kind. */
  customer: shortText.optional().describe("a customer contact's customer"),
};

function kindNeedsItsField(
  r: { kind: RespondentKind; region?: string | undefined; customer?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (r.kind === 'regional-sales-manager' && !r.region) {
    ctx.addIssue({ code: 'custom', path: ['region'], message: 'a regional sales manager needs a region' });
  }
  if (r.kind === 'customer-contact' && !r.customer) {
    ctx.addIssue({ code: 'custom', path: ['customer'], message: 'a customer contact needs a customer' });
  }
}

export const respondentInput = z.strictObject(respondentFields).superRefine(kindNeedsItsField);

export const respondentSchema = z
  .strictObject({ ...respondentFields, createdAt: z.string(), updatedAt: z.string() })
  .superRefine(kindNeedsItsField);
export type Respondent = z.output<typeof respondentSchema>;
