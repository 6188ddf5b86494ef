// `kpi score`: every spec example through the command's own function, and a few real spawns of the CLI
// (exit codes, stdout/stderr discipline, one-line errors without stack traces).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultRubricJson } from '#shared/rubric/default.ts';
import type { ScoreCard } from '#shared/scoring/scoreCard.ts';
import { scoreOutput } from '../../../cli/commands/score.ts';
import { describeError } from '../../../cli/support/errors.ts';
import { EXAMPLE_CASES, FIXTURE_DIR, readExample } from '../scoring/examples.ts';
import { pointsByKey } from '../scoring/month.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kpi-score-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** What the command would print on stderr and its exit code, for a run that fails. */
function failure(run: () => unknown): { lines: string[]; exitCode: number } {
  try {
    run();
  } catch (error) {
    return describeError(error);
  }
  throw new Error('the command succeeded');
}

describe('kpi score, in process', () => {
  test('every spec example file scores as expected through the command, its own `expect` checked too', () => {
    for (const example of EXAMPLE_CASES) {
      const input = join(FIXTURE_DIR, `${example.name}.json`);
      const card = JSON.parse(scoreOutput({ input, format: 'json', lang: 'en' })) as ScoreCard;
      expect(pointsByKey(card), example.name).toEqual(example.points);
      expect(card.total, example.name).toBe(example.total);
      for (const ind of card.indicators)
        expect(ind.flags, `${example.name} ${ind.key}`).toEqual(example.flags[ind.key] ?? []);
    }
  });

  test('a plain input file (no expect) scores the same as the worked case', () => {
    const input = file('A-input.json', readExample('A').input);
    const card = JSON.parse(scoreOutput({ input, format: 'json', lang: 'en' })) as ScoreCard;
    expect(card.total).toBe(95);
  });

  test('a worked case that scores otherwise fails the check, naming each figure (exit 1)', () => {
    const example = readExample('A');
    const path = file('A-wrong.json', { ...example, expect: { resolution: 35, total: 95, learning: 12 } });
    expect(failure(() => scoreOutput({ input: path, format: 'json', lang: 'en' }))).toEqual({
      lines: [
        `${path}: expect.resolution: expected 35, scored 30`,
        `${path}: expect.learning: expected 12, scored 10`,
      ],
      exitCode: 1,
    });
    const invalid = file('A-invalid.json', { input: { ...(example.input as object), month: 'October' } });
    expect(failure(() => scoreOutput({ input: invalid, format: 'json', lang: 'en' }))).toEqual({
      lines: [`${invalid}: input.month: expected a month YYYY-MM`],
      exitCode: 2,
    });
  });

  test('the table shows the indicators by name in the chosen language, weights and the total', () => {
    const input = file('F.json', readExample('F').input);
    const zh = scoreOutput({ input, format: 'table', lang: 'zh-CN' });
    expect(zh).toContain('项目支持满意度');
    expect(zh).toContain('无数据');
    expect(zh).toMatch(/总分\s*│\s*100%\s*│\s*85 \/ 107/);
    const en = scoreOutput({ input, format: 'table', lang: 'en' });
    expect(en).toContain('Project-support satisfaction');
    expect(en).toContain('No survey response this month (no data)');

    const october = scoreOutput({ input: join(ROOT, 'examples/october.json'), format: 'table', lang: 'en' });
    expect(october).toContain('2 customers not resolved in time: Beta Mobile, Cosco Networks → 30 of 35');
    expect(october).toMatch(/Beta 5G trial\s*│ ✓\s*│ ✓\s*│ ✓\s*│ ✗\s*│ ✓/);
    expect(october).toMatch(/Total\s*│\s*100%\s*│\s*84 \/ 107/);
  });

  test('a custom rubric file changes the score; an invalid one is refused with file, path and reason', () => {
    const input = file('J.json', readExample('J').input);
    const lenient = structuredClone(defaultRubricJson) as { indicators: Record<string, unknown>[] };
    lenient.indicators[3] = { ...lenient.indicators[3], penaltyPerComplaint: 2 };
    const card = JSON.parse(
      scoreOutput({ input, rubric: file('lenient.json', lenient), format: 'json', lang: 'en' }),
    );
    expect(pointsByKey(card).complaints).toBe(15 - 4 * 2);

    const broken = structuredClone(defaultRubricJson) as { indicators: Record<string, unknown>[] };
    broken.indicators[0] = { ...broken.indicators[0], weight: 40 };
    const rubric = file('broken.json', broken);
    expect(failure(() => scoreOutput({ input, rubric, format: 'json', lang: 'en' }))).toEqual({
      lines: [`${rubric}: indicators: weights sum to 105, not 100`],
      exitCode: 2,
    });
  });

  test('missing files and files that are not JSON are one-line usage errors', () => {
    expect(failure(() => scoreOutput({ input: join(dir, 'nope.json'), format: 'json', lang: 'en' }))).toEqual(
      {
        lines: [`error: cannot read --input ${join(dir, 'nope.json')}: no such file`],
        exitCode: 2,
      },
    );
    const notJson = file('month.txt', 'month: 2026-10\n');
    const { lines, exitCode } = failure(() => scoreOutput({ input: notJson, format: 'json', lang: 'en' }));
    expect(exitCode).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^error: --input ${notJson} is not valid JSON: `));
  });

  test('an override above the indicator’s maximum is refused against the input file', () => {
    const input = readExample('P').input as Record<string, unknown>;
    input.overrides = [{ indicator: 'resolution', points: 40, reason: 'bonus', by: 'li.na' }];
    const path = file('override.json', input);
    expect(failure(() => scoreOutput({ input: path, format: 'json', lang: 'en' }))).toEqual({
      lines: [`${path}: overrides[0].points: 40 is above the most resolution can score (35)`],
      exitCode: 2,
    });
  });
});

const exec = promisify(execFile);
async function kpi(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'cli/kpi.ts', ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each spawn starts node with tsx (about a second of CPU); on a busy machine that can take several seconds.
const SPAWN = { timeout: 90_000 };

describe.concurrent('kpi score, spawned', () => {
  test('scores the shipped example: JSON on stdout, nothing on stderr, exit 0', SPAWN, async () => {
    const { code, stdout, stderr } = await kpi('score', '--input', 'examples/october.json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const card = JSON.parse(stdout) as ScoreCard;
    expect(pointsByKey(card)).toEqual({
      resolution: 30,
      satisfaction: 12,
      followUp: 12,
      complaints: 10,
      learning: 10,
      dailyReport: 10,
    });
    expect(card.total).toBe(84);
  });

  test(
    'invalid input: exit 2, one line per problem with its JSON path, nothing on stdout',
    SPAWN,
    async () => {
      const bad = file('bad.json', {
        month: '2026-13',
        engineer: { id: 'e-1' },
        supportRequests: [{ customer: 'Acme', dueAt: '2026-10-20', independent: 'yes' }],
      });
      const { code, stdout, stderr } = await kpi('score', '--input', bad);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toEqual([
        `${bad}: month: expected a month YYYY-MM`,
        `${bad}: supportRequests[0].dueAt: expected an ISO 8601 timestamp with an offset or Z, like 2026-10-20T18:00:00+08:00`,
        `${bad}: supportRequests[0].independent: expected true or false`,
      ]);
    },
  );

  test('an unknown option: one line, no stack trace, exit 2', SPAWN, async () => {
    const unknown = await kpi('score', '--input', 'examples/october.json', '--colour');
    expect(unknown).toMatchObject({ code: 2, stdout: '', stderr: "error: unknown option '--colour'\n" });
  });
});
