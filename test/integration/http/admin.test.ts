// The admin JSON API through the local gateway against DynamoDB Local: authentication, every route of
// shared/admin/routes.ts answered with success at least once, and the HTTP edge (400 paths, 404, 405, 413, 415).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../../../shared/admin/routes.ts';
import { installMonthRuns } from '../../../shared/http/admin.ts';
import { mailConfig } from '../../../shared/mail/config.ts';
import { pipelineContext } from '../../../shared/pipeline/context.ts';
import { inProcessMonthRuns } from '../../../shared/pipeline/localRuns.ts';
import { useSesLocal } from '../../support/ses.ts';
import { readJson, uniqueId, useStack } from '../../support/stack.ts';
import { scoredMonth } from '../appeals/support.ts';

const ses = useSesLocal();
const stack = useStack();
// The month routes start runs: in this process, as `npm start` wires them.
beforeAll(() => {
  installMonthRuns(
    inProcessMonthRuns(
      pipelineContext({
        storage: stack.storage,
        ses: ses.client,
        mail: mailConfig({ from: 'KPI <kpi@example.com>' }),
        publicBaseUrl: stack.url,
      }),
    ),
  );
});
afterAll(() => installMonthRuns(undefined));

/** Which routes of the table answered with a success, by `METHOD path-pattern`. */
const succeeded = new Set<string>();
const patterns = adminRoutes.map((r) => ({
  key: `${r.method} ${r.path}`,
  method: r.method,
  regex: new RegExp(`^${r.path.replace(/\{[^/]+\}/g, '[^/]+')}$`),
}));

async function call(method: string, path: string, body?: unknown, token = stack.adminToken) {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const json = res.headers.get('content-type')?.includes('json') ? await readJson(res) : await res.text();
  if (res.ok) {
    const bare = path.split('?')[0]!;
    const hit = patterns.find((p) => p.method === method && p.regex.test(bare));
    if (hit) succeeded.add(hit.key);
  }
  return { status: res.status, headers: res.headers, json };
}

