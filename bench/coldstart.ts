// `npm run bench:coldstart`: bundles every function of the stack with the stack's own esbuild options
// (infra/bundling.ts), and a bare function that only makes a DynamoDB document client and does one GetItem
// (bench/bare/handler.ts) the same way, then prints each minified bundle's size and its module-load time in fresh
// Node processes (median of several runs, the functions taken in turn so load on the machine hits all alike),
// with the ratios to the bare function. Targets: the forms <= 1.5x the bare bundle and load, the admin API <= 2x.
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
const BARE: FunctionDeclaration = {
  id: 'Bare',
  entry: 'bench/bare/handler.ts',
  description: 'a DynamoDB document client and one GetItem',
  grants: {},
};
/** Ratio targets against the bare function, per HTTP function. */
const TARGETS: Record<string, number> = { SurveyForm: 1.5, DailyReport: 1.5, AdminApi: 2 };

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
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bundle-'));
  const rows: Row[] = [];
  try {
    for (const fn of [BARE, ...FUNCTIONS]) {
      // index.mjs, as NodejsFunction names an ESM bundle.
      const outfile = join(dir, fn.id, 'index.mjs');
      const result = await build({
        ...esbuildOptions(join(PROJECT_ROOT, fn.entry), outfile),
        metafile: true,
      });
      const bytes = statSync(outfile).size;
      const gzipBytes = gzipSync(readFileSync(outfile)).length;
      loadTime(outfile); // warm the file cache once; then measure
      rows.push({ fn, bytes, gzipBytes, loadMs: [], heaviest: byPackage(result.metafile!).slice(0, 5) });
    }
    for (let run = 0; run < RUNS; run++) {
      for (const row of rows) row.loadMs.push(loadTime(join(dir, row.fn.id, 'index.mjs')));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const kb = (n: number) => (n / 1024).toFixed(1);
  const bare = rows[0]!;
  const bareMs = median(bare.loadMs);
  console.log(
    `Lambda bundles (esbuild, ${LAMBDA_BUNDLE.format}, ${LAMBDA_BUNDLE.target}, minified, AWS SDK bundled); ` +
      `module load = median of ${RUNS} fresh node ${process.version} processes, functions in turn\n`,
  );
  console.log(
    '| function | kind | bundle KB | gzip KB | load ms (median) | min–max ms | × bare bundle | × bare load | target |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
  let missed = 0;
  for (const r of rows) {
    const med = median(r.loadMs);
    const sizeRatio = r.bytes / bare.bytes;
    const loadRatio = med / bareMs;
    const limit = TARGETS[r.fn.id];
    const ok = limit === undefined || (sizeRatio <= limit && loadRatio <= limit);
    if (!ok) missed++;
    const target = limit === undefined ? '—' : `${ok ? 'met' : 'MISSED'} (≤ ${limit}×)`;
    const kind =
      r === bare ? 'yardstick' : r.fn.routes?.length ? 'HTTP' : r.fn.schedules?.length ? 'schedule' : 'queue';
    console.log(
      `| ${r.fn.id} | ${kind} | ${kb(r.bytes)} | ${kb(r.gzipBytes)} | ${med.toFixed(1)} | ` +
        `${Math.min(...r.loadMs).toFixed(1)}–${Math.max(...r.loadMs).toFixed(1)} | ${sizeRatio.toFixed(2)} | ` +
        `${loadRatio.toFixed(2)} | ${target} |`,
    );
  }
  console.log('\nHeaviest packages per bundle (KB of minified output):');
  for (const r of rows) {
    console.log(`  ${r.fn.id}: ${r.heaviest.map(([p, b]) => `${p} ${kb(b)}`).join(', ')}`);
  }
  if (missed > 0) console.log(`\n${missed} function(s) missed a target.`);
}

await main();
