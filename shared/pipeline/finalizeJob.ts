// The scheduled finalise job (daily from `schedule.finalize` to the month's end, for the previous month): a
// provisional month with no open appeal is finalised; one with open appeals stays provisional and the
// department manager is told which (once per set of open appeals); a final month is left alone.
import { createHash } from 'node:crypto';
import { appealsHoldFinalisationAt } from '../domain/monthRecord.ts';
import { renderFinalisationHeld } from '../mail/finalisationHeld.ts';
import { type Delivery, deliverOnce } from '../outbox/outbox.ts';
import { listEngineers } from '../storage/engineers.ts';
import { ENTITY, keys } from '../storage/keys.ts';
import type { PipelineContext } from './context.ts';
import {
  type FinalizeOutcome,
  finalisationProgress,
  finalizeMonth,
  readMonthLifecycle,
} from './lifecycle.ts';
import type { MonthRuns } from './monthRuns.ts';

/** Who the record of changes names for a finalisation the schedule made. */
export const FINALIZE_JOB_ACTOR = 'finalise job (schedule)';

export type FinalizeJobResult =
  | ({ job: 'finalized' } & FinalizeOutcome)
  | { job: 'already final'; month: string }
  /** Not scored yet (collecting, closed): nothing to finalise. */
  | { job: 'not scored'; month: string; state: string }
  /** Its appeals are open until `until`: a firing past it finalises it. */
  | { job: 'appeals open'; month: string; until: string }
  /** Open appeals hold it: named to the department manager (`notice`: this firing's delivery of that notice). */
  | {
      job: 'held';
      month: string;
      openAppeals: Array<{ engineerId: string; appealId: string }>;
      notice: Delivery['state'];
    };

/**
 * One firing of the finalise job for `month`.
 * 1. Read its state. Final: nothing to do, unless its finalisation stopped before its final run was done (then
 *    complete it). Not scored: nothing to do.
 * 2. Its appeals still open (a first run made after the scheduled one): nothing yet; a firing past the deadline
 *    finalises it.
 * 3. Open appeals: deliver the notice naming them once per set of open appeals (a new appeal is a new set) and
 *    leave the month provisional; a later firing finalises it once they are resolved.
 * 4. Otherwise finalise it (shared/pipeline/lifecycle.ts): the transition, the final run, the final summary.
 */
export async function finalizeJob(
  ctx: PipelineContext,
  month: string,
  runs: MonthRuns,
): Promise<FinalizeJobResult> {
  const { lifecycle, record, settings } = await readMonthLifecycle(ctx, month);
  if (lifecycle.state === 'final') {
    if (!record || (await finalisationProgress(ctx, month, record)) !== 'stopped') {
      return { job: 'already final', month };
    }
    return { job: 'finalized', ...(await finalizeMonth(ctx, month, FINALIZE_JOB_ACTOR, runs)) };
  }
  if (lifecycle.state !== 'provisional') return { job: 'not scored', month, state: lifecycle.state };
  if (appealsHoldFinalisationAt(lifecycle.appealDeadline, ctx.now())) {
    return { job: 'appeals open', month, until: lifecycle.appealDeadline! };
  }
  if (lifecycle.openAppeals.length > 0) {
    const digest = createHash('sha256')
      .update(lifecycle.openAppeals.map((a) => `${a.engineerId}:${a.appealId}`).join('\n'))
      .digest('hex')
      .slice(0, 32);
    const delivery = await deliverOnce(ctx, {
      key: keys.finalisationHeldSent(month, digest),
      type: ENTITY.finalisationHeld,
      label: `open appeals hold finalisation of ${month} (${digest.slice(0, 8)})`,
      render: async () => {
        const names = new Map((await listEngineers(ctx.storage)).map((e) => [e.id, e.name]));
        return renderFinalisationHeld(
          {
            month,
            recipient: {
              name: settings.departmentManager.name,
              email: settings.departmentManager.email,
              language: settings.defaultLanguage,
            },
            openAppeals: lifecycle.openAppeals.map((a) => ({
              ...a,
              engineerName: names.get(a.engineerId) ?? a.engineerId,
            })),
          },
          ctx.mail,
        );
      },
    });
    return { job: 'held', month, openAppeals: lifecycle.openAppeals, notice: delivery.state };
  }
  return { job: 'finalized', ...(await finalizeMonth(ctx, month, FINALIZE_JOB_ACTOR, runs)) };
}
