// No write to a month's evidence can forget the month's guard or its record (lifecycle.md): the repositories of
// a manager's facts and of daily reports and visits import no plain writer — every write of theirs is a
// `writeMonthChange` (guard + change + record, one transaction) or a transaction that carries `monthGuard`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const STORAGE = fileURLToPath(new URL('../../../shared/storage/', import.meta.url));
const PLAIN_WRITERS = ['putItem', 'putNewItem', 'batchPut', 'transact', 'conditional'];
const PLAIN_COMMANDS = ['PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand'];

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** The names a module imports from `from`. */
function importedNames(source: string, from: string): string[] {
  const pattern = new RegExp(
    `import\\s*(?:type\\s*)?\\{([^}]*)\\}\\s*from\\s*'${from.replace('.', '\\.')}'`,
    'g',
  );
  return [...source.matchAll(pattern)].flatMap((m) =>
    m[1]!
      .split(',')
      .map((n) => n.trim().replace(/^type\s+/, ''))
      .filter(Boolean),
  );
}

describe('the repositories of a month’s evidence', () => {
  for (const file of ['facts.ts', 'dailyReports.ts']) {
    const source = withoutComments(readFileSync(`${STORAGE}${file}`, 'utf8'));

    it(`${file} imports no plain writer`, () => {
      expect(importedNames(source, './client.ts').filter((n) => PLAIN_WRITERS.includes(n))).toEqual([]);
      expect(
        importedNames(source, '@aws-sdk/lib-dynamodb').filter((n) => PLAIN_COMMANDS.includes(n)),
      ).toEqual([]);
    });

    it(`${file} guards every transaction it sends itself`, () => {
      const sent = source.match(/new TransactWriteCommand\(/g)?.length ?? 0;
      const guarded = source.match(/monthGuard\(/g)?.length ?? 0;
      expect(sent).toBeLessThanOrEqual(guarded);
      expect(source).toContain('writeMonthChange(');
    });
  }

  it('is read from the files (the reader finds a known import)', () => {
    const source = withoutComments(readFileSync(`${STORAGE}facts.ts`, 'utf8'));
    expect(importedNames(source, './months.ts')).toEqual(['writeMonthChange']);
  });
});
