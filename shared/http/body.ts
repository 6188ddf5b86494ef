// Request bodies at the HTTP edge: size, content type, and parsing with zod into FieldProblems, so a handler
// only ever sees a validated value or the request has already failed with 400/413/415.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors.ts';
import type * as z from '../schema.ts';
import { parseWith } from '../validation.ts';

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  // API Gateway v2 lowercases header names; the local gateway does the same.
  return event.headers?.[name.toLowerCase()];
}

/** The body's size in bytes as the client sent it. */
function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (!event.body) return 0;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').length : Buffer.byteLength(event.body);
}

export function assertBodyWithin(event: APIGatewayProxyEventV2, maxBytes: number): void {
  const size = bodyBytes(event);
  if (size > maxBytes) {
    throw new PayloadTooLargeError(`request body is ${size} bytes; the limit is ${maxBytes}`);
  }
}

export function bodyText(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

type BodyKind = 'json' | 'form';

export function bodyKind(event: APIGatewayProxyEventV2): BodyKind {
  const type = (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  throw new UnsupportedMediaTypeError(
    `unsupported content type ${type || '(none)'}: send application/json or application/x-www-form-urlencoded`,
  );
}

/** The JSON body as an unknown value; text that is not JSON is a 400 naming the body. */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const text = bodyText(event);
  if (text.trim() === '') throw new ValidationError([{ path: '', message: 'request body is empty' }]);
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ path: '', message: 'request body is not valid JSON' }]);
  }
}

/**
 * Bounds of any form a browser posts to us. Our forms have a few dozen fields of at most 5,000 characters; a body
 * beyond these is refused whole (400) before any handler works on it or echoes it back into a page.
 */
export const FORM_LIMITS = { fields: 1_000, fieldChars: 10_000 } as const;

/** The urlencoded body's fields; a repeated name keeps every value in order. */
export function formBody(event: APIGatewayProxyEventV2): URLSearchParams {
  const form = new URLSearchParams(bodyText(event));
  let fields = 0;
  for (const [name, value] of form) {
    if (++fields > FORM_LIMITS.fields) {
      throw new ValidationError([{ path: '', message: `a form has at most ${FORM_LIMITS.fields} fields` }]);
    }
    if (name.length > FORM_LIMITS.fieldChars || value.length > FORM_LIMITS.fieldChars) {
      throw new ValidationError([
        {
          path: name.length > 100 ? '' : name,
          message: `a form field has at most ${FORM_LIMITS.fieldChars} characters`,
        },
      ]);
    }
  }
  return form;
}

/** A JSON body parsed with a schema (415 for other content types). */
export function parseJsonBody<S extends z.core.$ZodType>(
  event: APIGatewayProxyEventV2,
  schema: S,
): z.output<S> {
  if (bodyKind(event) !== 'json') {
    throw new UnsupportedMediaTypeError('send the body as application/json');
  }
  return parseWith(schema, jsonBody(event));
}

export function queryParam(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.queryStringParameters?.[name];
}

/** Whether the body is a browser's file upload (`<form enctype="multipart/form-data">`). */
export function isMultipart(event: APIGatewayProxyEventV2): boolean {
  return (header(event, 'content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * A multipart/form-data body (a file upload) as its text fields and files, read by the platform's own parser
 * (undici's `Request.formData()`, built into Node) rather than by hand. Bounded before parsing: a body over
 * `maxBytes` is a 413; a body that is not well-formed multipart is a 400.
 */
export async function multipartBody(
  event: APIGatewayProxyEventV2,
  maxBytes: number,
): Promise<{ fields: URLSearchParams; files: Map<string, File> }> {
  assertBodyWithin(event, maxBytes);
  const raw = event.body
    ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0);
  let data: FormData;
  try {
    data = await new Request('http://upload.invalid/', {
      method: 'POST',
      headers: { 'content-type': header(event, 'content-type') ?? '' },
      body: raw,
    }).formData();
  } catch {
    throw new ValidationError([
      { path: '', message: 'the upload is not a well-formed multipart/form-data body' },
    ]);
  }
  const fields = new URLSearchParams();
  const files = new Map<string, File>();
  let count = 0;
  for (const [name, value] of data) {
    if (++count > FORM_LIMITS.fields) {
      throw new ValidationError([{ path: '', message: `a form has at most ${FORM_LIMITS.fields} fields` }]);
    }
    if (typeof value === 'string') fields.append(name, value);
    else files.set(name, value);
  }
  return { fields, files };
}
