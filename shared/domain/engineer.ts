// Engineers: the people scored. Their employment dates and leave limit their own workdays; the link version
// lets a manager revoke an engineer's daily-report link by bumping it.
import * as z from 'zod';
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
  name: personName.describe(about.name),
  email: email.describe(about.email),
  region: shortText.describe(about.region),
  language: language.default(DEFAULT_LANGUAGE).describe(about.language),
  /** The engineer's manager (receives nothing automatically; shown on reports). */
  managerEmail: email.optional().describe(about.managerEmail),
  startDate: isoDate.nullish().describe(about.startDate),
  endDate: isoDate.nullish().describe(about.endDate),
  /** Approved leave days. */
  leave: z.array(isoDate).default([]).describe(about.leave),
  active: looseBoolean.default(true).describe(about.active),
};

const datesInOrder = (e: { startDate?: string | null; endDate?: string | null }) =>
  !e.startDate || !e.endDate || e.startDate <= e.endDate;
const datesInOrderIssue = { error: 'endDate is before startDate', path: ['endDate'] };

/** A manager adds an engineer. */
export const engineerInput = z.strictObject(engineerFields).refine(datesInOrder, datesInOrderIssue);

/** A manager changes some fields of an engineer (the id names who). */
export const engineerPatch = z
  .strictObject({
    id: entityId,
    name: personName.optional().describe(about.name),
    email: email.optional().describe(about.email),
    region: shortText.optional().describe(about.region),
    language: language.optional().describe(about.language),
    managerEmail: email.nullish().describe(about.managerEmail),
    startDate: isoDate.nullish().describe(about.startDate),
    endDate: isoDate.nullish().describe(about.endDate),
    leave: z.array(isoDate).optional().describe(about.leave),
    active: looseBoolean.optional().describe(about.active),
  })
  .refine(datesInOrder, datesInOrderIssue);

export const engineerSchema = z
  .strictObject({
    ...engineerFields,
    /** Part of every daily-report link token; a token with an older version is revoked. */
    dailyReportLinkVersion: z.number().int().min(1),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .refine(datesInOrder, datesInOrderIssue);
export type Engineer = z.output<typeof engineerSchema>;
