// The local scheduler: while `npm start` runs, fires the monthly jobs (invitations, reminder, scoring of the
// previous month) and the finalise job (daily from `schedule.finalize` to the month's end, for the previous
// month) at the times the organisation's settings give, in its time zone — what EventBridge Scheduler does on
// AWS. Scoring runs in-process with the local queue. Runs missed while stopped are not caught up: run them with
// `npm run kpi -- invite|remind|run-month MONTH` or `kpi month finalize MONTH`.

import { finalisationFirings } from '../shared/domain/monthRecord.ts';
import type { OrganisationSettings } from '../shared/domain/organisation.ts';
import { monthOf, nextMonth, previousMonth, slotInstant } from '../shared/domain/values.ts';
import { MonthStateError } from '../shared/errors.ts';
import { mailConfigFromEnvironment } from '../shared/mail/config.ts';
import type { SendEvidence } from '../shared/outbox/outbox.ts';
import { type PipelineContext, pipelineContext } from '../shared/pipeline/context.ts';
import { type FinalizeJobResult, finalizeJob } from '../shared/pipeline/finalizeJob.ts';
import { sendInvitations, sendReminders } from '../shared/pipeline/invitations.ts';
import type { LocalQueueOptions } from '../shared/pipeline/localQueue.ts';
import { inProcessMonthRuns } from '../shared/pipeline/localRuns.ts';
import { runMonth } from '../shared/pipeline/runMonth.ts';
import type { Storage } from '../shared/storage/client.ts';
import { findOrganisationSettings } from '../shared/storage/organisation.ts';

type LocalJob = 'invitations' | 'reminder' | 'scoring' | 'finalize';
type MonthlyJob = Exclude<LocalJob, 'finalize'>;

interface PlannedRun {
  job: LocalJob;
  /** When it fires. */
  at: Date;
  /** The month it works on (scoring, finalise: the month before the one it fires in). */
  month: string;
}

const SLOT: Record<MonthlyJob, (s: OrganisationSettings) => OrganisationSettings['schedule']['invitations']> =
  {
    invitations: (s) => s.schedule.invitations,
    reminder: (s) => s.schedule.reminder,
    scoring: (s) => s.schedule.scoring,
  };

/**
 * The finalise job's next firing strictly after `after`: daily at `schedule.finalize`'s time from its day to the
 * month's last day (a month held by open appeals is finalised by a later firing), for the previous month.
 */
function nextFinalizeRun(settings: OrganisationSettings, after: Date): PlannedRun {
  for (let month = monthOf(after, settings.timezone); ; month = nextMonth(month)) {
    const finalising = previousMonth(month);
    const at = finalisationFirings(finalising, settings).find((a) => a.getTime() > after.getTime());
    if (at) return { job: 'finalize', at, month: finalising };
  }
}

