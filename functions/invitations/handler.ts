// Lambda: the month's survey invitations (EventBridge Scheduler, default the 25th 09:00 local; or `{ "month" }`
// by hand). Safe to run twice: existing invitations are skipped, failed emails are sent by the next run.
import { sendInvitations } from '#shared/pipeline/invitations.ts';
import { lambdaPipelineContext, monthOfRun, parseJobEvent } from '#shared/pipeline/lambda.ts';

export const handler = async (event: unknown) => {
  const ctx = lambdaPipelineContext();
  const month = await monthOfRun(ctx, parseJobEvent(event), 'current');
  return sendInvitations(ctx, { month });
};
