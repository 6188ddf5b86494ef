// The engineer-month page's read model (console.md "What it shows and does" 2): the admin use case's answer,
// shown only to whom may see the engineer's region (a viewer of another region: 403, never an empty page); and a
// change's preview or save refused for its fields, turned into the problems its form shows.
import { ENGINEER_MONTH_CHANGES, type EngineerMonth, engineerMonth } from '../admin/engineerMonth.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import type { Storage } from '../storage/client.ts';
import { boundedProblems, type FieldProblem } from '../validation.ts';
import { maySee, type Principal } from './roles.ts';

export async function engineerMonthFor(
  storage: Storage,
  principal: Principal & { actor: string },
  input: { engineerId: string | undefined; month: string | undefined },
  now: Date,
): Promise<EngineerMonth> {
  const view = await engineerMonth({ storage, now: () => now, actor: principal.actor }, input);
  if (!maySee(principal, view.engineer.region)) {
    throw new ForbiddenError(`you may see the engineers of ${principal.regions.join(', ')} only`);
  }
  return view;
}

/** A proposed change's outcome: the use case's answer, or the problems of the form's fields (400). */
export type ChangeOutcome<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/**
 * Runs a change's preview or save for a form of the page. A ValidationError of a change the page has a form for
 * becomes its problems, to show beside that form's fields; anything else (a final month, a viewer, an unknown
 * item, a kind no form sends) is the error page's.
 */
export async function submitChange<T>(
  kind: string | undefined,
  run: () => Promise<T>,
): Promise<ChangeOutcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const ofAForm = (ENGINEER_MONTH_CHANGES as readonly (string | undefined)[]).includes(kind);
    if (error instanceof ValidationError && ofAForm) {
      return { ok: false, problems: boundedProblems(error.problems) };
    }
    throw error;
  }
}
