// Small readers of an API Gateway v2 request shared by the form handlers.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LANGUAGES, type Language } from '../domain/values.ts';
import { LinkInvalidError } from '../errors.ts';
import { header, queryParam } from './body.ts';

/** The credential of `Authorization: Bearer <token>`, if the request has one. */
export function bearerToken(event: APIGatewayProxyEventV2): string | undefined {
  const value = header(event, 'authorization');
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1];
}

/** A form link's token: the bearer credential of a script, else the `{token}` path segment. */
export function linkToken(event: APIGatewayProxyEventV2): string {
  const token = bearerToken(event) ?? event.pathParameters?.token;
  if (!token) throw new LinkInvalidError('no link token');
  return token;
}

/** `?lang=en` / `?lang=zh-CN` when it names a language of the product. */
export function requestedLanguage(event: APIGatewayProxyEventV2): Language | undefined {
  const lang = queryParam(event, 'lang');
  return LANGUAGES.find((l) => l === lang);
}

/** Whether the caller is a script that wants JSON back rather than a page. */
export function wantsJson(event: APIGatewayProxyEventV2): boolean {
  const accept = header(event, 'accept') ?? '';
  const contentType = header(event, 'content-type') ?? '';
  return (
    bearerToken(event) !== undefined ||
    contentType.includes('json') ||
    (accept.includes('application/json') && !accept.includes('text/html'))
  );
}