describe('admin API', () => {
  it('refuses requests without the admin token, also for routes that do not exist', async () => {
    for (const token of ['', 'wrong-token', `${stack.adminToken}x`]) {
      const res = await call('GET', '/admin/engineers', undefined, token);
      expect(res.status).toBe(401);
      expect(res.json.error).toContain('Bearer');
    }
    expect((await call('GET', '/admin/nothing-here', undefined, '')).status).toBe(401);
  });

  it('answers every route with success in a manager’s month', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const day = `${month}-01`;
    const e = uniqueId('e');
    const settings = await call('GET', '/admin/settings');
    expect(settings.status).toBe(200);
    const put = await call('PUT', '/admin/settings', {
      timezone: 'Asia/Shanghai',
      departmentManager: { name: 'Wang Fang', email: 'wang.fang@example.com' },
    });
    expect(put.status).toBe(200);
    expect(put.json.schedule.invitations).toEqual({ day: 25, time: '09:00' });

    const created = await call('POST', '/admin/engineers', {
      id: e,
      name: 'Li Wei',
      email: `${e}@example.com`,
      region: 'North',
      language: 'en',
    });
    expect(created.status).toBe(201);
    expect(created.json.dailyReportLinkVersion).toBe(1);
    expect(
      (await call('GET', '/admin/engineers?active=true')).json.map((x: { id: string }) => x.id),
    ).toContain(e);
    expect((await call('GET', `/admin/engineers/${e}`)).json.name).toBe('Li Wei');
    expect((await call('PATCH', `/admin/engineers/${e}`, { region: 'East' })).json.region).toBe('East');
    expect((await call('POST', `/admin/engineers/${e}/rotate-link`)).json.dailyReportLinkVersion).toBe(2);

    const r = uniqueId('r');
    const respondent = {
      id: r,
      kind: 'regional-sales-manager',
      name: 'Zhao Min',
      email: `${r}@example.com`,
      region: 'East',
    };
    expect((await call('POST', '/admin/respondents', respondent)).status).toBe(201);
    expect((await call('GET', '/admin/respondents')).json.length).toBeGreaterThan(0);
    expect((await call('GET', `/admin/respondents/${r}`)).json.kind).toBe('regional-sales-manager');
    expect(
      (await call('PUT', `/admin/respondents/${r}`, { ...respondent, language: 'en' })).json.language,
    ).toBe('en');

    const p = uniqueId('p');
    const project = { id: p, name: 'Core upgrade', customer: 'Acme', engineerId: e, start: '2026-01-01' };
    expect((await call('POST', '/admin/projects', project)).status).toBe(201);
    expect((await call('GET', `/admin/projects?engineerId=${e}`)).json).toHaveLength(1);
    expect((await call('GET', `/admin/projects/${p}`)).json.customer).toBe('Acme');
    expect((await call('PUT', `/admin/projects/${p}`, { ...project, end: '2027-12-31' })).json.end).toBe(
      '2027-12-31',
    );

    const request = await call('POST', '/admin/support-requests', {
      engineerId: e,
      customer: 'Acme',
      dueAt: `${day}T18:00:00+08:00`,
    });
    expect(request.status).toBe(201);
    const resolved = await call('POST', `/admin/support-requests/${request.json.id}/resolve`, {
      resolvedAt: `${day}T17:00:00+08:00`,
      independent: true,
    });
    expect(resolved.json.independent).toBe(true);
    expect((await call('GET', `/admin/support-requests?month=${month}`)).json.length).toBeGreaterThan(0);

    const c1 = await call('POST', '/admin/complaints', { engineerId: e, date: day, text: 'Late answer' });
    const c2 = await call('POST', '/admin/complaints', { engineerId: e, date: day, text: 'Rude' });
    expect(c1.json.status).toBe('pending');
    expect((await call('POST', `/admin/complaints/${c1.json.id}/confirm`, {})).json.status).toBe('confirmed');
    expect((await call('POST', `/admin/complaints/${c2.json.id}/dismiss`, {})).json.status).toBe('dismissed');
    expect((await call('GET', `/admin/complaints?month=${month}`)).json.length).toBeGreaterThanOrEqual(2);

    expect((await call('PUT', '/admin/exam-scores', { engineerId: e, month, score: 92 })).json.score).toBe(
      92,
    );
    expect((await call('GET', `/admin/exam-scores?month=${month}`)).json.length).toBeGreaterThan(0);

    const story = await call('POST', '/admin/success-stories', {
      engineerId: e,
      date: day,
      title: 'Saved a deal',
    });
    expect(story.status).toBe(201);
    expect((await call('GET', `/admin/success-stories?month=${month}`)).json.length).toBeGreaterThan(0);
    expect((await call('DELETE', `/admin/success-stories/${story.json.id}`)).status).toBe(200);

    expect(
      (await call('PUT', '/admin/verdicts', { engineerId: e, month, verdict: 'insightful' })).status,
    ).toBe(200);
    expect((await call('GET', `/admin/verdicts?month=${month}`)).json.length).toBeGreaterThan(0);

    const override = {
      engineerId: e,
      month,
      indicator: 'complaints',
      points: 15,
      reason: 'Customer withdrew it',
    };
    expect((await call('PUT', '/admin/overrides', override)).json.by).toBe(stack.adminTokenName);
    expect((await call('GET', `/admin/overrides?month=${month}`)).json.length).toBeGreaterThan(0);

    expect(
      (await call('POST', '/admin/follow-ups', { engineerId: e, projectId: p, date: day, note: 'Onsite' }))
        .status,
    ).toBe(201);
    expect((await call('GET', `/admin/follow-ups?month=${month}`)).json.length).toBeGreaterThan(0);
    expect((await call('GET', `/admin/daily-reports?engineerId=${e}&month=${month}`)).status).toBe(200);

    const invitation = await stack.invitation({ respondentId: r, engineerId: e, month });
    const invitations = await call('GET', `/admin/invitations?month=${month}`);
    expect(invitations.json.map((i: { id: string }) => i.id)).toContain(invitation.id);
    expect((await call('GET', `/admin/invitations/${invitation.id}`)).status).toBe(200);
    const status = await call('GET', `/admin/months/${month}/status`);
    expect(status.json.survey.notAnswered.map((x: { invitationId: string }) => x.invitationId)).toContain(
      invitation.id,
    );

    const input = await call('GET', `/admin/months/${month}/engineers/${e}/input`);
    expect(input.json.trainingScore).toBe(92);
    const preview = await call('GET', `/admin/months/${month}/engineers/${e}/preview`);
    expect(preview.json.indicators.find((i: { key: string }) => i.key === 'complaints').points).toBe(15);
    // Never scored: no revision of the card yet.
    expect((await call('GET', `/admin/months/${month}/engineers/${e}/revisions`)).json).toEqual([]);
    expect((await call('DELETE', `/admin/overrides/${e}/${month}/complaints`)).status).toBe(200);

    // Every change above is in the engineer-month's record, made by the token's holder.
    const audit = await call('GET', `/admin/months/${month}/audit?engineerId=${e}`);
    expect(audit.status).toBe(200);
    const overrideChanges = audit.json.entries.filter(
      (x: { item: { kind: string } }) => x.item.kind === 'override',
    );
    expect(overrideChanges.map((x: { action: string }) => x.action)).toEqual(['created', 'removed']);
    expect(new Set(audit.json.entries.map((x: { actor: string }) => x.actor))).toEqual(
      new Set([stack.adminTokenName]),
    );
  });

  it("answers a month's life: its status, a run, finalise and reopen", async () => {
    // Long past on the admin API's real clock: closed, never scored, in this table.
    const month = '2024-06';
    await stack.engineer();
    expect((await call('GET', `/admin/months/${month}`)).json).toMatchObject({ month, state: 'closed' });
    const run = await call('POST', `/admin/months/${month}/run`, {});
    expect(run.json).toMatchObject({ mode: 'in-process', final: false, summary: 'sent' });
    expect((await call('GET', `/admin/months/${month}`)).json.state).toBe('provisional');
    const finalized = await call('POST', `/admin/months/${month}/finalize`, {});
    expect(finalized.json).toMatchObject({ outcome: 'finalized', run: { final: true } });
    const noReason = await call('POST', `/admin/months/${month}/reopen`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.json.problems.map((p: { path: string }) => p.path)).toEqual(['reason']);
    const reopened = await call('POST', `/admin/months/${month}/reopen`, { reason: 'exam re-marked' });
    expect(reopened.json).toMatchObject({ state: 'provisional', reopenReason: 'exam re-marked' });
  });

  it('imports rows all or nothing, naming each bad row', async () => {
    const [a, b] = [uniqueId('e'), uniqueId('e')];
    const row = (id: string, email: string) => ({ id, name: `Imported ${id}`, email, region: 'West' });
    const bad = await call('POST', '/admin/import/engineers', {
      rows: [row(a, `${a}@example.com`), row(b, 'nope')],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.problems).toEqual([
      { path: 'rows[1].email', message: expect.stringContaining('line 3') },
    ]);
    expect((await call('GET', `/admin/engineers/${a}`)).status).toBe(404);

    const good = await call('POST', '/admin/import/engineers', {
      rows: [row(a, `${a}@example.com`), row(b, `${b}@example.com`)],
    });
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({ kind: 'engineers', rows: 2, created: 2 });
    expect((await call('GET', `/admin/engineers/${b}`)).json.region).toBe('West');
  });

  it('answers bad input with 400 and field paths, and writes nothing', async () => {
    const e = uniqueId('e');
    const bad = await call('POST', '/admin/engineers', {
      id: e,
      name: '',
      email: 'not-an-email',
      region: 'N',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    const paths = bad.json.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'email']));
    expect((await call('GET', `/admin/engineers/${e}`)).status).toBe(404);

    const notObject = await call('POST', '/admin/engineers', [1, 2]);
    expect(notObject.status).toBe(400);
    const res = await fetch(`${stack.url}/admin/engineers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: '{"id": ',
    });
    expect(res.status).toBe(400);
    expect((await readJson(res)).problems[0].message).toContain('not valid JSON');
  });

  it('answers the HTTP edge: unknown route 404, wrong method 405 with Allow, 413, 415, unknown id 404', async () => {
    expect((await call('GET', '/admin/nothing-here')).status).toBe(404);
    const wrong = await call('DELETE', '/admin/engineers');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    const huge = await call('POST', '/admin/engineers', { id: 'e-big', name: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    const text = await fetch(`${stack.url}/admin/engineers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'text/csv' },
      body: 'id,name',
    });
    expect(text.status).toBe(415);
    expect((await call('GET', '/admin/engineers/e-nobody-here')).status).toBe(404);
  });
});

