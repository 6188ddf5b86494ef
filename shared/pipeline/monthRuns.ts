// Starting a month's scoring run from the admin API (finalisation, `POST /admin/months/{month}/run`, the
// console): a port the admin use cases receive through their context. On one machine the run happens in-process
// with the local queue (shared/pipeline/localRuns.ts, wired by the local stack); on AWS the admin API dispatches
// to the scoring queue, as the scheduled dispatcher does, and the workers do the rest.
import type { PipelineReadContext } from './context.ts';
import { dispatchMonth, type ScoringQueue } from './dispatch.ts';

/** What a run started from the admin API did. */
export type MonthRunAnswer =
  | {
      /** Run in this process, to the end. */
      mode: 'in-process';
      month: string;
      final: boolean;
      engineers: number;
      scored: number;
      emailed: number;
      unchanged: number;
      /** Engineers parked after their last attempt, with why. */
      parked: Array<{ engineerId: string; reason: string }>;
      /** Reports nobody can say SES took (a later run resolves them). */
      inDoubt: number;
      /** The team summary (the "final" one for a final run): sent now, or why not. */
      summary: 'sent' | 'nothing new' | 'held' | 'in doubt' | 'not sent';
    }
  | {
      /** Queued for the scoring workers; they send the reports and the summary. */
      mode: 'dispatched';
      month: string;
      final: boolean;
      runId: string;
      dispatched: number;
    };

/** Starts a run of a month: a regular one, or the final run of a finalisation (`final`). */
export interface MonthRuns {
  run(month: string, options: { final: boolean }): Promise<MonthRunAnswer>;
}

/**
 * Runs dispatched to `queue` (SQS on AWS): what the scheduled dispatcher does, answered with the count. The
 * queue is built only when there is something to send, so a month refused (collecting, final) is refused as
 * such, and a process that never runs needs no queue.
 */
export function queuedMonthRuns(ctx: () => PipelineReadContext, queue: () => ScoringQueue): MonthRuns {
  const lazy: ScoringQueue = {
    send: async (messages) => {
      if (messages.length > 0) await queue().send(messages);
    },
  };
  return {
    async run(month, { final }) {
      const { runId, engineerIds } = await dispatchMonth(ctx(), { month, final }, lazy);
      return { mode: 'dispatched', month, final, runId, dispatched: engineerIds.length };
    },
  };
}

let installedRuns: MonthRuns | undefined;

/**
 * How this process's HTTP functions (the admin API and the console) start runs, in place of their own (the
 * scoring queue): the local stack (`npm start`, the tests) installs its in-process runs, as the handler modules are
 * the ones Lambda runs. One slot for both, so the console and the API cannot run a month differently.
 */
export function installMonthRuns(runs: MonthRuns | undefined): void {
  installedRuns = runs;
}

/** The runs installed for this process, if any (else the function's own). */
export function installedMonthRuns(): MonthRuns | undefined {
  return installedRuns;
}
