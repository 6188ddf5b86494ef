// How every Lambda function is bundled: ONE set of esbuild options, used by the CDK construct (through the
// esbuild CLI that NodejsFunction runs) and by `npm run bench:coldstart` (through esbuild's API), so the bundle
// that is measured is the bundle that is deployed.
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Lambda runtime always puts the function's role credentials in the environment, so the default chain's
 * SSO, INI, process, web-identity and IMDS providers (and the STS/SSO clients they pull in)
 * are dead weight there. Only Lambda bundles take this alias; the local runtime keeps the full chain.
 */
const LAMBDA_CREDENTIALS_SHIM = fileURLToPath(new URL('./lambda/credentials.ts', import.meta.url));

/**
 * ESM bundles have no `require`, `__filename` or `__dirname`; CommonJS dependencies bundled into them
 * (exceljs, nodemailer, parts of the SDK) call them. Distinct local names keep the banner from clashing with
 * identifiers esbuild emits.
 */
const ESM_CJS_BANNER = [
  "import { createRequire as __kpiCreateRequire } from 'node:module';",
  "import { fileURLToPath as __kpiFileURLToPath } from 'node:url';",
  "import { dirname as __kpiDirname } from 'node:path';",
  'const require = __kpiCreateRequire(import.meta.url);',
  'const __filename = __kpiFileURLToPath(import.meta.url);',
  'const __dirname = __kpiDirname(__filename);',
].join('');

/** The single description of a Lambda bundle. */
export const LAMBDA_BUNDLE = {
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  sourcemap: true,
  // Source maps name files and lines for stack traces; the sources themselves would double the upload.
  sourcesContent: false,
  // ES module builds first: the SDK's dist-es tree-shakes, its dist-cjs does not.
  mainFields: ['module', 'main'],
  banner: ESM_CJS_BANNER,
  alias: { '@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS_SHIM } as Record<string, string>,
  // The SDK is bundled (pinned, tree-shaken) rather than taken from the runtime's copy.
  external: [] as string[],
} as const;

/** esbuild API options for one function's entry, as bench/coldstart.ts runs them. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: LAMBDA_BUNDLE.platform,
    target: LAMBDA_BUNDLE.target,
    format: LAMBDA_BUNDLE.format,
    minify: LAMBDA_BUNDLE.minify,
    sourcemap: LAMBDA_BUNDLE.sourcemap,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    banner: { js: LAMBDA_BUNDLE.banner },
    alias: LAMBDA_BUNDLE.alias,
    external: [...LAMBDA_BUNDLE.external],
    absWorkingDir: PROJECT_ROOT,
    logLevel: 'warning',
  };
}
