// The admin API's runs on one machine (`npm start`, the tests' stack): in-process with the local queue, answered
// once the run is over. Its own module: the admin API's Lambda bundle never carries the scoring path.
import type { PipelineContext } from './context.ts';
import type { LocalQueueOptions } from './localQueue.ts';
import type { MonthRunAnswer, MonthRuns } from './monthRuns.ts';
import { type MonthRunReport, runMonth } from './runMonth.ts';

function summaryOf(r: MonthRunReport): Extract<MonthRunAnswer, { mode: 'in-process' }>['summary'] {
  if (r.summarySent) return 'sent';
  if (r.summaryHeld) return 'held';
  if (r.summaryInDoubt) return 'in doubt';
  if (r.summaryError) return 'not sent';
  return 'nothing new';
}

export function inProcessMonthRuns(ctx: PipelineContext, queue: LocalQueueOptions = {}): MonthRuns {
  return {
    async run(month, { final }) {
      const r = await runMonth(ctx, { ...queue, month, final });
      return {
        mode: 'in-process',
        month,
        final,
        engineers: r.engineers,
        scored: r.scored,
        emailed: r.emailed,
        unchanged: r.unchanged,
        parked: r.failed,
        inDoubt: r.inDoubt.length,
        summary: summaryOf(r),
      };
    },
  };
}
