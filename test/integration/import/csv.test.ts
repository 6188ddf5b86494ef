// CSV import: every row is validated before anything is written; a bad file imports nothing and says which
// line, which column and why; a good one is written, and importing it again updates instead of duplicating.
import { describe, expect, it } from 'vitest';
import type { AdminContext } from '../../../shared/admin/context.ts';
import { listSupportRequests } from '../../../shared/admin/facts.ts';
import { importRows } from '../../../shared/admin/import.ts';
import { listEngineers, rotateDailyReportLink } from '../../../shared/admin/people.ts';
import { listProjects as listProjectsOf } from '../../../shared/admin/projects.ts';
import { ValidationError } from '../../../shared/errors.ts';
import { formatRowProblems, parseImportFile } from '../../../shared/import/csv.ts';
import { uniqueId, useDynamoDb } from '../../support/dynamo.ts';

const db = useDynamoDb();
const ctx = (): AdminContext => ({
  storage: db.storage,
  now: () => new Date('2026-10-01T00:00:00Z'),
  actor: 'HR',
});

async function importFile(kind: Parameters<typeof parseImportFile>[0], text: string) {
  const file = parseImportFile(kind, text);
  if (file.problems.length > 0) return { problems: formatRowProblems(file.problems) };
  return { result: await importRows(ctx(), { kind, rows: file.inputs, lines: file.lines }) };
}

describe('CSV import', () => {
  it('reports each bad row by line, column and reason, and imports none of the good ones', async () => {
    const [a, b] = [uniqueId('e'), uniqueId('e')];
    const csv = [
      'id,name,email,region,language,leave,active',
      `${a},Li Wei,li@example.com,North,zh-CN,2026-10-12;2026-10-13,yes`,
      `${b},"Chen, Jie",chen-at-example.com,North,de,,`,
      `${a},Again,again@example.com,,,,`,
    ].join('\n');
    const { problems } = await importFile('engineers', csv);
    expect(problems).toEqual([
      'line 3, column email: expected an email address like name@example.com',
      'line 3, column language: expected one of zh-CN, en',
      'line 4, column region: required, but the cell is empty',
    ]);
    const ids = (await listEngineers(ctx(), {})).map((e) => e.id);
    expect(ids).not.toContain(a);
    expect(ids).not.toContain(b);
  });

  it('names an unknown column and a missing one before reading any row', async () => {
    const { problems } = await importFile(
      'projects',
      'id,name,customer,engineer,start\np1,Core,Acme,e-1,2026-01-01\n',
    );
    expect(problems).toEqual([
      'line 1, column engineer: unknown column; projects files have id, name, customer, engineerId, start, end',
      'line 1, column engineerId: required column is missing',
    ]);
  });

  it('imports a good file; importing it again updates the rows and keeps what the table owns', async () => {
    const [a, b] = [uniqueId('e'), uniqueId('e')];
    const csv = (region: string) =>
      [
        'id,name,email,region,language,leave,active',
        `${a},Li Wei,LI@example.com,${region},zh-CN,2026-10-12;2026-10-13,yes`,
        `${b},"Chen, Jie",chen@example.com,${region},en,,false`,
      ].join('\r\n');
    expect((await importFile('engineers', csv('North'))).result).toMatchObject({
      rows: 2,
      created: 2,
      updated: 0,
    });
    await rotateDailyReportLink(ctx(), { id: a });
    expect((await importFile('engineers', csv('East'))).result).toMatchObject({
      rows: 2,
      created: 0,
      updated: 2,
    });
    const all = await listEngineers(ctx(), {});
    const engineers = [all.find((e) => e.id === a), all.find((e) => e.id === b)];
    expect(engineers).toMatchObject([
      {
        id: a,
        email: 'li@example.com',
        region: 'East',
        leave: ['2026-10-12', '2026-10-13'],
        dailyReportLinkVersion: 2,
      },
      { id: b, name: 'Chen, Jie', active: false, region: 'East' },
    ]);
  });

  it('refuses projects and support requests that name an unknown engineer', async () => {
    const e = uniqueId('e');
    await importFile('engineers', `id,name,email,region\n${e},Li,li@example.com,North\n`);
    const p = uniqueId('p');
    const ghost = uniqueId('ghost');
    const rows = [
      { id: p, name: 'Core', customer: 'Acme', engineerId: e, start: '2026-01-01' },
      { id: uniqueId('p'), name: 'Edge', customer: 'Beta', engineerId: ghost, start: '2026-01-01' },
    ];
    const error = await importRows(ctx(), { kind: 'projects', rows }).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      { path: 'rows[1].engineerId', message: `line 3: no engineer with id ${ghost}` },
    ]);
    expect(await listProjectsOf(ctx(), { engineerId: e })).toEqual([]);

    await importRows(ctx(), { kind: 'projects', rows: rows.slice(0, 1) });
    expect((await listProjectsOf(ctx(), { engineerId: e })).map((x) => x.id)).toEqual([p]);
  });

  it('reports the rows’ own problems and unknown engineers together, each on its own line', async () => {
    const e = uniqueId('e');
    await importFile('engineers', `id,name,email,region\n${e},Li,li@example.com,North\n`);
    const [ghost1, ghost2] = [uniqueId('ghost'), uniqueId('ghost')];
    const rows = [
      { engineerId: ghost1, customer: 'Acme', dueAt: '2026-10-20T18:00:00+08:00' },
      { engineerId: e, customer: 'Beta', dueAt: 'tomorrow' },
      { engineerId: ghost2, customer: 'Cosco', dueAt: '2026-10-21T18:00:00+08:00' },
    ];
    const error = await importRows(ctx(), { kind: 'support-requests', rows }).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems;
    expect(problems.map((p) => p.path)).toEqual([
      'rows[0].engineerId',
      'rows[1].dueAt',
      'rows[2].engineerId',
    ]);
    expect(problems[0]!.message).toBe(`line 2: no engineer with id ${ghost1}`);
    expect(problems[1]!.message).toMatch(/^line 3: /);
    expect(problems[2]!.message).toBe(`line 4: no engineer with id ${ghost2}`);
  });

  it('imports support requests into the month they are due; a dry run writes nothing', async () => {
    const e = uniqueId('e');
    await importFile('engineers', `id,name,email,region\n${e},Li,li@example.com,North\n`);
    const [r1, r2] = [uniqueId('req'), uniqueId('req')];
    const csv = [
      'id,engineerId,customer,dueAt,resolvedAt,independent',
      `${r1},${e},Acme,2026-10-20T18:00:00+08:00,2026-10-20T17:00:00+08:00,true`,
      `${r2},${e},Beta,2026-10-31T20:00:00Z,,`,
    ].join('\n');
    const file = parseImportFile('support-requests', csv);
    await importRows(ctx(), { kind: 'support-requests', rows: file.inputs, dryRun: true });
    const mine = async (month: string) =>
      (await listSupportRequests(ctx(), { month })).filter((r) => r.engineerId === e).map((r) => r.id);
    expect(await mine('2026-10')).toEqual([]);
    await importRows(ctx(), { kind: 'support-requests', rows: file.inputs });
    expect(await mine('2026-10')).toEqual([r1]);
    // 31 Oct 20:00 UTC is 1 Nov in Shanghai.
    expect(await mine('2026-11')).toEqual([r2]);
  });
});
