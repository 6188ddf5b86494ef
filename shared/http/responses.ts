// Response shapes of the HTTP API (API Gateway v2 structured results).
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> };

export function htmlResponse(
  statusCode: number,
  body: string,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    // Form pages hold a person's answers: never cached by browsers or proxies.
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      // A form page needs no device feature at all.
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=()',
      ...headers,
    },
    body,
  };
}

export function jsonResponse(
  statusCode: number,
  data: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(data),
  };
}
