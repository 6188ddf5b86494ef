// Lambda: one reminder per unanswered survey invitation of the month (EventBridge Scheduler, default the 28th;
// or `{ "month" }` by hand). Never a second reminder: each goes through the outbox (claimed once).

import { logger } from '#shared/logger.ts';
import { sendReminders } from '#shared/pipeline/invitations.ts';
import { lambdaPipelineContext, monthOfRun, parseJobEvent } from '#shared/pipeline/lambda.ts';

export const handler = async (event: unknown) => {
  const ctx = lambdaPipelineContext();
  const month = await monthOfRun(ctx, parseJobEvent(event), 'current');
  const report = await sendReminders(ctx, { month });
  logger.info('reminder run', {
    month,
    reminded: report.reminded,
    skipped: report.skipped,
    failed: report.failed.length,
    inDoubt: report.inDoubt.length,
  });
  // A send cut short stays in doubt until SES's sending event confirms it (functions/send-events).
  if (report.inDoubt.length > 0) logger.warn('emails in doubt', { month, inDoubt: report.inDoubt });
  return report;
};
