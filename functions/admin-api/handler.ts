// Lambda: the admin JSON API under /admin/..., the routes of shared/admin/routes.ts. Authenticated first (IAM
// on AWS, a bearer admin token locally), then each route builds its input and calls its one use case. A run it
// starts (finalise, run a month) is dispatched to the scoring queue.
import { SQSClient } from '@aws-sdk/client-sqs';
import { adminRoutes } from '#shared/admin/routes.ts';
import { adminAuth, adminHttpRoutes } from '#shared/http/admin.ts';
import { httpHandler } from '#shared/http/stack.ts';
import { sqsMonthRuns } from '#shared/pipeline/sqsQueue.ts';

export const handler = httpHandler(adminHttpRoutes(adminRoutes, { runs: sqsMonthRuns(new SQSClient({})) }), {
  format: 'json',
  middlewares: [adminAuth()],
});
