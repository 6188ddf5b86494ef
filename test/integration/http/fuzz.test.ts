// Fuzzing every public route (the survey form, the daily-report form and /r/me) and every admin route of
// shared/admin/routes.ts through the real gateway, on a fresh DynamoDB Local table: arbitrary methods, paths,
// query strings, tokens and bodies (JSON and urlencoded; nested, huge numbers, unicode, prototype keys). No
// request gets a 5xx, and a refused one (4xx) changes nothing stored. Bounded in runs and time. Months and dates
// far outside 2000–2100 (9999-12, 0000-01, 9999-12-31) are among the values: every boundary must refuse them.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AdminRoute, adminRoutes } from '../../../shared/admin/routes.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { INDICATOR_KEYS } from '../../../shared/rubric/indicators.ts';
import { useSesLocal } from '../../support/ses.ts';
import { type TestStack, useStack } from '../../support/stack.ts';
import { mutatedToken } from '../../support/tokenSpellings.ts';

const ses = useSesLocal();
beforeAll(() => {
  // Where email would go: the forms send none (a low-score alert waits for the notifier, which is not run here).
  process.env.SES_ENDPOINT = ses.ses.url;
});
const stack = useStack();

/** Everything stored, in a stable order: what a refused request must leave exactly as it was. */
async function snapshot(s: TestStack): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await s.storage.doc.send(
      new ScanCommand({ TableName: s.storage.tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items
    .map((item) => JSON.stringify(item, Object.keys(item).sort()))
    .sort()
    .join('\n');
}

interface Fixture {
  engineerId: string;
  projectId: string;
  respondentId: string;
  invitationId: string;
  surveyToken: string;
  dailyToken: string;
  month: string;
}

/** Placeholders JSON.stringify keeps as strings; the body text then carries numbers JSON.parse cannot hold. */
const HUGE = { '"\u0001HUGE"': '1e999', '"\u0001BIG"': '-123456789012345678901234567890123456789' };

function jsonText(value: unknown): string {
  let text = JSON.stringify(value) ?? 'null';
  for (const [placeholder, raw] of Object.entries(HUGE)) text = text.replaceAll(placeholder, raw);
  return text;
}

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

function scalars(f: Fixture): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(
      f.engineerId,
      f.projectId,
      f.respondentId,
      f.invitationId,
      f.month,
      `${f.month}-15`,
      '2026-11-20T10:00:00+08:00',
      '9999-12',
      '0000-01',
      '2026-13',
      '9999-12-31',
      '0001-01-01',
      '2026-02-30',
      'Asia/Shanghai',
      'Mars/Olympus',
      'zh-CN',
      'en',
      'insightful',
      'pending',
      ...INDICATOR_KEYS,
      'engineers',
      'projects',
      '',
      ' ',
      '0x4',
      ' 4 ',
      'true',
      '\u0000',
      '\ud800',
      '𝒳'.repeat(50),
      'x'.repeat(6000),
      '\u0001HUGE',
      '\u0001BIG',
      true,
      false,
      null,
      0,
      -1,
      4,
      4.5,
      1e308,
      -0,
      Number.MAX_SAFE_INTEGER + 2,
    ),
    fc.string({ maxLength: 30, unit: 'grapheme' }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );
}

const MONTHS = ['9999-12', '0000-01', '2026-13', '1999-12', '2101-01', '2026-1', '202611'];
const DATES = ['9999-12-31', '0001-01-01', '2026-02-30', '2026-11-31', '1970-01-01', '2100-12-31'];

/** Values for a parameter or field by its name: real ones of the fixture, out-of-range and malformed ones. */
function valueFor(f: Fixture, name: string): fc.Arbitrary<unknown> {
  const lower = name.toLowerCase();
  let typed: readonly unknown[] | undefined;
  if (lower.includes('month')) typed = [f.month, ...MONTHS];
  else if (
    lower === 'date' ||
    lower.endsWith('date') ||
    lower.endsWith('at') ||
    lower === 'start' ||
    lower === 'end'
  )
    typed = [`${f.month}-02`, ...DATES, '2026-11-20T10:00:00+08:00', '+275760-09-13T00:00:00Z'];
  else if (lower.includes('engineer')) typed = [f.engineerId, 'no-such-engineer'];
  else if (lower.includes('project')) typed = [f.projectId];
  else if (lower.includes('respondent')) typed = [f.respondentId];
  else if (lower === 'id') typed = [f.engineerId, f.projectId, f.respondentId, f.invitationId, 'no-such-id'];
  else if (lower === 'indicator') typed = [...INDICATOR_KEYS, 'total'];
  else if (lower === 'kind') typed = ['engineers', 'respondents', 'projects', 'support-requests', 'nothing'];
  if (!typed) return scalars(f);
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...typed) }, { weight: 1, arbitrary: scalars(f) });
}

