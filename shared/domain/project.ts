// Projects: each is supported by one engineer and needs a follow-up visit every week it is active.
import * as z from '../schema.ts';
import { entityId, isoDate, shortText } from './common.ts';
import { firstDayOf, lastDayOf, type Month } from './values.ts';

const projectFields = {
  id: entityId,
  name: z.described(shortText, 'project name'),
  customer: z.described(shortText, 'customer'),
  engineerId: z.described(entityId, 'the engineer who supports it'),
  start: z.described(isoDate, 'start YYYY-MM-DD'),
  end: z.described(z.nullish(isoDate), 'end YYYY-MM-DD'),
};
const endAfterStart = (p: { start: string; end?: string | null }) => !p.end || p.start <= p.end;
const endAfterStartIssue = { error: 'end is before start', path: ['end'] };

/** A manager adds or replaces a project (a changed engineerId moves it to that engineer). */
export const projectInput = z.strictObject(projectFields).check(z.refine(endAfterStart, endAfterStartIssue));

export const projectSchema = z
  .strictObject({ ...projectFields, createdAt: z.string(), updatedAt: z.string() })
  .check(z.refine(endAfterStart, endAfterStartIssue));
export type Project = z.output<typeof projectSchema>;

/** Whether the project runs on at least one day of `month` (dates are local `YYYY-MM-DD`). */
export function activeInMonth(project: { start: string; end?: string | null }, month: Month): boolean {
  return project.start <= lastDayOf(month) && (!project.end || project.end >= firstDayOf(month));
}