/** Each job's next run strictly after `after`, earliest first. */
export function nextRuns(settings: OrganisationSettings, after: Date): PlannedRun[] {
  const zone = settings.timezone;
  const thisMonth = monthOf(after, zone);
  const runs: PlannedRun[] = (Object.keys(SLOT) as MonthlyJob[]).map((job) => {
    let at = slotInstant(thisMonth, SLOT[job](settings), zone);
    if (at.getTime() <= after.getTime()) at = slotInstant(nextMonth(thisMonth), SLOT[job](settings), zone);
    const firesIn = monthOf(at, zone);
    return { job, at, month: job === 'scoring' ? previousMonth(firesIn) : firesIn };
  });
  runs.push(nextFinalizeRun(settings, after));
  return runs.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** One line of what a firing of the finalise job did. */
function finalizeLine(r: FinalizeJobResult): string {
  switch (r.job) {
    case 'finalized':
      return r.run === null
        ? (r.note ?? 'finalised')
        : r.run.mode === 'in-process'
          ? `${r.outcome}: scored ${r.run.scored}, emailed ${r.run.emailed}, final summary ${r.run.summary}`
          : `${r.outcome}: dispatched ${r.run.dispatched}`;
    case 'held':
      return `held by open appeals (${r.openAppeals.map((a) => `${a.engineerId} ${a.appealId}`).join(', ')}); notice ${r.notice}`;
    case 'not scored':
      return `not scored yet (${r.state})`;
    case 'appeals open':
      return `appeals open until ${r.until}: finalised by a firing after that`;
    default:
      return 'already final';
  }
}

interface LocalSchedulerOptions {
  storage: Storage;
  /** Where the form links in emails point (the local gateway). */
  publicBaseUrl?: string | undefined;
  /** The pipeline context; default: `storage`, the SES stand-in and sender from the configuration. */
  ctx?: PipelineContext;
  /** The clock; tests move it. */
  now?: () => Date;
  /** The in-process scoring queue's settings. */
  queue?: LocalQueueOptions;
  /** One line per run and per problem (no personal data). */
  log?: (line: string) => void;
  /** Longest sleep between looks at the settings (they may change while it runs). */
  recheckMs?: number;
  /** Where sends left in doubt are checked (the stand-in's store). */
  evidence?: SendEvidence;
}

interface LocalScheduler {
  /** What fires next (empty until the organisation is set up). */
  planned(): Promise<PlannedRun[]>;
  /** Stops the timer and waits for a running job to finish. */
  stop(): Promise<void>;
}

/**
 * Starts the scheduler.
 * 1. Read the settings (the organisation may not be set up yet: look again later).
 * 2. Sleep until the earliest next run (at most `recheckMs`, so changed settings are picked up).
 * 3. When a run is due, run it (one job at a time) and log its one-line result; a failed run is logged and
 *    the scheduler goes on to the next one.
 */
export function startLocalScheduler(options: LocalSchedulerOptions): LocalScheduler {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.log(line));
  const recheckMs = options.recheckMs ?? 60 * 60_000;
  const ctx =
    options.ctx ??
    pipelineContext({
      storage: options.storage,
      mail: mailConfigFromEnvironment(),
      publicBaseUrl: options.publicBaseUrl,
      now,
      evidence: options.evidence,
    });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  // Runs are planned after the last one fired, so a job never fires twice for one slot.
  let plannedAfter = now();

  const plan = async (): Promise<PlannedRun[]> => {
    const settings = await findOrganisationSettings(options.storage);
    return settings ? nextRuns(settings, plannedAfter) : [];
  };

  const fire = async (run: PlannedRun): Promise<void> => {
    try {
      if (run.job === 'invitations') {
        const r = await sendInvitations(ctx, { month: run.month });
        log(
          `scheduler: invitations ${run.month}: sent ${r.sent}, failed ${r.failed.length}, in doubt ${r.inDoubt.length}`,
        );
      } else if (run.job === 'reminder') {
        const r = await sendReminders(ctx, { month: run.month });
        log(
          `scheduler: reminders ${run.month}: sent ${r.reminded}, failed ${r.failed.length}, in doubt ${r.inDoubt.length}`,
        );
      } else if (run.job === 'finalize') {
        const r = await finalizeJob(ctx, run.month, inProcessMonthRuns(ctx, options.queue));
        log(`scheduler: finalize ${run.month}: ${finalizeLine(r)}`);
      } else {
        const r = await runMonth(ctx, { ...options.queue, month: run.month });
        log(
          `scheduler: scoring ${run.month}: scored ${r.scored}, emailed ${r.emailed}, unchanged ${r.unchanged}, failed ${r.failed.length}, in doubt ${r.inDoubt.length}${r.summaryHeld ? ' (team summary held)' : ''}`,
        );
      }
    } catch (error) {
      // A month that cannot be scored yet is not a failure of the run: nothing was scored or sent.
      const what = error instanceof MonthStateError ? 'not run' : 'failed';
      log(
        `scheduler: ${run.job} ${run.month} ${what}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  const tick = async (): Promise<void> => {
    if (stopped) return;
    let wait = recheckMs;
    try {
      const current = now();
      const runs = await plan();
      const due = runs.filter((r) => r.at.getTime() <= current.getTime());
      for (const run of due) {
        if (stopped) return;
        plannedAfter = run.at;
        await fire(run);
      }
      const next = (due.length > 0 ? await plan() : runs)[0];
      if (next) wait = Math.min(recheckMs, Math.max(0, next.at.getTime() - now().getTime()));
    } catch (error) {
      log(`scheduler: cannot read the settings: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), wait);
  };

  running = tick();
  return {
    planned: plan,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