/** A JSON value: scalars, arrays and objects (with prototype keys among the names), nested a few levels. */
function jsonValue(f: Fixture, keys: readonly string[]): fc.Arbitrary<unknown> {
  const key = fc.oneof(
    fc.constantFrom(...(keys.length > 0 ? keys : ['x']), ...PROTOTYPE_KEYS),
    fc.string({ maxLength: 12, unit: 'grapheme' }),
  );
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalars(f),
      fc.array(tie('value'), { maxLength: 4 }),
      fc
        .array(fc.tuple(key, tie('value')), { maxLength: 6 })
        .map((entries) => Object.fromEntries(entries) as unknown),
    ),
  }));
  return value;
}

/** An object with (mostly) the input's own field names, so requests get past "unknown field" into the use case. */
function objectOf(f: Fixture, keys: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const known = fc.constantFrom(...(keys.length > 0 ? keys : ['x']));
  const entry = (key: fc.Arbitrary<string>) =>
    key.chain((k) =>
      fc.tuple(
        fc.constant(k),
        fc.oneof({ weight: 4, arbitrary: valueFor(f, k) }, { weight: 1, arbitrary: jsonValue(f, keys) }),
      ),
    );
  const odd = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 12, unit: 'grapheme' }));
  return fc
    .oneof(
      // Every field of the input, or some of them: past "unknown field" and "required" into the use case.
      { weight: 3, arbitrary: fc.tuple(...keys.map((k) => entry(fc.constant(k)))) },
      { weight: 2, arbitrary: fc.array(entry(known), { maxLength: Math.max(keys.length, 3) }) },
      { weight: 1, arbitrary: fc.array(entry(fc.oneof(known, odd)), { maxLength: 10 }) },
    )
    .map((entries) => Object.fromEntries(entries));
}

function inputKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** A query string of (mostly) the given parameters, and others, with odd values. */
function query(f: Fixture, keys: readonly string[]): fc.Arbitrary<string> {
  return fc
    .array(
      fc
        .oneof(
          { weight: 4, arbitrary: fc.constantFrom(...(keys.length > 0 ? keys : ['month'])) },
          {
            weight: 1,
            arbitrary: fc.oneof(
              fc.constantFrom('month', 'date', 'lang', 'active', 'engineerId', ...PROTOTYPE_KEYS),
              fc.string({ maxLength: 8 }),
            ),
          },
        )
        .chain((k) =>
          fc.tuple(
            fc.constant(k),
            valueFor(f, k).map((v) => (typeof v === 'string' ? v.slice(0, 200) : String(v))),
          ),
        ),
      { maxLength: 4 },
    )
    .map((pairs) => (pairs.length === 0 ? '' : `?${new URLSearchParams(pairs).toString()}`));
}

/** A path segment: percent-encoded UTF-8 (a lone surrogate, which UTF-8 cannot carry, as U+FFFD). */
function segmentText(text: string): string {
  return encodeURIComponent(
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
}

interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A body as JSON text, as a urlencoded form, or as something else entirely. */
function body(f: Fixture, value: fc.Arbitrary<unknown>, formKeys: readonly string[], formWeight: number) {
  const form = fc
    .array(
      fc
        .oneof(
          { weight: 4, arbitrary: fc.constantFrom(...formKeys, 'x') },
          {
            weight: 1,
            arbitrary: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 12 })),
          },
        )
        .chain((k) =>
          fc.tuple(
            fc.constant(k),
            valueFor(f, k.replace(/^.*[.\]]/, '')).map((v) => (typeof v === 'string' ? v : jsonText(v))),
          ),
        ),
      { maxLength: 12 },
    )
    .map((pairs) => new URLSearchParams(pairs).toString());
  return fc.oneof(
    { weight: 6, arbitrary: value.map((v) => ({ type: 'application/json', text: jsonText(v) })) },
    {
      weight: formWeight,
      arbitrary: form.map((text) => ({ type: 'application/x-www-form-urlencoded', text })),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constantFrom('application/json', 'text/plain', 'application/merge-patch+json', ''),
        text: fc.oneof(
          fc.string({ maxLength: 40, unit: 'grapheme' }),
          fc.constantFrom('{', '[1,', 'null', '"x"', '1e999'),
        ),
      }),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

