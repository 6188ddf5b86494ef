// Makes `npm start` and `npm test` work as the very first command on a fresh machine:
// installs the npm packages from the lockfile when they are missing or stale, and (with --browser)
// Debian's chromium for the browser tests, a CJK font (without one Chinese renders as boxes in chromium and
// in the printed workbooks), and LibreOffice Calc and poppler for the workbook print test. Java 17 for
// DynamoDB Local is checked the same way.
// Plain Node with no dependencies, because it runs before node_modules exists.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const wantBrowser = process.argv.includes('--browser');
const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/** Any font fontconfig offers for Chinese (Noto CJK, WenQuanYi, …); none when fontconfig itself is missing. */
function hasChineseFont() {
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return fonts.status === 0 && fonts.stdout.trim() !== '';
}

const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync('package-lock.json').mtimeMs > statSync(installed).mtimeMs + 1000) {
  console.error('[setup] installing npm packages from package-lock.json (npm ci)…');
  run('npm ci --no-audit --no-fund');
}

const aptMissing = [];
if (!has('java')) aptMissing.push('openjdk-17-jre-headless');
if (wantBrowser) {
  if (!existsSync('/usr/bin/chromium')) aptMissing.push('chromium');
  if (!hasChineseFont()) aptMissing.push('fonts-noto-cjk');
  if (!has('soffice')) aptMissing.push('libreoffice-calc-nogui');
  if (!has('pdftotext')) aptMissing.push('poppler-utils');
}
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
