// An engineer's daily-report link through the local gateway against DynamoDB Local: the form, filing on time and
// late, edits, several follow-up visits, the JSON endpoint for scripts, and every kind of bad link.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Engineer } from '../../../shared/domain/engineer.ts';
import { linkKey } from '../../../shared/links/key.ts';
import { signLink } from '../../../shared/links/token.ts';
import { findDailyReport, listDailyReportRevisions } from '../../../shared/storage/dailyReports.ts';
import { findEngineer, replaceEngineer } from '../../../shared/storage/engineers.ts';
import { readJson, useStack } from '../../support/stack.ts';

const stack = useStack();
const ZONE = 'Asia/Shanghai';
const today = () => DateTime.now().setZone(ZONE).toISODate()!;
const daysAgo = (n: number) => DateTime.now().setZone(ZONE).minus({ days: n }).toISODate()!;

async function engineerWithProjects(language: 'zh-CN' | 'en' = 'en') {
  const engineer = await stack.engineer({ language });
  const alpha = await stack.project(engineer.id, { name: 'Alpha rollout', customer: 'Acme' });
  const beta = await stack.project(engineer.id, { name: 'Beta pilot', customer: 'Globex' });
  const ended = await stack.project(engineer.id, {
    name: 'Old gamma',
    start: '2020-01-01',
    end: '2020-12-31',
  });
  return { engineer, alpha, beta, ended, url: await stack.dailyReportUrl(engineer) };
}

function reportForm(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

const postForm = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

describe('daily report form', () => {
  it("shows today's form in the engineer's language with their active projects only", async () => {
    const { url, alpha, beta, ended } = await engineerWithProjects('zh-CN');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('工作日报');
    expect(page).toContain(`value="${today()}"`);
    expect(page).toContain(`<option value="${alpha.id}">`);
    expect(page).toContain(`<option value="${beta.id}">`);
    expect(page).not.toContain(ended.id);
    expect(page).toContain('name="visits[4].projectId"');
    expect(page).not.toContain('<script');
    const english = await (await fetch(`${url}?lang=en`)).text();
    expect(english).toContain('Work done');
  });

  it('files today’s report with two follow-up visits on time, then an edit keeps the first submission time', async () => {
    const { engineer, url, alpha, beta } = await engineerWithProjects();
    const before = Date.now();
    const res = await postForm(
      url,
      reportForm({
        date: today(),
        workDone: 'Installed the cluster',
        problems: 'Licence server slow',
        plan: 'Tune it tomorrow',
        'visits[0].projectId': alpha.id,
        'visits[0].note': 'Checked the rollout',
        'visits[1].projectId': '',
        'visits[1].note': '',
        'visits[2].projectId': beta.id,
        'visits[2].note': 'Pilot review',
      }),
    );
    expect(res.status).toBe(201);
    const page = await res.text();
    expect(page).toContain('Submitted on time: the day counts.');
    const stored = await findDailyReport(stack.storage, engineer.id, today());
    expect(stored?.followUps).toEqual([
      { projectId: alpha.id, note: 'Checked the rollout' },
      { projectId: beta.id, note: 'Pilot review' },
    ]);
    expect(Date.parse(stored!.submittedAt)).toBeGreaterThanOrEqual(before - 1000);

    const edit = await postForm(
      url,
      reportForm({ date: today(), workDone: 'Installed and tuned the cluster' }),
    );
    expect(edit.status).toBe(200);
    const edited = await findDailyReport(stack.storage, engineer.id, today());
    expect(edited?.revision).toBe(2);
    expect(edited?.submittedAt).toBe(stored?.submittedAt);
    expect(edited?.workDone).toBe('Installed and tuned the cluster');
    expect((await listDailyReportRevisions(stack.storage, engineer.id, today())).length).toBe(2);

    // Reopening shows the saved report.
    const reopened = await (await fetch(url)).text();
    expect(reopened).toContain('Installed and tuned the cluster</textarea>');
  });

  it('records a report for a past day honestly as late', async () => {
    const { engineer, url } = await engineerWithProjects();
    const day = daysAgo(10);
    const res = await postForm(`${url}?lang=en`, reportForm({ date: day, workDone: 'Catching up' }));
    expect(res.status).toBe(201);
    expect(await res.text()).toContain('Recorded as late');
    const stored = await findDailyReport(stack.storage, engineer.id, day);
    expect(stored?.date).toBe(day);
    expect(Date.parse(stored!.submittedAt)).toBeGreaterThan(
      Date.parse(`${day}T00:00:00+08:00`) + 2 * 86_400_000,
    );
    const form = await (await fetch(`${url}?date=${day}`)).text();
    expect(form).toContain('Catching up</textarea>');
  });

  it('re-renders bad input with messages and what was typed, storing nothing', async () => {
    const { engineer, url, alpha } = await engineerWithProjects();
    const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 }).toISODate()!;
    const future = await postForm(
      url,
      reportForm({ date: tomorrow, workDone: 'Time travel', plan: 'keep me' }),
    );
    expect(future.status).toBe(400);
    const page = await future.text();
    expect(page).toContain(`Date: Choose ${today()} or an earlier day`);
    expect(page).toContain('keep me</textarea>');
    expect(await findDailyReport(stack.storage, engineer.id, tomorrow)).toBeUndefined();

    const noProject = await postForm(
      url,
      reportForm({
        date: today(),
        workDone: '',
        'visits[0].projectId': alpha.id,
        'visits[0].note': 'fine',
        'visits[1].projectId': '',
        'visits[1].note': 'visited someone',
      }),
    );
    expect(noProject.status).toBe(400);
    const text = await noProject.text();
    expect(text).toContain('Visit 2: Choose the project of this visit');
    expect(text).toContain('Work done: Say what you worked on');
    expect(text).toContain('visited someone');
    expect(await findDailyReport(stack.storage, engineer.id, today())).toBeUndefined();

    const other = await stack.engineer();
    const foreign = await stack.project(other.id);
    const forged = await postForm(
      url,
      reportForm({ date: today(), workDone: 'x', 'visits[0].projectId': foreign.id, 'visits[0].note': '' }),
    );
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('Visit 1: Choose one of your own projects from the list');
  });

  it('accepts the longest report the form allows, written in Chinese', async () => {
    const { engineer, url, alpha } = await engineerWithProjects('zh-CN');
    const long = (n: number) => '项目进展顺利'.repeat(Math.ceil(n / 6)).slice(0, n);
    const fields: Record<string, string> = {
      date: today(),
      workDone: long(5000),
      problems: long(5000),
      plan: long(5000),
    };
    for (let i = 0; i < 5; i++) {
      fields[`visits[${i}].projectId`] = alpha.id;
      fields[`visits[${i}].note`] = long(1000);
    }
    const body = reportForm(fields);
    // Urlencoded Chinese takes 9 bytes a character: far more than a small body limit would allow.
    expect(body.length).toBeGreaterThan(150_000);
    expect((await postForm(url, body)).status).toBe(201);
    const stored = await findDailyReport(stack.storage, engineer.id, today());
    expect(stored?.workDone).toHaveLength(5000);
    expect(stored?.followUps).toHaveLength(5);
  });

  it('shows hostile text escaped', async () => {
    const { url } = await engineerWithProjects();
    const payload = '<script>alert(1)</script><b onmouseover=alert(2)>';
    expect((await postForm(url, reportForm({ date: today(), workDone: payload }))).status).toBe(201);
    const page = await (await fetch(url)).text();
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;b onmouseover=alert(2)&gt;');
  });
});

