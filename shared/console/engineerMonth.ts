// The engineer-month page's read model (console.md "What it shows and does" 2): the admin use case's answer,
// shown only to whom may see the engineer's region (a viewer of another region: 403, never an empty page).
import { type EngineerMonth, engineerMonth } from '../admin/engineerMonth.ts';
import { ForbiddenError } from '../errors.ts';
import type { Storage } from '../storage/client.ts';
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
