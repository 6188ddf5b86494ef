// Lambda: the manager console under /console (server-rendered pages, sign-in through OpenID Connect, its static
// files, the month's actions). Every route checks the session and the role itself (shared/http/console.ts); pages
// load our own scripts only, so the function answers with the console's CSP and error pages rather than the forms'.
import { SQSClient } from '@aws-sdk/client-sqs';
import { CONSOLE_CONTENT_SECURITY_POLICY } from '#shared/console/views.ts';
import { consoleError, consoleRoutes, useConsoleMonthRuns } from '#shared/http/console.ts';
import { httpHandler } from '#shared/http/stack.ts';
import { sqsMonthRuns } from '#shared/pipeline/sqsQueue.ts';

// The month actions (run, finalise) dispatch to the scoring queue, as the admin API's do.
useConsoleMonthRuns(sqsMonthRuns(new SQSClient({})));

export const handler = httpHandler(consoleRoutes, {
  format: 'html',
  contentSecurityPolicy: CONSOLE_CONTENT_SECURITY_POLICY,
  errorPage: consoleError,
});
