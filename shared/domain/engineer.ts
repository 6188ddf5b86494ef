// Engineers: the people scored. Their employment dates and leave limit their own workdays; the link version
// lets a manager revoke an engineer's daily-report link by bumping it.
import * as z from '../schema.ts';
import { email, entityId, isoDate, language, looseBoolean, personName, shortText } from './common.ts';

const engineerFields = {
  id: entityId,
  name: personName,
  email,
  language: z._default(language, 'zh-CN'),
  region: shortText,
  /** The engineer's manager (receives nothing automatically; shown on reports). */
  managerEmail: z.optional(email),
  startDate: z.nullish(isoDate),
  endDate: z.nullish(isoDate),
  /** Approved leave days. */
  leave: z._default(z.array(isoDate), []),
  active: z._default(looseBoolean, true),
};

const datesInOrder = (e: { startDate?: string | null; endDate?: string | null }) =>
  !e.startDate || !e.endDate || e.startDate <= e.endDate;
const datesInOrderIssue = { error: 'endDate is before startDate', path: ['endDate'] };

/** A manager adds an engineer. */
export const engineerInput = z.strictObject(engineerFields).check(z.refine(datesInOrder, datesInOrderIssue));
export type EngineerInput = z.input<typeof engineerInput>;

/** A manager changes some fields of an engineer (the id names who). */
export const engineerPatch = z
  .strictObject({
    id: entityId,
    name: z.optional(personName),
    email: z.optional(email),
    language: z.optional(language),
    region: z.optional(shortText),
    managerEmail: z.nullish(email),
    startDate: z.nullish(isoDate),
    endDate: z.nullish(isoDate),
    leave: z.optional(z.array(isoDate)),
    active: z.optional(looseBoolean),
  })
  .check(z.refine(datesInOrder, datesInOrderIssue));
export type EngineerPatch = z.input<typeof engineerPatch>;

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
