// Dependencies point one way (DEVELOPERS.md, Layout): the domain imports no adapter, an adapter (storage, mail,
// sending, rendering) imports no use case and not the HTTP layer, a use case does not import the HTTP layer,
// and nothing in shared/ reaches into the functions, the CLI or the local runtime.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { layerOf, sharedImports, unplacedFolders, upwardImports } from '../../support/importGraph.ts';

const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
const FUNCTIONS = fileURLToPath(new URL('../../../functions/', import.meta.url));

describe('the import graph of shared/', () => {
  const edges = sharedImports(SHARED);

  it('is read from the files (a known import is found)', () => {
    expect(edges).toContainEqual(expect.objectContaining({ from: 'mail/layout.ts', to: 'html/html.ts' }));
    expect(edges.length).toBeGreaterThan(200);
  });

  it('has every folder in a layer', () => {
    expect(unplacedFolders(SHARED)).toEqual([]);
  });

  it('never points from the domain to an adapter, from an adapter to a use case, or from either to HTTP', () => {
    expect(upwardImports(edges)).toEqual([]);
  });

  it('keeps mail and storage off the HTTP layer in particular', () => {
    const offending = edges.filter(
      (e) => ['mail', 'storage'].includes(e.from.split('/')[0]!) && e.to.startsWith('http/'),
    );
    expect(offending).toEqual([]);
  });

  it('places modules by where they live', () => {
    expect(layerOf('scoring/engine.ts')).toBe('domain');
    expect(layerOf('plural.ts')).toBe('domain');
    expect(layerOf('storage/client.ts')).toBe('adapter');
    expect(layerOf('logger.ts')).toBe('adapter');
    expect(layerOf('forms/survey.ts')).toBe('use case');
    expect(layerOf('http/stack.ts')).toBe('http');
  });

  it('finds an import that points up (the check is not vacuous)', () => {
    const wrong = upwardImports([
      { from: 'mail/layout.ts', to: 'http/html.ts', specifier: '../http/html.ts' },
      { from: 'storage/survey.ts', to: 'forms/survey.ts', specifier: '../forms/survey.ts' },
      { from: 'scoring/engine.ts', to: 'storage/client.ts', specifier: '../storage/client.ts' },
      { from: 'forms/survey.ts', to: 'http/body.ts', specifier: '../http/body.ts' },
      { from: 'admin/months.ts', to: '../local/clock.ts', specifier: '../../local/clock.ts' },
      { from: 'http/admin.ts', to: 'admin/routes.ts', specifier: '../admin/routes.ts' },
      { from: 'storage/survey.ts', to: 'domain/survey.ts', specifier: '../domain/survey.ts' },
    ]);
    expect(wrong).toHaveLength(5);
  });
});

// A handler validates, makes one call into shared/ and answers; a failure is mapped once (the middy stack for
// HTTP, the batch processor and SQS for the queue), and a bad form is re-rendered by its use case.
describe('the handlers in functions/', () => {
  const handlers = readdirSync(FUNCTIONS).map((name) => ({
    name,
    source: readFileSync(join(FUNCTIONS, name, 'handler.ts'), 'utf8'),
  }));

  it('are all read', () => {
    expect(handlers.map((h) => h.name)).toEqual(expect.arrayContaining(['survey-form', 'daily-report']));
  });

  it('catch nothing themselves', () => {
    expect(handlers.filter((h) => /\btry\s*\{|\bcatch\b/.test(h.source)).map((h) => h.name)).toEqual([]);
  });
});
