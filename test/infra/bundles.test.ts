// What each deployed function carries: bundled with the stack's own esbuild options (infra/bundling.ts), the
// metafile names every module in the bundle. The workbook writer (exceljs) and nodemailer's MIME composer belong
// only to the function that attaches an .xlsx (the scoring worker: the engineer's report and the team summary);
// a function that attaches nothing must not carry them (they were 1.1 MB of the invitation and reminder
// bundles, reached through one helper import). The HTTP functions validate with zod/mini: one import of
// classic zod anywhere in their code brings all of it back (~100 KB of each bundle).
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions, PROJECT_ROOT } from '../../infra/bundling.ts';
import { FUNCTIONS } from '../../infra/functions.ts';

/** The functions whose emails carry a workbook. */
const ATTACHES_WORKBOOK = new Set(['ScoringWorker']);

/** Package paths a function that attaches nothing must not bundle. */
const WORKBOOK_WRITERS = [
  /node_modules\/exceljs\//,
  // Every email goes as SES simple content; only the address parser of nodemailer is used (sender checks).
  /node_modules\/nodemailer\/lib\/(?!addressparser\/)/,
];

const bundles = new Map<string, Promise<string[]>>();

/** The modules of a function's bundle (built once per entry for all the tests below). */
function bundledModules(entry: string): Promise<string[]> {
  let modules = bundles.get(entry);
  if (!modules) {
    modules = buildModules(entry);
    bundles.set(entry, modules);
  }
  return modules;
}

async function buildModules(entry: string): Promise<string[]> {
  const result = await build({
    ...esbuildOptions(join(PROJECT_ROOT, entry), join(PROJECT_ROOT, 'cdk.out', 'bundle-check', 'index.mjs')),
    metafile: true,
    write: false,
  });
  const metafile: Metafile = result.metafile!;
  return Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
}

describe('function bundles', () => {
  for (const fn of FUNCTIONS) {
    const attaches = ATTACHES_WORKBOOK.has(fn.id);
    it(`${fn.id} ${attaches ? 'carries the' : 'carries no'} workbook writer`, async () => {
      const modules = await bundledModules(fn.entry);
      const writers = modules.filter((m) => WORKBOOK_WRITERS.some((pattern) => pattern.test(m)));
      if (attaches) expect(writers.some((m) => m.includes('node_modules/exceljs/'))).toBe(true);
      else expect(writers).toEqual([]);
    });
  }

  for (const fn of FUNCTIONS.filter((f) => f.routes?.length)) {
    it(`${fn.id} (HTTP) validates with zod/mini, without classic zod`, async () => {
      const modules = await bundledModules(fn.entry);
      expect(modules.some((m) => m.includes('node_modules/zod/v4/mini/'))).toBe(true);
      expect(modules.filter((m) => m.includes('node_modules/zod/v4/classic/'))).toEqual([]);
    });
  }

  it('names every function that attaches a workbook among the stack', () => {
    expect(FUNCTIONS.map((f) => f.id)).toEqual(expect.arrayContaining([...ATTACHES_WORKBOOK]));
  });
});
