// `kpi score` with files that are not UTF-8 JSON, or with very many problems: one clear line (never the file's
// raw bytes), or the first screenful of problems and a count of the rest; exit 2 either way.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { scoreOutput } from '../../../cli/commands/score.ts';
import { describeError, MAX_PROBLEM_LINES } from '../../../cli/support/errors.ts';
import { perfectMonth } from '../scoring/month.ts';

const dir = mkdtempSync(join(tmpdir(), 'kpi-input-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** What `kpi score --input <path>` prints on stderr, and its exit code. */
function scoreFailure(path: string): { lines: string[]; exitCode: number } {
  try {
    scoreOutput({ input: path, format: 'json', lang: 'en' });
  } catch (error) {
    return describeError(error);
  }
  throw new Error('the command succeeded');
}

const json = JSON.stringify(perfectMonth());
// Printable text only: no control characters, no replacement characters standing for bytes.
const PRINTABLE = /^[^\p{Cc}\uFFFD]*$/u;

describe('a file that is not UTF-8 text', () => {
  test.each([
    [
      'UTF-16 LE with a byte-order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]),
    ],
    ['UTF-16 LE without one', Buffer.from(json, 'utf16le')],
    [
      'UTF-16 BE with a byte-order mark',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(json, 'utf16le').swap16()]),
    ],
  ])('%s: "UTF-16 is not supported; save it as UTF-8"', (_, bytes) => {
    const path = file('utf16.json', bytes);
    expect(scoreFailure(path)).toEqual({
      lines: [`error: --input ${path} is UTF-16 text, which is not supported; save it as UTF-8`],
      exitCode: 2,
    });
  });

  test('a binary file: "not UTF-8 text", without echoing its bytes', () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x1b,
    ]);
    const path = file('picture.json', png);
    const { lines, exitCode } = scoreFailure(path);
    expect(exitCode).toBe(2);
    expect(lines).toEqual([`error: --input ${path} is not UTF-8 text: it holds binary data`]);
  });

  test('a GBK file: "not UTF-8 text", asking for UTF-8', () => {
    // 客户 in GBK: bytes that are not UTF-8.
    const gbk = Buffer.concat([
      Buffer.from('{"month":"2026-10","engineer":{"id":"'),
      Buffer.from([0xbf, 0xcd, 0xbb, 0xa7]),
      Buffer.from('"}}'),
    ]);
    const path = file('gbk.json', gbk);
    const { lines, exitCode } = scoreFailure(path);
    expect(exitCode).toBe(2);
    expect(lines).toEqual([
      `error: --input ${path} is not UTF-8 text (perhaps GBK or another legacy encoding); save it as UTF-8`,
    ]);
  });

  test('UTF-8 with a byte-order mark is read as UTF-8', () => {
    const path = file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]));
    expect(JSON.parse(scoreOutput({ input: path, format: 'json', lang: 'en' })).total).toBe(100);
  });

  test('text that is not JSON: the reason and where, on one printable line, without the file’s text', () => {
    const path = file('broken.json', '{\n  "month": "2026-10",\n  "engineer": {\u0007 }\n}');
    const { lines, exitCode } = scoreFailure(path);
    expect(exitCode).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^error: --input ${path} is not valid JSON: .+ at line 3, column 16$`),
    );
    expect(lines[0]).toMatch(PRINTABLE);
  });

  test('a control character as the unexpected token is shown escaped', () => {
    const path = file('control.json', '\u001b[31m');
    const { lines } = scoreFailure(path);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(PRINTABLE);
    expect(lines[0]).not.toContain('[31m');
  });
});

describe('very many problems', () => {
  // Generous: a guard against a blow-up (parsing and validating 100,000 items takes a few seconds).
  test('100,000 bad items: the first screenful, then how many more', { timeout: 60_000 }, () => {
    const input = perfectMonth();
    input.supportRequests = Array.from({ length: 100_000 }, () => ({
      customer: 'Acme',
      dueAt: '2026-02-30T10:00:00+08:00',
      resolvedAt: null,
      independent: true,
    }));
    const path = file('many.json', JSON.stringify(input));
    const { lines, exitCode } = scoreFailure(path);
    expect(exitCode).toBe(2);
    expect(lines).toHaveLength(MAX_PROBLEM_LINES + 1);
    expect(lines[0]).toBe(
      `${path}: supportRequests[0].dueAt: day 30 does not exist: February 2026 has 28 days`,
    );
    expect(lines[MAX_PROBLEM_LINES - 1]).toMatch(/^.+: supportRequests\[19\]\.dueAt: /);
    expect(lines.at(-1)).toBe(`… and ${100_000 - MAX_PROBLEM_LINES} more problems`);
  });

  test('up to a screenful, every problem is listed', () => {
    const input = perfectMonth();
    input.supportRequests = Array.from({ length: MAX_PROBLEM_LINES }, () => ({
      customer: 'Acme',
      dueAt: '2026-10-20T24:00:00+08:00',
      resolvedAt: null,
      independent: true,
    }));
    const { lines } = scoreFailure(file('twenty.json', JSON.stringify(input)));
    expect(lines).toHaveLength(MAX_PROBLEM_LINES);
    expect(lines.at(-1)).toMatch(/supportRequests\[19\]\.dueAt: hour 24 does not exist/);
  });
});
