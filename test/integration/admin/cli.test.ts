// The `kpi` admin commands as a manager runs them: a real process talking to the local HTTP gateway (the real
// admin handler) over DynamoDB Local. Exit codes and the lines printed are what is asserted.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditAnswer } from '../../../shared/admin/audit.ts';
import type { AuditEntry } from '../../../shared/domain/audit.ts';
import { localDateTime } from '../../../shared/domain/values.ts';
import { finalizeMonthRecord } from '../../../shared/storage/months.ts';
import { uniqueId, useStack } from '../../support/stack.ts';

const stack = useStack();
const ROOT = join(import.meta.dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'kpi-cli-'));

function kpi(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/kpi.ts', ...args, '--api', stack.url, '--token', stack.adminToken],
      // An empty DATA_DIR so a developer's own .data/local.json is never used by mistake.
      { cwd: ROOT, env: { ...process.env, DATA_DIR: scratch, NODE_NO_WARNINGS: '1' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('kpi admin commands', () => {
  it('adds an engineer, lists it, refuses a bad email naming the field, and a duplicate id', async () => {
    const id = uniqueId('e');
    const added = await kpi(
      'engineers',
      'add',
      id,
      '--name',
      'Li Wei',
      '--email',
      'li@example.com',
      '--region',
      'North',
      '--leave',
      '2026-10-12,2026-10-13',
    );
    expect(added).toMatchObject({ code: 0 });
    expect(JSON.parse(added.stdout)).toMatchObject({ id, leave: ['2026-10-12', '2026-10-13'] });

    const list = await kpi('engineers', 'list');
    expect(list.stdout).toMatch(new RegExp(`${id}[\\s│]+Li Wei[\\s│]+li@example.com`));

    const bad = await kpi(
      'engineers',
      'add',
      uniqueId('e'),
      '--name',
      'X',
      '--email',
      'nope',
      '--region',
      'North',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('email: expected an email address like name@example.com');

    const again = await kpi(
      'engineers',
      'add',
      id,
      '--name',
      'Li Wei',
      '--email',
      'li@example.com',
      '--region',
      'North',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(`an engineer with id ${id} already exists`);
  });

  it('records and confirms a complaint, sets exam, verdict and override, and shows them in the preview', async () => {
    const engineer = await stack.engineer();
    const month = '2026-10';
    const complaint = JSON.parse(
      (
        await kpi(
          'complaints',
          'add',
          '--engineer',
          engineer.id,
          '--date',
          '2026-10-09',
          '--text',
          'late on site',
        )
      ).stdout,
    );
    expect((await kpi('complaints', 'confirm', complaint.id)).code).toBe(0);
    expect((await kpi('exam', 'set', engineer.id, month, '93')).code).toBe(0);
    expect((await kpi('verdict', 'set', engineer.id, month, 'insightful')).code).toBe(0);
    expect(
      (await kpi('override', 'set', engineer.id, month, 'satisfaction', '12', '--reason', 'survey lost'))
        .code,
    ).toBe(0);
    const preview = JSON.parse((await kpi('month', 'preview', engineer.id, month, '--json')).stdout);
    const points = Object.fromEntries(
      preview.indicators.map((i: { key: string; points: number }) => [i.key, i.points]),
    );
    expect(points).toMatchObject({ complaints: 10, learning: 8, satisfaction: 12 });

    // Without --json: the table `kpi score --format table` prints, not the card's JSON.
    const table = await kpi('month', 'preview', engineer.id, month, '--lang', 'en');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`Engineer ${engineer.id} · Month ${month}`);
    expect(table.stdout).toMatch(/Customer complaints\s*│\s*15%\s*│\s*10 \/ 15/);
    expect(table.stdout).toMatch(
      /Project-support satisfaction\s*│\s*15%\s*│\s*12 \/ 15\s*│[^│\n]*overridden/,
    );
    expect(table.stdout).not.toContain('"indicators"');
    expect(table.stdout.split('\n').length).toBeLessThan(40);
    expect((await kpi('month', 'preview', engineer.id, month)).stdout).toContain('项目技术解决率');
  });

  it('imports a CSV file all or nothing, naming each bad line and column', async () => {
    const [a, b] = [uniqueId('e'), uniqueId('e')];
    const file = join(scratch, `${a}.csv`);
    writeFileSync(
      file,
      `id,name,email,region,language\n${a},Chen Jie,chen@example.com,East,en\n${b},Sarah,sarah-at-example.com,East,fr\n`,
    );
    const bad = await kpi('import', 'engineers', file);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([
      `${file}: line 3, column email: expected an email address like name@example.com`,
      `${file}: line 3, column language: expected one of zh-CN, en`,
    ]);
    expect((await kpi('engineers', 'show', a)).code).toBe(1);

    writeFileSync(
      file,
      `id,name,email,region,language\n${a},Chen Jie,chen@example.com,East,en\n${b},Sarah,sarah@example.com,East,en\n`,
    );
    const good = await kpi('import', 'engineers', file);
    expect(good).toMatchObject({ code: 0 });
    expect(good.stdout).toMatch(/imported 2 engineers .*: 2 new, 0 updated/);

    const projects = join(scratch, `${a}-projects.csv`);
    writeFileSync(
      projects,
      `id,name,customer,engineerId,start\n${uniqueId('p')},Core,Acme,${uniqueId('ghost')},2026-01-01\n`,
    );
    const refused = await kpi('import', 'projects', projects);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(`${projects}: line 2, column engineerId: no engineer with id ghost-`);
  });

  it('reports every problem of a file in one pass: bad cells and unknown engineers, in every batch', async () => {
    const engineer = await stack.engineer();
    const prefix = uniqueId('once');
    const file = join(scratch, `${prefix}.csv`);
    const rows = Array.from(
      { length: 250 },
      (_, i) => `${prefix}-${i},Project ${i},Customer ${i % 7},${engineer.id},2026-01-01`,
    );
    const [ghost1, ghost2] = [uniqueId('ghost'), uniqueId('ghost')];
    rows[1] = `${prefix}-1,Project 1,Customer 1,${engineer.id},2026-02-30`; // line 3: a bad cell
    rows[3] = `${prefix}-3,Project 3,Customer 3,${ghost1},2026-01-01`; // line 5: no such engineer
    rows[239] = `${prefix}-239,Project 239,Customer 1,${ghost2},2026-01-01`; // line 241, second batch
    writeFileSync(file, `id,name,customer,engineerId,start\n${rows.join('\n')}\n`);
    const refused = await kpi('import', 'projects', file);
    expect(refused.code).toBe(2);
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(`${file}: line 3, column start: `);
    expect(lines[1]).toBe(`${file}: line 5, column engineerId: no engineer with id ${ghost1}`);
    expect(lines[2]).toBe(`${file}: line 241, column engineerId: no engineer with id ${ghost2}`);
    expect((await kpi('projects', 'list', '--engineer', engineer.id, '--json')).stdout.trim()).toBe('[]');
  });

  it('imports a file of several batches only when every batch is good', async () => {
    const engineer = await stack.engineer();
    const prefix = uniqueId('bulk');
    const file = join(scratch, `${prefix}.csv`);
    const rows = Array.from(
      { length: 450 },
      (_, i) => `${prefix}-${i},Project ${i},Customer ${i % 7},${engineer.id},2026-01-01`,
    );
    // Row 421 (line 422) names an engineer that does not exist: only the API can tell, in the third batch.
    rows[420] = `${prefix}-420,Project 420,Customer 0,${uniqueId('ghost')},2026-01-01`;
    writeFileSync(file, `id,name,customer,engineerId,start\n${rows.join('\n')}\n`);
    const refused = await kpi('import', 'projects', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(`${file}: line 422, column engineerId: no engineer with id ghost-`);
    expect((await kpi('projects', 'list', '--engineer', engineer.id, '--json')).stdout.trim()).toBe('[]');

    rows[420] = `${prefix}-420,Project 420,Customer 0,${engineer.id},2026-01-01`;
    writeFileSync(file, `id,name,customer,engineerId,start\n${rows.join('\n')}\n`);
    const done = await kpi('import', 'projects', file);
    expect(done.stdout).toMatch(/imported 450 projects .*: 450 new, 0 updated/);
    expect(
      JSON.parse((await kpi('projects', 'list', '--engineer', engineer.id, '--json')).stdout),
    ).toHaveLength(450);
  });

  it('prints the month status: who has not answered, which reports are missing', async () => {
    const { engineer, respondent } = await stack.surveyCase();
    const out = await kpi('status', new Date().toISOString().slice(0, 7));
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`waiting: ${respondent.name} → ${engineer.name}`);
    expect(out.stdout).toMatch(/daily reports so far:/);
    for (const line of out.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('says clearly when the API cannot be reached or the token is wrong', async () => {
    const wrong = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', 'cli/kpi.ts', 'engineers', 'list', '--api', stack.url, '--token', 'wrong'],
        { cwd: ROOT, env: { ...process.env, DATA_DIR: scratch, NODE_NO_WARNINGS: '1' } },
        (error, _out, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      ),
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/admin token/);
  });
});

describe('kpi audit', () => {
  it('prints the record of changes as a table in local time, and the raw entries with --json', async () => {
    const e = (await stack.engineer()).id;
    const month = '2016-03';
    expect((await kpi('exam', 'set', e, month, '64')).code).toBe(0);
    expect((await kpi('exam', 'set', e, month, '91')).code).toBe(0);
    const complaint = await kpi(
      'complaints',
      'add',
      '--engineer',
      e,
      '--date',
      `${month}-20`,
      '--text',
      'Late',
    );
    const id = JSON.parse(complaint.stdout).id as string;
    expect((await kpi('complaints', 'dismiss', id, '--by', '王敏')).code).toBe(0);

    const raw = await kpi('audit', month, '--engineer', e, '--json');
    expect(raw.code).toBe(0);
    const answer = JSON.parse(raw.stdout) as AuditAnswer;
    expect(answer.entries.map((x) => x.action)).toEqual(['created', 'updated', 'created', 'dismissed']);

    const shown = await kpi('audit', month, '--engineer', e);
    expect(shown.code).toBe(0);
    const lines = shown.stdout.split('\n');
    expect(lines[0]).toBe(`record of changes: ${month}, ${e} (times in Asia/Shanghai)`);
    const row = (entry: AuditEntry) =>
      lines.find(
        (l) => l.includes(localDateTime(Date.parse(entry.at), 'Asia/Shanghai')) && l.includes(entry.action),
      );
    const [, updated, , dismissed] = answer.entries as [AuditEntry, AuditEntry, AuditEntry, AuditEntry];
    expect(row(updated)).toMatch(
      new RegExp(`${stack.adminTokenName}.*updated.*exam-score ${e}/${month}.*score: 64 → 91`),
    );
    // `--by` is who the report names; the record names the caller.
    expect(row(dismissed)).toMatch(new RegExp(`${stack.adminTokenName}.*dismissed.*complaint`));
    expect(shown.stdout).toContain('status: pending → dismissed');
  });

  it('a change to a final month: refused in one line naming the month and since when, and recorded nowhere', async () => {
    const e = (await stack.engineer()).id;
    const month = '2016-04';
    await finalizeMonthRecord(
      stack.storage,
      month,
      { actor: 'hr', at: new Date('2016-05-10T01:00:00Z'), timezone: 'Asia/Shanghai' },
      undefined,
    );
    const refused = await kpi('exam', 'set', e, month, '91');
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'error: 2016-04 is final since 2016-05-10 09:00 (Asia/Shanghai); an admin must reopen it to change it',
    );
    const record = await kpi('audit', month, '--json');
    expect(JSON.parse(record.stdout).entries.map((x: AuditEntry) => x.action)).toEqual(['finalized']);
  });
});
