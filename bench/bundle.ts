// `npm run bench:bundle`: bundles every function of the stack with the stack's own esbuild options
// (infra/bundling.ts), then prints each minified bundle's size and its module-load time in a fresh Node process
// (median of several runs), against the targets for HTTP handlers: <= 250 KB and <= 50 ms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions, LAMBDA_BUNDLE, PROJECT_ROOT } from '../infra/bundling.ts';
import { FUNCTIONS, type FunctionDeclaration } from '../infra/functions.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const TARGET_KB = 250;
const TARGET_MS = 50;

// What Lambda and the stack put in the environment, so module-scope configuration reads succeed as there.
const LAMBDA_LIKE_ENV = {
  AWS_REGION: 'ap-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SESSION_TOKEN: 'bench',
  TABLE_NAME: 'presales-kpi-bench',
  LINK_KEY_PARAMETER: '/presales-kpi/link-key',
  MAIL_FROM: 'kpi@example.com',
  SES_CONFIGURATION_SET: 'presales-kpi',
  SES_REGION: 'ap-east-1',
  DEPARTMENT_MANAGER_EMAIL: 'manager@example.com',
  PUBLIC_BASE_URL: 'https://example.execute-api.ap-east-1.amazonaws.com',
  SCORING_QUEUE_URL: 'https://sqs.ap-east-1.amazonaws.com/123456789012/scoring',
  ADMIN_AUTH: 'iam',
  POWERTOOLS_SERVICE_NAME: 'presales-kpi',
};

interface Row {
  fn: FunctionDeclaration;
  bytes: number;
  gzipBytes: number;
  loadMs: number[];
  heaviest: [string, number][];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Bytes in the bundle per npm package (or "project" for our own code). */
function byPackage(metafile: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? 'project';
      totals.set(pkg, (totals.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** ms from `import()` to resolved, in a new node process each time (a cold start's module phase). */
function loadTime(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', ...LAMBDA_LIKE_ENV },
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`loading ${file} failed:\n${out.stderr}`);
  return Number(out.stdout);
}

async function main() {
  if (FUNCTIONS.length === 0) {
    console.log('No function is wired in infra/functions.ts yet: nothing to bundle.');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bundle-'));
  const rows: Row[] = [];
  try {
    for (const fn of FUNCTIONS) {
      // index.mjs, as NodejsFunction names an ESM bundle.
      const outfile = join(dir, fn.id, 'index.mjs');
      const result = await build({
        ...esbuildOptions(join(PROJECT_ROOT, fn.entry), outfile),
        metafile: true,
      });
      const bytes = statSync(outfile).size;
      const gzipBytes = gzipSync(readFileSync(outfile)).length;
      loadTime(outfile); // warm the file cache once; then measure
      const loadMs = Array.from({ length: RUNS }, () => loadTime(outfile));
      rows.push({ fn, bytes, gzipBytes, loadMs, heaviest: byPackage(result.metafile!).slice(0, 5) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const kb = (n: number) => (n / 1024).toFixed(1);
  console.log(
    `Lambda bundles (esbuild, ${LAMBDA_BUNDLE.format}, ${LAMBDA_BUNDLE.target}, minified, AWS SDK bundled); ` +
      `module load = median of ${RUNS} fresh node ${process.version} processes\n`,
  );
  console.log('| function | kind | bundle KB | gzip KB | load ms (median) | min–max ms | target |');
  console.log('|---|---|---:|---:|---:|---:|---|');
  let missed = 0;
  for (const r of rows) {
    const http = (r.fn.routes?.length ?? 0) > 0;
    const med = median(r.loadMs);
    const ok = r.bytes <= TARGET_KB * 1024 && med <= TARGET_MS;
    if (http && !ok) missed++;
    const target = http ? `${ok ? 'met' : 'MISSED'} (≤ ${TARGET_KB} KB, ≤ ${TARGET_MS} ms)` : '—';
    const kind = http ? 'HTTP' : r.fn.schedule ? 'schedule' : 'queue';
    console.log(
      `| ${r.fn.id} | ${kind} | ${kb(r.bytes)} | ${kb(r.gzipBytes)} | ${med.toFixed(1)} | ` +
        `${Math.min(...r.loadMs).toFixed(1)}–${Math.max(...r.loadMs).toFixed(1)} | ${target} |`,
    );
  }
  console.log('\nHeaviest packages per bundle (KB of minified output):');
  for (const r of rows) {
    console.log(`  ${r.fn.id}: ${r.heaviest.map(([p, b]) => `${p} ${kb(b)}`).join(', ')}`);
  }
  if (missed > 0) console.log(`\n${missed} HTTP handler(s) missed a target.`);
}

await main();
