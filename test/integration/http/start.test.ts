// `npm start` as a function: on free ports and a temporary data directory, the first start seeds the demo and
// writes local.json whose links work; a restart keeps the data; a port in use gets a one-line message.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalStack, localJsonSchema, start } from '../../../local/start.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { CookieJar, request, signIn } from '../../support/console.ts';
import { readJson } from '../../support/stack.ts';

let dataDir: string;
let running: LocalStack | undefined;

afterAll(async () => {
  await running?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const admin = (stack: LocalStack, path: string) =>
  fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${stack.adminToken}` } });

describe('npm start', () => {
  it('brings the demo up and writes local.json whose links work; a restart keeps everything', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kpi-start-'));
    const lines: string[] = [];
    running = await start({ dataDir, ports: { api: 0, dynamo: 0, ses: 0 }, log: (l) => lines.push(l) });
    expect(lines).toContain('First start: creating the demo organisation…');

    const local = localJsonSchema.parse(JSON.parse(await readFile(join(dataDir, 'local.json'), 'utf8')));
    expect(local.apiUrl).toBe(running.apiUrl);
    expect(local.demo.month).toMatch(/^\d{4}-\d{2}$/);
    expect(local.demo.surveyLinks).toHaveLength(2);
    expect(local.demo.dailyReportLinks).toHaveLength(5);

    // A survey link per language opens in that language.
    const languages = [];
    for (const url of local.demo.surveyLinks) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      languages.push(/<html lang="([^"]+)">/.exec(await res.text())?.[1]);
    }
    expect(languages.sort()).toEqual(['en', 'zh-CN']);
    for (const url of local.demo.dailyReportLinks) expect((await fetch(url)).status).toBe(200);
    expect((await fetch(local.mailboxUrl)).status).toBe(200);
    expect(await readJson(await admin(running, '/admin/engineers'))).toHaveLength(5);
    expect((await admin(running, `/admin/months/${local.demo.month}/status`)).status).toBe(200);

    // The demo's history is the manager's in the record of changes; a change through the API is the token's
    // holder's, named in local.json.
    expect(local.adminTokenName).toBe(process.env.ADMIN_TOKEN_NAME ?? 'local-admin');
    const seeded = await readJson(
      await admin(running, `/admin/months/${local.demo.month}/audit?engineerId=demo-e3`),
    );
    expect(seeded.entries.length).toBeGreaterThan(0);
    expect(new Set(seeded.entries.map((e: { actor: string }) => e.actor))).toEqual(new Set(['张敏']));
    const exam = await fetch(`${running.apiUrl}/admin/exam-scores`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${running.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ engineerId: 'demo-e3', month: local.demo.month, score: 91 }),
    });
    expect(exam.status).toBe(200);
    const changed = await readJson(
      await admin(running, `/admin/months/${local.demo.month}/audit?engineerId=demo-e3`),
    );
    expect(changed.entries.at(-1)).toMatchObject({
      actor: local.adminTokenName,
      item: { kind: 'exam-score' },
    });

    // Answer one survey; the admin API shows it answered.
    const form = new URLSearchParams();
    for (const q of defaultRubric.survey.questions) form.set(`ratings.${q.key}`, '5');
    const answer = await fetch(local.demo.surveyLinks[0]!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(answer.status).toBe(200);
    const status = await readJson(await admin(running, `/admin/months/${local.demo.surveyMonth}/status`));
    expect(status.survey.answered.length).toBeGreaterThanOrEqual(1);

    // The console: its demo users sign in at the local provider and see the demo month's overview.
    expect(local.console.url).toBe(`${running.apiUrl}/console`);
    expect(local.console.users.map((u) => u.role).sort()).toEqual(['admin', 'viewer']);
    for (const user of local.console.users) {
      const jar = await signIn(running.apiUrl, { ...user, name: user.username, email: '' });
      const overview = await request(jar, `${local.console.url}?month=${local.demo.month}&lang=en`);
      expect(overview.status).toBe(200);
      const rows = (await overview.text()).match(/<tr data-engineer=/g) ?? [];
      // Five demo engineers; the viewer's region has two of them.
      expect(rows).toHaveLength(user.role === 'admin' ? 5 : 2);
    }

    // Stop and start again on the same data and ports: no second seeding, the answer and the links survive.
    const ports = {
      api: Number(new URL(running.apiUrl).port),
      dynamo: Number(new URL(running.dynamoEndpoint).port),
      ses: 0,
      oidc: Number(new URL(running.console.issuer).port),
    };
    await running.stop();
    running = undefined;
    const again: string[] = [];
    running = await start({ dataDir, ports, log: (l) => again.push(l) });
    expect(again).not.toContain('First start: creating the demo organisation…');
    expect(running.adminToken).toBe(local.adminToken);
    // The demo users keep their passwords across restarts.
    expect(running.console.users).toEqual(local.console.users);
    expect((await request(new CookieJar(), `${running.console.url}`)).status).toBe(303);
    const reopened = await fetch(local.demo.surveyLinks[0]!);
    expect(reopened.status).toBe(200);
    expect(await reopened.text()).toMatch(/value="5" checked/);
    const after = await readJson(await admin(running, `/admin/months/${local.demo.surveyMonth}/status`));
    expect(after.survey.answered.length).toBe(status.survey.answered.length);
  });

  it('says in one line which port is in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const otherDir = await mkdtemp(join(tmpdir(), 'kpi-start-'));
    try {
      await expect(
        start({ dataDir: otherDir, ports: { api: port, dynamo: 0, ses: 0 }, log: () => {} }),
      ).rejects.toThrow(
        new RegExp(`^HTTP API: port ${port} is already in use \\(choose another with KPI_PORT\\)$`),
      );
    } finally {
      blocker.close();
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
