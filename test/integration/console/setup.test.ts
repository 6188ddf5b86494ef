// The console's setup pages over HTTP, signed in through the real local provider, on DynamoDB Local: every form
// calls the admin use cases (what `kpi engineers/respondents/projects/settings/import` call), a refused form shows
// each problem beside its field and writes nothing, a viewer is refused every setup page and change (403), and
// every change needs the session's CSRF token. CSV import by upload: every bad row by line and column with
// nothing written, then the checked rows written by the confirm button.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser, LocalProvider } from '../../../local/oidcProvider.ts';
import { listAudit } from '../../../shared/admin/audit.ts';
import { checkImportFile, importCheckedRows } from '../../../shared/console/importUpload.ts';
import type { Principal } from '../../../shared/console/roles.ts';
import { consoleRoutes } from '../../../shared/http/console.ts';
import { listEngineers } from '../../../shared/storage/engineers.ts';
import { listSupportRequests } from '../../../shared/storage/facts.ts';
import { getOrganisationSettings } from '../../../shared/storage/organisation.ts';
import { listProjects } from '../../../shared/storage/projects.ts';
import { listRespondents } from '../../../shared/storage/respondents.ts';
import { type CookieJar, request, signIn, useConsoleProvider } from '../../support/console.ts';
import { uniqueId, useStack } from '../../support/stack.ts';

const stack = useStack();
let provider: LocalProvider;
let admin: ConsoleUser;
let viewer: ConsoleUser;
let adminJar: CookieJar;
let csrf: string;

beforeAll(async () => {
  ({ provider, admin, viewer } = await useConsoleProvider(stack.url, { viewerRegion: '华北' }));
  adminJar = await signIn(stack.url, admin);
  csrf = await csrfOf(adminJar, '/console/setup/engineers');
});

afterAll(async () => {
  await provider?.stop();
});

const url = (path: string) => `${stack.url}${path}${path.includes('?') ? '&' : '?'}lang=en`;

async function csrfOf(jar: CookieJar, path: string): Promise<string> {
  const page = await request(jar, url(path));
  expect(page.status).toBe(200);
  return /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
}

/** Posts a file the way a browser's file input does (multipart/form-data), with the jar's cookies. */
async function upload(
  jar: CookieJar,
  path: string,
  fields: Record<string, string>,
  file?: { name: string; text: string },
): Promise<Response> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  if (file) body.set('file', new Blob([file.text], { type: 'text/csv' }), file.name);
  const response = await fetch(url(path), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.header() },
    body,
  });
  jar.store(response);
  return response;
}

