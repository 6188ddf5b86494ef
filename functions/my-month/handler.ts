// Lambda: an engineer's own page, "my month" (我的考核), GET /r/{token}/month — the daily-report link's token is
// its credential. Its own function, read-only on the table: the page scores the month so far with the engine,
// which the daily-report form's cold start does not carry.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { myMonthPage } from '#shared/forms/myMonth.ts';
import { linkToken, requestedLanguage } from '#shared/http/request.ts';
import { type HttpResponse, htmlResponse } from '#shared/http/responses.ts';
import { httpHandler } from '#shared/http/stack.ts';
import { storage } from '#shared/storage/fromConfig.ts';

async function showMyMonth(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const page = await myMonthPage(storage(), linkToken(event), requestedLanguage(event), new Date());
  return htmlResponse(page.status, page.html);
}

export const handler = httpHandler([{ method: 'GET', path: '/r/{token}/month', handler: showMyMonth }], {
  format: 'html',
});