/** What a visitor, a script or an attacker sends to the form routes. */
function publicRequest(f: Fixture): fc.Arbitrary<Request> {
  const questionKeys = defaultRubric.survey.questions.map((q) => q.key);
  const formKeys = [
    ...questionKeys.map((k) => `ratings.${k}`),
    'comment',
    'expectedRevision',
    'date',
    'workDone',
    'problems',
    'plan',
    ...[0, 1, 49, 50, 51].flatMap((i) => [`visits[${i}].projectId`, `visits[${i}].note`]),
  ];
  const surveyAnswer = fc.record(
    {
      ratings: fc.oneof(
        objectOf(f, questionKeys),
        fc.constant(Object.fromEntries(questionKeys.map((k) => [k, 1]))),
        jsonValue(f, questionKeys),
      ),
      comment: scalars(f),
      expectedRevision: scalars(f),
    },
    { requiredKeys: [] },
  );
  const dailyReport = fc.record(
    {
      date: scalars(f),
      workDone: scalars(f),
      problems: scalars(f),
      plan: scalars(f),
      followUps: fc.oneof(
        fc.array(objectOf(f, ['projectId', 'note']), { maxLength: 3 }),
        fc.constant(Array.from({ length: 51 }, () => ({ projectId: f.projectId }))),
        jsonValue(f, ['projectId', 'note']),
      ),
    },
    { requiredKeys: [] },
  );
  const token = (prefix: string) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(prefix === '/s/' ? f.surveyToken : f.dailyToken, 'me') },
      { weight: 1, arbitrary: fc.constantFrom(f.surveyToken, f.dailyToken) },
      { weight: 1, arbitrary: mutatedToken(f.surveyToken) },
      { weight: 1, arbitrary: mutatedToken(f.dailyToken) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }) },
    );
  return fc
    .record({
      method: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('GET', 'POST') },
        { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
      ),
      target: fc.constantFrom('/s/', '/r/').chain((prefix) => fc.tuple(fc.constant(prefix), token(prefix))),
      query: query(f, ['lang', 'date']),
      body: body(
        f,
        fc.oneof(surveyAnswer, dailyReport, jsonValue(f, ['ratings', 'date', 'workDone'])),
        formKeys,
        5,
      ),
      bearer: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(f.dailyToken, f.surveyToken) },
        { weight: 1, arbitrary: mutatedToken(f.dailyToken).filter((t) => /^[\x21-\x7e]+$/.test(t)) },
      ),
      accept: fc.constantFrom(undefined, 'application/json', 'text/html'),
    })
    .map((r) => {
      const headers: Record<string, string> = {};
      if (r.body?.type) headers['content-type'] = r.body.type;
      if (r.bearer) headers.authorization = `Bearer ${r.bearer}`;
      if (r.accept) headers.accept = r.accept;
      return {
        method: r.method,
        path: `${r.target[0]}${segmentText(r.target[1])}${r.query}`,
        headers,
        ...(r.body && r.method !== 'GET' && r.method !== 'HEAD' ? { body: r.body.text } : {}),
      };
    });
}

