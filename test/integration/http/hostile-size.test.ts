// Big and hostile bodies on every public route (and an admin one): each is answered within a generous bound
// (a guard against pathological blow-up, not a speed measurement — that is bench/), with a small response
// that never echoes the input beyond a field's own limit, and nothing stored.
import { describe, expect, it } from 'vitest';
import { findDailyReport } from '../../../shared/storage/dailyReports.ts';
import { findSurveyResponse } from '../../../shared/storage/survey.ts';
import { useStack } from '../../support/stack.ts';

const stack = useStack();
const LIMIT = 1024 * 1024; // MAX_BODY_BYTES, the handlers' default
const JUST_UNDER = LIMIT - 1;
const RESPONSE_BYTES = 64 * 1024;
const GUARD_MS = 10_000;

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** Exactly `bytes` long: `unit` repeated, padded with `x`s in a last field/string. */
function manyFormFields(bytes: number): string {
  const unit = 'a=1&';
  const body = unit.repeat(Math.floor((bytes - 10) / unit.length));
  return body + 'z='.padEnd(bytes - body.length, 'x');
}
function manyJsonFields(bytes: number): string {
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes - 40; i++) {
    const part = `"k${i}":${i}`;
    parts.push(part);
    size += part.length + 1;
  }
  const body = `{${parts.join(',')}`;
  return `${body},"z":"${'x'.repeat(bytes - body.length - 8)}"}`;
}
function deepJson(bytes: number): string {
  const depth = Math.floor(bytes / 8);
  return `${'{"a":['.repeat(depth)}${']}'.repeat(depth)}`.padEnd(bytes, ' ');
}
function deepArray(bytes: number): string {
  const depth = Math.floor(bytes / 2);
  return '['.repeat(depth) + ']'.repeat(depth);
}
const longFormField = (name: string, bytes: number) => `${name}=`.padEnd(bytes, 'x');
const longJsonField = (name: string, bytes: number) => `{"${name}":"${'x'.repeat(bytes - name.length - 7)}"}`;

interface Hostile {
  what: string;
  type: string;
  body: string;
}

const formBodies = (field: string): Hostile[] => [
  { what: 'many form fields', type: FORM, body: manyFormFields(JUST_UNDER) },
  { what: `one long form field (${field})`, type: FORM, body: longFormField(field, JUST_UNDER) },
  {
    what: 'many copies of one form field',
    type: FORM,
    body: `${field}=x&`.repeat(JUST_UNDER / (field.length + 3)),
  },
];
const jsonBodies = (field: string): Hostile[] => [
  { what: 'many JSON fields', type: JSON_TYPE, body: manyJsonFields(JUST_UNDER) },
  { what: 'deeply nested JSON objects', type: JSON_TYPE, body: deepJson(JUST_UNDER) },
  { what: 'deeply nested JSON arrays', type: JSON_TYPE, body: deepArray(JUST_UNDER) },
  { what: `one long JSON field (${field})`, type: JSON_TYPE, body: longJsonField(field, JUST_UNDER) },
];

async function send(url: string, hostile: Hostile, headers: Record<string, string> = {}) {
  expect(Buffer.byteLength(hostile.body)).toBeLessThanOrEqual(JUST_UNDER);
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': hostile.type, ...headers },
    body: hostile.body,
  });
  const text = await res.text();
  return { status: res.status, text, bytes: Buffer.byteLength(text), ms: performance.now() - started };
}

function expectBounded(result: Awaited<ReturnType<typeof send>>, what: string) {
  expect(result.status, what).toBeGreaterThanOrEqual(400);
  expect(result.status, what).toBeLessThan(500);
  expect(result.bytes, what).toBeLessThan(RESPONSE_BYTES);
  // No run of the input longer than any field's own limit (5,000 characters) comes back.
  expect(result.text, what).not.toMatch(/x{5001}/);
  expect(result.text, what).not.toMatch(/(a=1&){100}/);
  expect(result.text, what).not.toMatch(/"?k\d+"?.{0,8}"?k\d+"?.{0,8}"?k\d+"?(.{0,8}"?k\d+"?){50}/s);
  expect(result.ms, what).toBeLessThan(GUARD_MS);
}

describe('big and hostile bodies', () => {
  it('the survey form (form and JSON posts): small answers, nothing stored', async () => {
    const { url, invitation } = await stack.surveyCase();
    for (const hostile of [...formBodies('comment'), ...jsonBodies('comment')]) {
      expectBounded(await send(url, hostile), `survey: ${hostile.what}`);
    }
    expect(await findSurveyResponse(stack.storage, invitation)).toBeUndefined();
  });

  it('the daily-report form, and /r/me for scripts: small answers, nothing stored', async () => {
    const engineer = await stack.engineer();
    const url = await stack.dailyReportUrl(engineer);
    const token = new URL(url).pathname.split('/').pop()!;
    for (const hostile of [...formBodies('workDone'), ...jsonBodies('workDone')]) {
      expectBounded(await send(url, hostile), `daily report: ${hostile.what}`);
    }
    for (const hostile of jsonBodies('workDone')) {
      expectBounded(
        await send(`${stack.url}/r/me`, hostile, { authorization: `Bearer ${token}` }),
        `/r/me: ${hostile.what}`,
      );
    }
    const today = new Date().toISOString().slice(0, 10);
    expect(await findDailyReport(stack.storage, engineer.id, today)).toBeUndefined();
  });

  it('an admin route: small answers', async () => {
    for (const hostile of jsonBodies('name')) {
      expectBounded(
        await send(`${stack.url}/admin/engineers`, hostile, { authorization: `Bearer ${stack.adminToken}` }),
        `admin: ${hostile.what}`,
      );
    }
  });

  it('a body over the limit is 413 without being read into a page', async () => {
    const { url } = await stack.surveyCase();
    const over = await send(url, {
      what: 'over',
      type: FORM,
      body: longFormField('comment', LIMIT + 1),
    }).catch(() => undefined);
    // The gateway may close the connection on a body it will not read; a response, if any, is a small 413.
    if (over) {
      expect(over.status).toBe(413);
      expect(over.bytes).toBeLessThan(RESPONSE_BYTES);
    }
  });
});