describe('daily report form: what the newcomer tripped over', () => {
  it('shows when a day was submitted as local time in the organisation’s zone, never a raw UTC instant', async () => {
    const { engineer, url } = await engineerWithProjects();
    const saved = await postForm(`${url}?lang=en`, reportForm({ date: today(), workDone: 'Demo day' }));
    const stored = (await findDailyReport(stack.storage, engineer.id, today()))!;
    const local = DateTime.fromISO(stored.submittedAt).setZone(ZONE).toFormat('yyyy-MM-dd HH:mm');
    const savedPage = await saved.text();
    expect(savedPage).toContain(`First submitted: ${local}`);
    expect(savedPage).not.toContain(stored.submittedAt);
    const form = await (await fetch(`${url}?lang=en`)).text();
    expect(form).toContain(`A report for this date was submitted at ${local};`);
    expect(form).not.toContain(stored.submittedAt);
  });

  it('a post for a day after today speaks of that day, not of today’s report', async () => {
    const { url } = await engineerWithProjects('zh-CN');
    expect((await postForm(url, reportForm({ date: today(), workDone: '今天的日报' }))).status).toBe(201);
    const res = await postForm(url, reportForm({ date: '2099-01-01', workDone: '未来' }));
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('<h1>工作日报 · 2099-01-01</h1>');
    expect(page).toContain(`日期：请选择 ${today()} 或更早的日期`);
    expect(page).not.toContain('此日期的日报已于');
    // The same day posted with a problem still says when that day's report was filed.
    const again = await (await postForm(url, reportForm({ date: today(), workDone: ' ' }))).text();
    expect(again).toContain('此日期的日报已于');
  });

  it('answers 30,000 visit rows at once with a short page, and serves another request meanwhile', async () => {
    const { engineer, url } = await engineerWithProjects();
    const rows = Array.from({ length: 30_000 }, (_, i) => `visits[${i}].note=x`).join('&');
    const body = `date=${today()}&workDone=flood&${rows}`;
    expect(body.length).toBeGreaterThan(600_000);
    expect(body.length).toBeLessThan(1024 * 1024);
    const started = performance.now();
    const [flood, other] = await Promise.all([postForm(url, body), fetch(`${url}?lang=en`)]);
    const page = await flood.text();
    // A guard against quadratic reading, not a speed measurement: the old form took 64 s and answered 15 MB.
    expect(performance.now() - started).toBeLessThan(3000);
    // Far more fields than any form has: refused whole by the body reader, before the form reads a row.
    expect(flood.status).toBe(400);
    expect(Buffer.byteLength(page)).toBeLessThan(64 * 1024);
    expect(page).toContain('What was sent could not be read.');
    expect(page).not.toContain('flood');
    expect(other.status).toBe(200);
    expect(await other.text()).toContain('Daily report');
    expect(await findDailyReport(stack.storage, engineer.id, today())).toBeUndefined();
  });

  it('reads at most 50 visit rows and says so, keeping what was typed', async () => {
    const { engineer, url } = await engineerWithProjects();
    const rows = Array.from({ length: 60 }, (_, i) => `visits[${i}].note=row${i}`).join('&');
    const res = await postForm(url, `date=${today()}&workDone=sixty&${rows}`);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('At most 50 follow-up visits per report');
    expect(page).toContain('name="visits[49].note"');
    expect(page).not.toContain('name="visits[50].note"');
    expect(page).toContain('sixty');
    expect(await findDailyReport(stack.storage, engineer.id, today())).toBeUndefined();
  });

  it('never echoes more than a field can hold', async () => {
    const { url } = await engineerWithProjects();
    // Longer than a field may be, short enough for the form to show again with its messages.
    const long = 'a'.repeat(9_000);
    const res = await postForm(
      url,
      reportForm({ date: today(), workDone: long, plan: long, 'visits[0].note': long }),
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(Buffer.byteLength(page)).toBeLessThan(64 * 1024);
    expect(page).not.toContain(long);
    expect(page).toContain('Work done: At most 5000 characters');
    expect(page).toContain('Visit 1: Choose the project of this visit');
    expect(page).toContain('Plan: At most 5000 characters');
  });
});

describe('daily report JSON for scripts', () => {
  it('takes the token as a bearer credential', async () => {
    const { engineer, url, alpha } = await engineerWithProjects();
    const token = new URL(url).pathname.split('/')[2]!;
    const auth = { authorization: `Bearer ${token}` };
    const created = await fetch(`${stack.url}/r/me`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        date: today(),
        workDone: 'From a script',
        followUps: [{ projectId: alpha.id, note: 'ok' }],
      }),
    });
    expect(created.status).toBe(201);
    const body = await readJson(created);
    expect(body.onTime).toBe(true);
    expect(body.report.followUps).toEqual([{ projectId: alpha.id, note: 'ok' }]);

    const read = await fetch(`${stack.url}/r/me`, { headers: auth });
    expect(read.status).toBe(200);
    expect((await readJson(read)).report.workDone).toBe('From a script');

    const bad = await fetch(`${stack.url}/r/me`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ date: '2026-02-30', workDone: 'x', followUps: [{ note: 'no project' }] }),
    });
    expect(bad.status).toBe(400);
    const paths = (await readJson(bad)).problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['date', 'followUps[0].projectId']));
    expect((await findDailyReport(stack.storage, engineer.id, today()))?.revision).toBe(1);

    const wrong = await fetch(`${stack.url}/r/me`, { headers: { authorization: 'Bearer nope.nope' } });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('content-type')).toContain('application/json');
  });
});

