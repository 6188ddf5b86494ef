// The `kpi` admin commands are made from the admin route table: every route is reachable from a command (or is
// marked API-only), cli/ spells no admin path, and each command sends what its route takes. The commands run
// in-process against a small HTTP server that records each request and answers `{}`.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminRoutes } from '#shared/admin/routes.ts';
import { kpiProgram } from '../../../cli/program.ts';
import { runProgram } from '../../../cli/support/errors.ts';
import { routeOf } from '../../../cli/support/routeCommands.ts';

const CLI = join(import.meta.dirname, '../../../cli');

interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

let server: Server;
let api: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      received.push({
        method: req.method ?? '',
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        body: text === '' ? undefined : JSON.parse(text),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  received.length = 0;
  process.exitCode = undefined;
});

/** Runs `kpi …args` as the command line would; the exit code, stderr, and the requests the API received. */
async function kpi(...args: string[]): Promise<{ code: number; stderr: string; requests: Received[] }> {
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runProgram(kpiProgram(), ['node', 'kpi', ...args, '--api', api, '--token', 't']);
    return { code, stderr, requests: [...received.splice(0)] };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function allCommands(command: Command, path: string[] = []): Array<{ path: string[]; command: Command }> {
  return command.commands.flatMap((c) => [
    { path: [...path, c.name()], command: c },
    ...allCommands(c, [...path, c.name()]),
  ]);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('kpi commands from the route table', () => {
  it('reaches every route of the table from its command, except the ones marked API-only', () => {
    const reached = new Map<string, string>();
    for (const { path, command } of allCommands(kpiProgram())) {
      const route = routeOf(command);
      if (route) reached.set(`${route.method} ${route.path}`, path.join(' '));
    }
    const expected = adminRoutes.flatMap((r) =>
      r.cli === 'api-only'
        ? []
        : [[`${r.method} ${r.path}`, r.cli.group ? `${r.cli.group} ${r.cli.name}` : r.cli.name]],
    );
    expect([...reached.entries()].sort()).toEqual(expected.sort());
    expect(adminRoutes.filter((r) => r.cli === 'api-only').map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /admin/openapi.json',
    ]);
  });

  it('spells no admin API path in cli/: every method and path comes from the route table', () => {
    const spelled = filesUnder(CLI)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/['"`]\/admin\/[^'"`]*/g)].map((m) => `${f}: ${m[0]}`),
      );
    expect(spelled).toEqual([]);
  });

  it('sends arguments and options as the route takes them: path parameters in the path, the rest in the body', async () => {
    const added = await kpi(
      'engineers',
      'add',
      'e-1',
      '--name',
      'Li Wei',
      '--email',
      'li@example.com',
      '--region',
      'North',
      '--manager-email',
      'boss@example.com',
      '--leave',
      '2026-10-12,2026-10-13;2026-10-14',
      '--active',
      'false',
    );
    expect(added.code).toBe(0);
    expect(added.requests).toEqual([
      {
        method: 'POST',
        path: '/admin/engineers',
        query: {},
        body: {
          id: 'e-1',
          name: 'Li Wei',
          email: 'li@example.com',
          region: 'North',
          managerEmail: 'boss@example.com',
          leave: ['2026-10-12', '2026-10-13', '2026-10-14'],
          active: 'false',
        },
      },
    ]);

    const updated = await kpi('engineers', 'update', 'e-1', '--region', 'East');
    expect(updated.requests).toEqual([
      { method: 'PATCH', path: '/admin/engineers/e-1', query: {}, body: { region: 'East' } },
    ]);

    const removed = await kpi('override', 'remove', 'e-1', '2026-10', 'resolution');
    expect(removed.requests).toMatchObject([
      { method: 'DELETE', path: '/admin/overrides/e-1/2026-10/resolution', query: {} },
    ]);

    const exam = await kpi('exam', 'set', 'e-1', '2026-10', '93');
    expect(exam.requests).toEqual([
      {
        method: 'PUT',
        path: '/admin/exam-scores',
        query: {},
        body: { engineerId: 'e-1', month: '2026-10', score: '93' },
      },
    ]);

    const preview = await kpi('month', 'preview', 'e-1', '2026-10', '--json');
    expect(preview.requests).toMatchObject([
      { method: 'GET', path: '/admin/months/2026-10/engineers/e-1/preview', query: {} },
    ]);
  });

  it('names references and timestamps by what they are: --engineer <id>, --due <timestamp>', async () => {
    const added = await kpi(
      'requests',
      'add',
      '--engineer',
      'e-1',
      '--customer',
      'Acme',
      '--due',
      '2026-10-20T18:00:00+08:00',
      '--summary',
      'VPN down',
      '--independent',
    );
    expect(added.requests).toEqual([
      {
        method: 'POST',
        path: '/admin/support-requests',
        query: {},
        body: {
          engineerId: 'e-1',
          customer: 'Acme',
          dueAt: '2026-10-20T18:00:00+08:00',
          summary: 'VPN down',
          independent: true,
        },
      },
    ]);
    const help = kpiProgram()
      .commands.find((c) => c.name() === 'requests')!
      .commands.find((c) => c.name() === 'add')!
      .helpInformation();
    expect(help).toMatch(/--engineer <id>\s+engineer/);
    expect(help).toMatch(/--due <timestamp>\s+due time/);
    expect(help).toMatch(/--independent\s+resolved by the engineer without help/);
  });

  it('sends a switch not given as false where the route needs it, and a nullable field left out as null', async () => {
    const reopened = await kpi('requests', 'resolve', 'r-1');
    expect(reopened.requests).toEqual([
      {
        method: 'POST',
        path: '/admin/support-requests/r-1/resolve',
        query: {},
        body: { resolvedAt: null, independent: false },
      },
    ]);

    // A filter switch is sent only when given: `--active` lists active engineers, no switch lists all.
    expect((await kpi('engineers', 'list', '--active')).requests).toMatchObject([
      { method: 'GET', path: '/admin/engineers', query: { active: 'true' } },
    ]);
    expect((await kpi('engineers', 'list')).requests).toMatchObject([
      { method: 'GET', path: '/admin/engineers', query: {} },
    ]);
  });

  it('refuses a missing mandatory option and a value outside an enum before anything is sent', async () => {
    const missing = await kpi('engineers', 'add', 'e-2', '--name', 'X', '--region', 'North');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--email <email>' not specified/);

    const badChoice = await kpi(
      'respondents',
      'add',
      'r-2',
      '--kind',
      'customer-contact',
      '--name',
      'Y',
      '--email',
      'y@example.com',
      '--language',
      'fr',
    );
    expect(badChoice.code).toBe(2);
    expect(badChoice.stderr).toMatch(/--language <language>.*Allowed choices are zh-CN, en/);
    expect([...missing.requests, ...badChoice.requests]).toEqual([]);
  });

  it('reads the settings from a JSON file as the whole input', async () => {
    const file = join(tmpdir(), `kpi-settings-${process.pid}.json`);
    const settings = { timeZone: 'Asia/Shanghai', departmentManager: { name: 'M', email: 'm@example.com' } };
    writeFileSync(file, JSON.stringify(settings));
    const set = await kpi('settings', 'set', file);
    rmSync(file);
    expect(set.requests).toEqual([{ method: 'PUT', path: '/admin/settings', query: {}, body: settings }]);
  });
});
