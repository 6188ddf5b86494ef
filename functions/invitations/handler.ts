// Lambda: the month's survey invitations (EventBridge Scheduler, default the 25th 09:00 local; or `{ "month" }`
// by hand). Safe to run twice: existing invitations are skipped, failed emails are sent by the next run.
import { logger } from '#shared/logger.ts';
import { sendInvitations } from '#shared/pipeline/invitations.ts';
import { lambdaPipelineContext, monthOfRun, parseJobEvent } from '#shared/pipeline/lambda.ts';

export const handler = async (event: unknown) => {
  const ctx = lambdaPipelineContext();
  const month = await monthOfRun(ctx, parseJobEvent(event), 'current');
  const report = await sendInvitations(ctx, { month });
  // Counts only: no names, addresses or links in the logs.
  logger.info('invitations run', {
    month,
    pairs: report.pairs,
    created: report.created,
    sent: report.sent,
    failed: report.failed.length,
    inDoubt: report.inDoubt.length,
  });
  // A send cut short stays in doubt until SES's sending event confirms it (functions/send-events).
  if (report.inDoubt.length > 0) logger.warn('emails in doubt', { month, inDoubt: report.inDoubt });
  return report;
};