describe('bad daily-report links', () => {
  const refused = async (url: string, status: number) => {
    const get = await fetch(url);
    expect(get.status).toBe(status);
    const post = await postForm(url, reportForm({ date: today(), workDone: 'x' }));
    expect(post.status).toBe(status);
    expect(await post.text()).toContain(
      status === 403 ? 'This link is not valid' : 'This link is no longer valid',
    );
  };

  it('revoked by bumping the link version → 403, and the new link works', async () => {
    const { engineer, url } = await engineerWithProjects();
    const current = (await findEngineer(stack.storage, engineer.id))!;
    const bumped: Engineer = { ...current, dailyReportLinkVersion: 2, updatedAt: new Date().toISOString() };
    await replaceEngineer(stack.storage, bumped, current.updatedAt);
    await refused(url, 403);
    expect(await findDailyReport(stack.storage, engineer.id, today())).toBeUndefined();
    expect((await fetch(await stack.dailyReportUrl(bumped))).status).toBe(200);
  });

  it('inactive engineer, unknown engineer, tampered → 403; expired → 410', async () => {
    const inactive = await stack.engineer({ active: false });
    await refused(await stack.dailyReportUrl(inactive), 403);
    const key = await linkKey();
    await refused(
      `${stack.url}/r/${signLink(key, { kind: 'dailyReport', id: 'e-nobody', version: 1, expiresAt: 4e9 })}`,
      403,
    );
    const { url, engineer } = await engineerWithProjects();
    await refused(`${url.slice(0, -3)}${url.endsWith('AAA') ? 'BBB' : 'AAA'}`, 403);
    const expired = signLink(key, {
      kind: 'dailyReport',
      id: engineer.id,
      version: 1,
      expiresAt: Math.floor(Date.now() / 1000) - 1,
    });
    await refused(`${stack.url}/r/${expired}`, 410);
  });
});
