// Appeals are a month's evidence too (lifecycle.md): the appeal repository imports no plain writer, and every
// transaction it sends either carries the month's guard or writes the month's record itself under a condition
// on its state (filing and resolving change `openAppeals` on that item, and DynamoDB takes one operation per
// item in a transaction, so the condition sits on that write instead of a separate ConditionCheck).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FILE = fileURLToPath(new URL('../../../shared/storage/appeals.ts', import.meta.url));
const source = readFileSync(FILE, 'utf8')
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/^\s*\/\/.*$/gm, '');

function importedNames(from: string): string[] {
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

describe('the appeal repository', () => {
  it('imports no plain writer', () => {
    expect(importedNames('./client.ts').length).toBeGreaterThan(0);
    const plain = ['putItem', 'putNewItem', 'batchPut', 'transact', 'conditional'];
    expect(importedNames('./client.ts').filter((n) => plain.includes(n))).toEqual([]);
    const commands = importedNames('@aws-sdk/lib-dynamodb');
    expect(commands).toEqual(['TransactWriteCommand']);
  });

  it('sends no transaction without the month: its guard, or a conditional write of its record', () => {
    const sent = source.match(/new TransactWriteCommand\(/g)?.length ?? 0;
    const guards = source.match(/monthGuard\(/g)?.length ?? 0;
    const monthWrites = [...source.matchAll(/Key: keys\.month\(|\.\.\.keys\.month\(/g)].length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(guards + monthWrites);
  });
});