/** The text shown beside a field (its problem), by the field's name in a form of the page. */
function problemBeside(body: string, form: string, name: string): string | undefined {
  const id = `${form}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return new RegExp(`id="${id}-problem">([^<]*)<`).exec(body)?.[1];
}

describe('engineers', () => {
  it('the admin adds an engineer with every field; the list shows them', async () => {
    const id = uniqueId('e');
    const added = await request(adminJar, url('/console/setup/engineers'), {
      form: {
        csrf,
        id,
        name: '赵工程师',
        email: `${id}@example.com`,
        region: '华南',
        language: 'en',
        managerEmail: 'boss@example.com',
        startDate: '2026-02-01',
        endDate: '',
        leave: '2026-03-02\n2026-03-03',
        active: 'on',
      },
    });
    expect(added.status).toBe(303);
    const stored = (await listEngineers(stack.storage)).find((e) => e.id === id);
    expect(stored).toMatchObject({
      name: '赵工程师',
      region: '华南',
      language: 'en',
      managerEmail: 'boss@example.com',
      startDate: '2026-02-01',
      leave: ['2026-03-02', '2026-03-03'],
      active: true,
      dailyReportLinkVersion: 1,
    });
    const list = await (await request(adminJar, url('/console/setup/engineers'))).text();
    expect(list).toContain('赵工程师');
  });

  it('a bad engineer is shown again with each problem beside its field, nothing stored', async () => {
    const before = (await listEngineers(stack.storage)).length;
    const id = uniqueId('e');
    const refused = await request(adminJar, url('/console/setup/engineers'), {
      form: {
        csrf,
        id,
        name: '钱工程师',
        email: 'not-an-email',
        region: '华南',
        startDate: '2026-05-01',
        endDate: '2026-04-01',
        active: 'on',
      },
    });
    expect(refused.status).toBe(400);
    const body = await refused.text();
    expect(problemBeside(body, 'add', 'email')).toMatch(/email/i);
    expect(problemBeside(body, 'add', 'endDate')).toBe('endDate is before startDate');
    expect(body).toMatch(/id="add-email"[^>]*aria-invalid="true"/);
    // Filled as sent, so nothing typed is lost.
    expect(body).toContain('value="钱工程师"');
    expect(await listEngineers(stack.storage)).toHaveLength(before);
  });

  it('an id already taken is refused beside the id (409), the engineer unchanged', async () => {
    const existing = await stack.engineer({ name: '孙工程师' });
    const refused = await request(adminJar, url('/console/setup/engineers'), {
      form: { csrf, id: existing.id, name: '别人', email: 'x@example.com', region: '华南', active: 'on' },
    });
    expect(refused.status).toBe(409);
    expect(problemBeside(await refused.text(), 'add', 'id')).toBeTruthy();
    expect((await listEngineers(stack.storage)).find((e) => e.id === existing.id)?.name).toBe('孙工程师');
  });

  it('the admin edits an engineer (region, manager cleared, inactive) and renews the daily-report link', async () => {
    const engineer = await stack.engineer({ region: '华东', managerEmail: 'old@example.com' });
    const path = `/console/setup/engineers/${engineer.id}`;
    const page = await (await request(adminJar, url(path))).text();
    expect(page).toContain(`value="${engineer.email}"`);
    const saved = await request(adminJar, url(path), {
      form: {
        csrf,
        name: engineer.name,
        email: engineer.email,
        region: '西南',
        language: 'zh-CN',
        managerEmail: '',
        startDate: '',
        endDate: '',
        leave: '',
      },
    });
    expect(saved.status).toBe(303);
    const after = (await listEngineers(stack.storage)).find((e) => e.id === engineer.id)!;
    expect(after).toMatchObject({ region: '西南', active: false, dailyReportLinkVersion: 1 });
    expect(after.managerEmail).toBeUndefined();
    const rotated = await request(adminJar, url(`${path}/rotate-link`), { form: { csrf } });
    expect(rotated.status).toBe(303);
    expect(
      (await listEngineers(stack.storage)).find((e) => e.id === engineer.id)?.dailyReportLinkVersion,
    ).toBe(2);
    const shown = await (
      await request(adminJar, new URL(rotated.headers.get('location')!, stack.url).href)
    ).text();
    expect(shown).toContain('version 2');
  });
});

describe('respondents and projects', () => {
  it('a regional sales manager needs a region: shown beside it; with one it is stored, then edited', async () => {
    const id = uniqueId('r');
    const fields = { csrf, id, kind: 'regional-sales-manager', name: '周经理', email: `${id}@example.com` };
    const refused = await request(adminJar, url('/console/setup/respondents'), { form: fields });
    expect(refused.status).toBe(400);
    expect(problemBeside(await refused.text(), 'add', 'region')).toBe(
      'a regional sales manager needs a region',
    );
    expect((await listRespondents(stack.storage)).some((r) => r.id === id)).toBe(false);
    const added = await request(adminJar, url('/console/setup/respondents'), {
      form: { ...fields, region: '华北', language: 'zh-CN' },
    });
    expect(added.status).toBe(303);
    const edited = await request(adminJar, url(`/console/setup/respondents/${id}`), {
      form: { ...fields, kind: 'customer-contact', customer: 'Acme', language: 'en' },
    });
    expect(edited.status).toBe(303);
    expect((await listRespondents(stack.storage)).find((r) => r.id === id)).toMatchObject({
      kind: 'customer-contact',
      customer: 'Acme',
      language: 'en',
    });
  });

  it('a project is added for an engineer, then handed to another; an end before its start is refused', async () => {
    const [a, b] = [await stack.engineer(), await stack.engineer()];
    const id = uniqueId('p');
    const fields = { csrf, id, name: '数据平台', customer: 'Acme', engineerId: a.id, start: '2026-01-01' };
    expect((await request(adminJar, url('/console/setup/projects'), { form: fields })).status).toBe(303);
    const bad = await request(adminJar, url(`/console/setup/projects/${id}`), {
      form: { ...fields, end: '2025-12-01' },
    });
    expect(bad.status).toBe(400);
    expect(problemBeside(await bad.text(), 'edit', 'end')).toBe('end is before start');
    const moved = await request(adminJar, url(`/console/setup/projects/${id}`), {
      form: { ...fields, engineerId: b.id },
    });
    expect(moved.status).toBe(303);
    expect((await listProjects(stack.storage)).find((p) => p.id === id)?.engineerId).toBe(b.id);
  });
});

describe('settings', () => {
  it('shows the stored settings, saves the calendar, schedule, survey window and appeal days', async () => {
    const page = await (await request(adminJar, url('/console/setup/settings'))).text();
    expect(page).toContain('value="manager@example.com"');
    const fields: Record<string, string> = {
      csrf,
      timezone: 'Asia/Shanghai',
      defaultLanguage: 'zh-CN',
      holidays: '2026-10-01\n2026-10-02',
      makeUpWorkdays: '2026-10-10',
      'schedule.invitations.day': '24',
      'schedule.invitations.time': '10:00',
      'schedule.reminder.day': '27',
      'schedule.reminder.time': '10:00',
      'schedule.scoring.day': '4',
      'schedule.scoring.time': '09:00',
      'schedule.finalize.day': '12',
      'schedule.finalize.time': '09:00',
      'surveyWindow.closes.day': '3',
      'surveyWindow.closes.time': '18:00',
      appealDays: '5',
      'departmentManager.name': '部门经理',
      'departmentManager.email': 'dept@example.com',
    };
    const saved = await request(adminJar, url('/console/setup/settings'), { form: fields });
    expect(saved.status).toBe(303);
    expect(await getOrganisationSettings(stack.storage)).toMatchObject({
      holidays: ['2026-10-01', '2026-10-02'],
      makeUpWorkdays: ['2026-10-10'],
      schedule: { invitations: { day: 24, time: '10:00' }, finalize: { day: 12, time: '09:00' } },
      surveyWindow: { closes: { day: 3, time: '18:00' } },
      appealDays: 5,
      departmentManager: { name: '部门经理', email: 'dept@example.com' },
    });
    // A survey closing after scoring starts is refused beside the survey window, and nothing changes.
    const refused = await request(adminJar, url('/console/setup/settings'), {
      form: { ...fields, 'surveyWindow.closes.day': '5', appealDays: '40' },
    });
    expect(refused.status).toBe(400);
    const body = await refused.text();
    expect(problemBeside(body, 'settings', 'surveyWindow.closes.day')).toMatch(/close before scoring/);
    expect(problemBeside(body, 'settings', 'appealDays')).toBeTruthy();
    expect((await getOrganisationSettings(stack.storage)).appealDays).toBe(5);
  });
});

describe('CSV import by upload', () => {
  it('a file with bad rows: every problem by line and column, nothing written; fixed, it is checked and imported', async () => {
    const [a, b, c] = [uniqueId('imp'), uniqueId('imp'), uniqueId('imp')];
    const bad = [
      'id,name,email,region,startDate',
      `${a},甲,${a}@example.com,华北,2026-01-01`,
      `${b},乙,not-an-email,华北,2026-13-01`,
      `${c},丙,${c}@example.com,,`,
    ].join('\n');
    const before = (await listEngineers(stack.storage)).length;
    const checked = await upload(
      adminJar,
      '/console/setup/import',
      { csrf, kind: 'engineers' },
      {
        name: 'engineers.csv',
        text: bad,
      },
    );
    expect(checked.status).toBe(400);
    const body = await checked.text();
    const problems = [
      ...body.matchAll(/<tr data-line="(\d+)"><td>\d+<\/td><td>([^<]*)<\/td><td>([^<]*)</g),
    ].map((m) => [Number(m[1]), m[2]]);
    expect(problems).toEqual([
      [3, 'email'],
      [3, 'startDate'],
      [4, 'region'],
    ]);
    expect(body).toContain('nothing was written');
    expect(body).not.toContain('name="checked"');
    expect(await listEngineers(stack.storage)).toHaveLength(before);

    const good = bad
      .replace('not-an-email', `${b}@example.com`)
      .replace('2026-13-01', '2026-02-01')
      .replace(',,', ',华东,');
    const ok = await upload(
      adminJar,
      '/console/setup/import',
      { csrf, kind: 'engineers' },
      {
        name: 'engineers.csv',
        text: good,
      },
    );
    expect(ok.status).toBe(200);
    const summary = await ok.text();
    expect(summary).toContain('3 rows, 3 new, 0 updated');
    // Checking wrote nothing.
    expect(await listEngineers(stack.storage)).toHaveLength(before);
    const sealed = /name="checked" value="([^"]+)"/.exec(summary)![1]!;
    const confirmed = await upload(adminJar, '/console/setup/import/confirm', { csrf, checked: sealed });
    expect(confirmed.status).toBe(303);
    const done = await (
      await request(adminJar, new URL(confirmed.headers.get('location')!, stack.url).href)
    ).text();
    expect(done).toContain('Imported 3 rows: 3 new, 0 updated.');
    const stored = await listEngineers(stack.storage);
    expect(
      stored
        .filter((e) => [a, b, c].includes(e.id))
        .map((e) => e.region)
        .sort(),
    ).toEqual(['华东', '华北', '华北']);
  });

  it('a reference to no engineer is found in the check (the use case dry run), by line and column', async () => {
    const engineer = await stack.engineer();
    const csv = [
      'id,name,customer,engineerId,start',
      `${uniqueId('p')},好项目,Acme,${engineer.id},2026-01-01`,
      `${uniqueId('p')},坏项目,Acme,nobody-here,2026-01-01`,
    ].join('\r\n');
    const before = (await listProjects(stack.storage)).length;
    const checked = await upload(
      adminJar,
      '/console/setup/import',
      { csrf, kind: 'projects' },
      {
        name: 'projects.csv',
        text: csv,
      },
    );
    expect(checked.status).toBe(400);
    expect(await checked.text()).toMatch(
      /<tr data-line="3"><td>3<\/td><td>engineerId<\/td><td>no engineer with id nobody-here<\/td>/,
    );
    expect(await listProjects(stack.storage)).toHaveLength(before);
  });

  it('support requests imported from the console are recorded with the signed-in admin as author', async () => {
    const engineer = await stack.engineer();
    const csv = [
      'engineerId,customer,dueAt,summary',
      `${engineer.id},Acme,2026-06-10T09:00:00+08:00,安装`,
    ].join('\n');
    const checked = await upload(
      adminJar,
      '/console/setup/import',
      { csrf, kind: 'support-requests' },
      {
        name: 'requests.csv',
        text: csv,
      },
    );
    expect(checked.status).toBe(200);
    const sealed = /name="checked" value="([^"]+)"/.exec(await checked.text())![1]!;
    expect((await upload(adminJar, '/console/setup/import/confirm', { csrf, checked: sealed })).status).toBe(
      303,
    );
    expect(
      (await listSupportRequests(stack.storage)).filter((r) => r.engineerId === engineer.id),
    ).toHaveLength(1);
    const audit = await listAudit(
      { storage: stack.storage, now: () => new Date(), actor: 'test' },
      { month: '2026-06', engineerId: engineer.id },
    );
    expect(audit.entries.map((e) => e.actor)).toEqual([admin.email]);
  });

  it('checked rows cannot be changed on the way back; an unknown kind is refused by name', async () => {
    const id = uniqueId('imp');
    const checked = await upload(
      adminJar,
      '/console/setup/import',
      { csrf, kind: 'engineers' },
      {
        name: 'one.csv',
        text: `id,name,email,region\n${id},丁,${id}@example.com,华北`,
      },
    );
    const sealed = /name="checked" value="([^"]+)"/.exec(await checked.text())![1]!;
    const tampered = `${sealed.slice(0, -3)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-2)}`;
    const refused = await upload(adminJar, '/console/setup/import/confirm', { csrf, checked: tampered });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('upload it again');
    expect((await listEngineers(stack.storage)).some((e) => e.id === id)).toBe(false);
    const unknown = await upload(
      adminJar,
      '/console/setup/import',
      { csrf, kind: 'salaries' },
      {
        name: 'x.csv',
        text: 'a\n1',
      },
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(
      /kind: expected one of engineers, respondents, projects, support-requests/,
    );
  });
});

describe('CSV files as people save them', () => {
  it('a file Excel saved as GB18030 (a Chinese Windows "CSV") is read with its names intact', async () => {
    const id = uniqueId('gbk');
    // 王芳 in GB18030; the rest is ASCII.
    const bytes = Buffer.concat([
      Buffer.from(`id,name,email,region\n${id},`),
      Buffer.from([0xcd, 0xf5, 0xb7, 0xbc]),
      Buffer.from(`,${id}@example.com,north\n`),
    ]);
    const body = new FormData();
    body.set('csrf', csrf);
    body.set('kind', 'engineers');
    body.set('file', new Blob([bytes], { type: 'text/csv' }), 'gbk.csv');
    const checked = await fetch(url('/console/setup/import'), {
      method: 'POST',
      headers: { cookie: adminJar.header() },
      body,
    });
    expect(checked.status).toBe(200);
    const sealed = /name="checked" value="([^"]+)"/.exec(await checked.text())![1]!;
    expect((await upload(adminJar, '/console/setup/import/confirm', { csrf, checked: sealed })).status).toBe(
      303,
    );
    expect((await listEngineers(stack.storage)).find((e) => e.id === id)?.name).toBe('王芳');
  });

  it('a file beyond what one request can import in time is refused whole, naming the limit', async () => {
    const prefix = uniqueId('big');
    const rows = Array.from(
      { length: 2_001 },
      (_, i) => `${prefix}-${i},大${i},${prefix}-${i}@example.com,north`,
    );
    const answer = await upload(
      adminJar,
      '/console/setup/import',
      { csrf, kind: 'engineers' },
      {
        name: 'big.csv',
        text: ['id,name,email,region', ...rows].join('\n'),
      },
    );
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain(
      'the file has 2001 rows; the console imports at most 2000 at once: split the file, or use kpi import',
    );
    expect((await listEngineers(stack.storage)).some((e) => e.id.startsWith(prefix))).toBe(false);
  });

  it('a body that is not well-formed multipart is a 400, nothing written', async () => {
    const answer = await fetch(url('/console/setup/import'), {
      method: 'POST',
      headers: { cookie: adminJar.header(), 'content-type': 'multipart/form-data; boundary=xyz' },
      body: 'this is not multipart at all',
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('not a well-formed multipart/form-data body');
  });

  it('checked rows are imported only by who checked them, within half an hour', async () => {
    const checker: Principal = {
      sub: 'checker',
      actor: 'checker@example.com',
      name: 'C',
      role: 'admin',
      regions: [],
    };
    const ctx = (at: Date) => ({ storage: stack.storage, now: () => at, actor: 'checker@example.com' });
    const at = new Date();
    const id = uniqueId('seal');
    const check = await checkImportFile(
      ctx(at),
      checker,
      'engineers',
      `id,name,email,region\n${id},封,${id}@example.com,north`,
      at,
    );
    expect(check.ok).toBe(true);
    const sealed = check.ok ? check.sealed : '';
    const other = { ...checker, sub: 'someone-else' };
    await expect(importCheckedRows(ctx(at), other, sealed, at)).rejects.toMatchObject({
      problems: [{ path: 'checked', message: expect.stringMatching(/not one you checked/) }],
    });
    const late = new Date(at.getTime() + 31 * 60_000);
    await expect(importCheckedRows(ctx(late), checker, sealed, late)).rejects.toMatchObject({
      problems: [{ path: 'checked', message: expect.stringMatching(/older than 30 minutes/) }],
    });
    expect((await listEngineers(stack.storage)).some((e) => e.id === id)).toBe(false);
    const done = await importCheckedRows(ctx(at), checker, sealed, at);
    expect(done.ok && done.result).toMatchObject({ rows: 1, created: 1 });
  });
});

describe('authorisation', () => {
  it('a viewer is refused every setup page and change (403), and is offered no link to setup', async () => {
    const jar = await signIn(stack.url, viewer);
    const overview = await (await request(jar, url('/console'))).text();
    expect(overview).not.toContain('/console/setup');
    const existing = await stack.engineer();
    const pages = consoleRoutes.filter((r) => r.method === 'GET' && r.path.startsWith('/console/setup'));
    expect(pages.length).toBeGreaterThanOrEqual(9);
    for (const { path } of pages) {
      const at = path.replace('{id}', existing.id);
      expect((await request(jar, url(at))).status, at).toBe(403);
    }
    const viewerCsrf = /name="csrf" value="([^"]+)"/.exec(overview)![1]!;
    const before = (await listEngineers(stack.storage)).length;
    const id = uniqueId('e');
    const posted = await request(jar, url('/console/setup/engineers'), {
      form: { csrf: viewerCsrf, id, name: '越权', email: `${id}@example.com`, region: '华北', active: 'on' },
    });
    expect(posted.status).toBe(403);
    const uploaded = await upload(
      jar,
      '/console/setup/import',
      { csrf: viewerCsrf, kind: 'engineers' },
      {
        name: 'x.csv',
        text: `id,name,email,region\n${id},越权,${id}@example.com,华北`,
      },
    );
    expect(uploaded.status).toBe(403);
    expect(await listEngineers(stack.storage)).toHaveLength(before);
  });

  it('every change of setup and surveys is refused to a viewer, and to a request without the CSRF token (403)', async () => {
    const engineer = await stack.engineer({ region: '华北' });
    const jar = await signIn(stack.url, viewer);
    const viewerCsrf = /name="csrf" value="([^"]+)"/.exec(
      await (await request(jar, url('/console'))).text(),
    )![1]!;
    const posts = consoleRoutes.filter(
      (r) => r.method === 'POST' && /^\/console\/(setup|surveys)\//.test(r.path),
    );
    expect(posts.length).toBeGreaterThanOrEqual(10);
    for (const route of posts) {
      const path = route.path.replace('{id}', engineer.id);
      expect((await request(jar, url(path), { form: { csrf: viewerCsrf } })).status, `viewer ${path}`).toBe(
        403,
      );
      expect((await request(adminJar, url(path), { form: {} })).status, `no token ${path}`).toBe(403);
    }
    const after = (await listEngineers(stack.storage)).find((e) => e.id === engineer.id)!;
    expect(after).toEqual(engineer);
  });

  it('every change needs the session CSRF token: without it, or with a wrong one, 403 and nothing written', async () => {
    const id = uniqueId('e');
    const fields = { id, name: '无令牌', email: `${id}@example.com`, region: '华北', active: 'on' };
    expect((await request(adminJar, url('/console/setup/engineers'), { form: fields })).status).toBe(403);
    expect(
      (
        await request(adminJar, url('/console/setup/engineers'), {
          form: { ...fields, csrf: 'x'.repeat(43) },
        })
      ).status,
    ).toBe(403);
    const uploaded = await upload(
      adminJar,
      '/console/setup/import',
      { kind: 'engineers' },
      {
        name: 'x.csv',
        text: `id,name,email,region\n${id},无令牌,${id}@example.com,华北`,
      },
    );
    expect(uploaded.status).toBe(403);
    expect((await listEngineers(stack.storage)).some((e) => e.id === id)).toBe(false);
  });
});

describe('addresses', () => {
  it('an engineer id that cannot exist is a 400 naming the id, and an unknown one a 404', async () => {
    const malformed = await request(adminJar, url('/console/setup/engineers/%E0%A4%A'));
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('id: expected an id');
    expect((await request(adminJar, url('/console/setup/engineers/nobody-by-this-id'))).status).toBe(404);
  });
});
