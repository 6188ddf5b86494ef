// Engineers: the people scored. Their employment dates and leave limit their own workdays; the link version
// lets a manager revoke an engineer's daily-report link by bumping it.
import * as z from 'zod';
import { email, entityId, isoDate, language, looseBoolean, personName, shortText } from './common.ts';

const engineerFields = {
  id: entityId,
  name: personName,
  email,
  language: language.default('zh-CN'),
  region: shortText,
  /** The engineer's manager (receives nothing automatically; shown on reports). */
  managerEmail: email.optional(),
  startDate: isoDate.nullish(),
  endDate: isoDate.nullish(),
  /** Approved leave days. */
  leave: z.array(isoDate).default([]),
  active: looseBoolean.default(true),
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
    name: personName.optional(),
    email: email.optional(),
    language: language.optional(),
    region: shortText.optional(),
    managerEmail: email.nullish(),
    startDate: isoDate.nullish(),
    endDate: isoDate.nullish(),
    leave: z.array(isoDate).optional(),
    active: looseBoolean.optional(),
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
