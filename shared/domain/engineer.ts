// Engineers: the people scored. Their employment dates and leave limit their own workdays; the link version
// lets a manager revoke an engineer's daily-report link by bumping it.
import * as z from '../schema.ts';
import { email, entityId, isoDate, language, looseBoolean, personName, shortText } from './common.ts';
import { DEFAULT_LANGUAGE } from './values.ts';

// What each field is, for the OpenAPI document and the `kpi engineers` options' help.
const about = {
  name: 'full name',
  email: 'email address',
  region: 'region',
  language: 'language of forms and emails',
  managerEmail: "the engineer's manager",
  startDate: 'employment start YYYY-MM-DD',
  endDate: 'employment end YYYY-MM-DD',
  leave: 'approved leave days',
  active: 'whether the engineer is scored',
};

const engineerFields = {
  id: entityId,
  name: z.described(personName, about.name),
  email: z.described(email, about.email),
  region: z.described(shortText, about.region),
  language: z.described(z._default(language, DEFAULT_LANGUAGE), about.language),
  /** The engineer's manager (receives nothing automatically; shown on reports). */
  managerEmail: z.described(z.optional(email), about.managerEmail),
  startDate: z.described(z.nullish(isoDate), about.startDate),
  endDate: z.described(z.nullish(isoDate), about.endDate),
  /** Approved leave days. */
  leave: z.described(z._default(z.array(isoDate), []), about.leave),
  active: z.described(z._default(looseBoolean, true), about.active),
};

const datesInOrder = (e: { startDate?: string | null; endDate?: string | null }) =>
  !e.startDate || !e.endDate || e.startDate <= e.endDate;
const datesInOrderIssue = { error: 'endDate is before startDate', path: ['endDate'] };

/** A manager adds an engineer. */
export const engineerInput = z.strictObject(engineerFields).check(z.refine(datesInOrder, datesInOrderIssue));

/** A manager changes some fields of an engineer (the id names who). */
export const engineerPatch = z
  .strictObject({
    id: entityId,
    name: z.described(z.optional(personName), about.name),
    email: z.described(z.optional(email), about.email),
    region: z.described(z.optional(shortText), about.region),
    language: z.described(z.optional(language), about.language),
    managerEmail: z.described(z.nullish(email), about.managerEmail),
    startDate: z.described(z.nullish(isoDate), about.startDate),
    endDate: z.described(z.nullish(isoDate), about.endDate),
    leave: z.described(z.optional(z.array(isoDate)), about.leave),
    active: z.described(z.optional(looseBoolean), about.active),
  })
  .check(z.refine(datesInOrder, datesInOrderIssue));

export const engineerSchema = z
  .strictObject({
    ...engineerFields,
    /** Part of every daily-report link token; a token with an older version is revoked. */
    dailyReportLinkVersion: z.number().check(z.int(), z.gte(1)),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .check(z.refine(datesInOrder, datesInOrderIssue));
export type Engineer = z.output<typeof engineerSchema>;