describe('appeals through the admin API', () => {
  it('lists a month’s appeals, shows one and resolves it', async () => {
    const engineer = await stack.engineer({ language: 'en' });
    const month = '2081-10';
    const { url } = await scoredMonth(stack.storage, {
      engineer,
      month,
      firstRunAt: new Date(Date.now() - 86_400_000),
      deadline: new Date(Date.now() + 6 * 86_400_000),
      baseUrl: stack.url,
    });
    const filed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'indicators=learning&reason=exam+missing',
    });
    expect(filed.status).toBe(200);
    const listed = await call('GET', `/admin/months/${month}/appeals`);
    expect(listed.json).toMatchObject([{ engineerId: engineer.id, status: 'open' }]);
    const id = listed.json[0].id as string;
    expect((await call('GET', `/admin/appeals/${id}`)).json).toMatchObject({ id, reason: 'exam missing' });
    const resolved = await call('POST', `/admin/appeals/${id}/resolve`, {
      rejected: true,
      reason: 'no exam taken',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.json).toMatchObject({ status: 'rejected', outcomeReason: 'no exam taken' });
  });
});

describe('the API describes itself', () => {
  it('serves its OpenAPI 3.1 document, one operation per route, behind the same credential', async () => {
    const res = await call('GET', '/admin/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    const operations = Object.values(res.json.paths as Record<string, object>).flatMap((ops) =>
      Object.keys(ops),
    );
    expect(operations).toHaveLength(adminRoutes.length);
    expect((await call('GET', '/admin/openapi.json', undefined, '')).status).toBe(401);
  });
});

describe('admin API coverage', () => {
  // Runs after the tests above (a file's tests run in order): a route added to the table without a test fails.
  it('has answered every route of shared/admin/routes.ts with a success', () => {
    const missing = patterns.map((p) => p.key).filter((k) => !succeeded.has(k));
    expect(missing).toEqual([]);
  });
});