/** A request to one admin route: its method (mostly), its path with odd or real ids, and its input's fields. */
function adminRequest(f: Fixture, adminToken: string): fc.Arbitrary<Request> {
  const routeArb = fc.constantFrom(...adminRoutes);
  const segment = (name: string) =>
    fc.oneof(
      { weight: 3, arbitrary: valueFor(f, name).map((v) => String(v).slice(0, 100)) },
      { weight: 1, arbitrary: fc.constantFrom('..', '.', '%', 'a/b', ' ', '\ud800x') },
    );
  return routeArb.chain((route: AdminRoute) => {
    const keys = inputKeys(route.input);
    const params = route.path.match(/\{\w+\}/g) ?? [];
    return fc
      .record({
        method: fc.oneof(
          { weight: 6, arbitrary: fc.constant(route.method) },
          { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
        ),
        segments: fc.tuple(...params.map((p) => segment(p.slice(1, -1)))),
        query: query(f, keys),
        body: body(
          f,
          fc.oneof({ weight: 4, arbitrary: objectOf(f, keys) }, { weight: 1, arbitrary: jsonValue(f, keys) }),
          keys,
          1,
        ),
        auth: fc.oneof(
          { weight: 15, arbitrary: fc.constant(`Bearer ${adminToken}`) },
          { weight: 1, arbitrary: fc.constantFrom(undefined, 'Bearer nope', `Basic ${adminToken}`) },
        ),
      })
      .map((r) => {
        let i = 0;
        const path = route.path.replace(/\{\w+\}/g, () => segmentText(r.segments[i++] ?? ''));
        const headers: Record<string, string> = {};
        if (r.body?.type) headers['content-type'] = r.body.type;
        if (r.auth) headers.authorization = r.auth;
        return {
          method: r.method,
          path: `${path}${r.query}`,
          headers,
          ...(r.body && r.method !== 'GET' && r.method !== 'HEAD' ? { body: r.body.text } : {}),
        };
      });
  });
}

/** Arbitrary paths anywhere, with or without the admin token. */
function strayRequest(adminToken: string): fc.Arbitrary<Request> {
  return fc
    .record({
      method: fc.constantFrom(...METHODS),
      path: fc.array(
        fc.oneof(
          fc.constantFrom('admin', 's', 'r', 'me', '..', '%2F', '%ED%A0%80', ''),
          fc.string({ maxLength: 10 }),
        ),
        {
          minLength: 1,
          maxLength: 5,
        },
      ),
      auth: fc.boolean(),
    })
    .map((r) => ({
      method: r.method,
      path: `/${r.path.map((s) => (s === '%2F' || s === '%ED%A0%80' ? s : segmentText(s))).join('/')}`,
      headers: (r.auth ? { authorization: `Bearer ${adminToken}` } : {}) as Record<string, string>,
    }));
}

let fixture: Fixture;
let stored: string;

async function setUp(): Promise<Fixture> {
  const engineer = await stack.engineer();
  const project = await stack.project(engineer.id);
  const respondent = await stack.respondent({ language: 'en' });
  const month = new Date().toISOString().slice(0, 7);
  const invitation = await stack.invitation({ respondentId: respondent.id, engineerId: engineer.id, month });
  const surveyToken = new URL(await stack.surveyUrl(invitation)).pathname.split('/').pop()!;
  const dailyToken = new URL(await stack.dailyReportUrl(engineer)).pathname.split('/').pop()!;
  return {
    engineerId: engineer.id,
    projectId: project.id,
    respondentId: respondent.id,
    invitationId: invitation.id,
    surveyToken,
    dailyToken,
    month,
  };
}

/** Sends one request; a 5xx fails, and so does a refused request that changed what is stored. */
async function check(request: Request): Promise<void> {
  const res = await fetch(`${stack.url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    // A request the server never answers fails here rather than eating the whole time budget.
    signal: AbortSignal.timeout(10_000),
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  const text = await res.text();
  const what = `${request.method} ${request.path} ${JSON.stringify(request.headers)} ${request.body?.slice(0, 500)}`;
  expect(res.status, `${what}\n→ ${text.slice(0, 300)}`).toBeLessThan(500);
  const after = await snapshot(stack);
  if (res.status >= 400) expect(after, `${what}\n→ ${res.status} changed the table`).toBe(stored);
  stored = after;
}

const BUDGET = { interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false } as const;

describe('fuzzing the HTTP API', () => {
  it('the public form routes: no 5xx, and a refused request stores nothing', async () => {
    fixture = await setUp();
    stored = await snapshot(stack);
    await fc.assert(fc.asyncProperty(publicRequest(fixture), check), { numRuns: 1200, ...BUDGET });
  });

  it('every admin route, with the admin token: no 5xx, and a refused request stores nothing', async () => {
    fixture ??= await setUp();
    stored = await snapshot(stack);
    await fc.assert(fc.asyncProperty(adminRequest(fixture, stack.adminToken), check), {
      numRuns: 2000,
      ...BUDGET,
    });
  });

  it('stray paths and methods: no 5xx, nothing stored', async () => {
    stored = await snapshot(stack);
    await fc.assert(fc.asyncProperty(strayRequest(stack.adminToken), check), { numRuns: 300, ...BUDGET });
  });
});
