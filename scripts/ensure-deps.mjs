// Makes `npm start` and `npm test` work as the very first command on a fresh machine:
// installs the npm packages from the lockfile when they are missing or stale, and (with --browser)
// Debian's chromium for the browser tests. Java 17 for DynamoDB Local is checked the same way.
// Plain Node with no dependencies, because it runs before node_modules exists.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const wantBrowser = process.argv.includes('--browser');
const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync('package-lock.json').mtimeMs > statSync(installed).mtimeMs + 1000) {
  console.error('[setup] installing npm packages from package-lock.json (npm ci)…');
  run('npm ci --no-audit --no-fund');
}

const aptMissing = [];
if (!has('java')) aptMissing.push('openjdk-17-jre-headless');
if (wantBrowser && !existsSync('/usr/bin/chromium')) aptMissing.push('chromium');
if (aptMissing.length > 0) {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  console.error(`[setup] installing Debian packages: ${aptMissing.join(' ')}…`);
  try {
    run(`${sudo}apt-get update -qq`);
    run(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${aptMissing.join(' ')}`);
  } catch {
    console.error(
      `[setup] could not install ${aptMissing.join(', ')}; install them with apt-get and run again.`,
    );
    process.exit(1);
  }
}
