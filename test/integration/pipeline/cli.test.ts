// `kpi invite|remind|run-month` spawned as a user runs them, against a local stack described by a local.json
// (DynamoDB Local + the SES v2 stand-in of this file): the summary line, re-runs sending nothing, a dry run,
// and one-line errors.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { latestClosedMonth } from '../../../shared/domain/monthTimeline.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { getOrganisationSettings } from '../../../shared/storage/organisation.ts';
import { findRunDispatch } from '../../../shared/storage/runs.ts';
import { findLatestScoreCard } from '../../../shared/storage/scoreCards.ts';
import { readSentEmails, useSesLocal } from '../../support/ses.ts';
import { useStack } from '../../support/stack.ts';
import { type SeededTeam, seedTeam, testMonth } from './support.ts';

const exec = promisify(execFile);
const sesHarness = useSesLocal();
const stack = useStack();

let dataDir: string;
let team: SeededTeam;

async function kpi(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'cli/kpi.ts', ...args], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        SES_ENDPOINT: '',
        LINK_KEY: '',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('kpi invite, remind and run-month', () => {
  beforeAll(async () => {
    team = await seedTeam(stack, testMonth());
    dataDir = await mkdtemp(join(tmpdir(), 'kpi-cli-'));
    await writeFile(join(dataDir, 'link-key'), randomBytes(32).toString('base64url'));
    await writeFile(
      join(dataDir, 'local.json'),
      JSON.stringify({
        apiUrl: stack.url,
        mailboxUrl: `${sesHarness.ses.url}/`,
        sesEndpoint: sesHarness.ses.url,
        dynamoEndpoint: stack.dynamoEndpoint,
        tableName: stack.storage.tableName,
        adminToken: stack.adminToken,
      }),
    );
  });

  it('invites and reminds for the month running now, runs a closed month and prints what it did; a re-run sends nothing', async () => {
    const invite = await kpi('invite', team.month);
    expect(invite.stdout).toContain(
      `invitations ${team.month}: 4 respondent × engineer pairs — created 4, sent 4`,
    );
    expect(invite.code).toBe(0);
    const remind = await kpi('remind', team.month);
    expect(remind.stdout).toContain('reminded 4');

    // The command runs on the real clock: the latest month whose evidence has closed is the one it can run.
    const closed = latestClosedMonth(
      new Date(),
      await getOrganisationSettings(stack.storage),
      defaultRubric.dailyReportDeadline,
    );
    const dry = await kpi('run-month', closed, '--dry-run');
    expect(dry.stdout).toContain('(dry run, nothing stored or sent): 3 engineers — scored 3, would change 3');
    const before = (await readSentEmails(sesHarness.ses.url)).length;
    expect(before).toBe(8);

    const noEmail = await kpi('run-month', closed, '--no-email');
    expect(noEmail.stdout).toContain('scored 3, emailed 0, unchanged 0, failed 0');
    expect(await readSentEmails(sesHarness.ses.url)).toHaveLength(before);

    const run = await kpi('run-month', closed);
    // The cards stored by the --no-email run are unchanged; their reports go out now.
    expect(run.stdout).toContain(
      `run-month ${closed}: 3 engineers — scored 3, emailed 3, unchanged 3, failed 0`,
    );
    expect(run.stdout).toContain('team summary sent to the department manager');
    expect(run.code).toBe(0);
    const again = await kpi('run-month', closed);
    expect(again.stdout).toContain('emailed 0, unchanged 3, failed 0');
    expect(again.stdout).toContain('team summary: nothing new to send');
    expect(await readSentEmails(sesHarness.ses.url)).toHaveLength(before + 4);
  });

  it('refuses a month that has not begun or is still collecting evidence in one line, exit 2, storing and sending nothing', async () => {
    const emailsBefore = (await readSentEmails(sesHarness.ses.url)).length;
    const closes = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Asia/Shanghai\)`;
    for (const [args, month, state] of [
      [['run-month', '2099-01'], '2099-01', 'has not begun'],
      [['run-month', team.month], team.month, 'is still collecting evidence'],
      [['run-month', team.month, '--dry-run'], team.month, 'is still collecting evidence'],
    ] as const) {
      const out = await kpi(...args);
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(
        new RegExp(`^${month} ${state}; it can be scored once its evidence closes, ${closes}\n$`),
      );
      expect(await findRunDispatch(stack.storage, month)).toBeUndefined();
      for (const e of [team.zhang, team.alice, team.wang])
        expect(await findLatestScoreCard(stack.storage, e.id, month)).toBeUndefined();
    }
    // 2099-01's evidence closes on the survey window's close, the 2nd of February 23:59 local time.
    expect((await kpi('run-month', '2099-01')).stderr).toContain('closes, 2099-02-02 23:59 (Asia/Shanghai)');
    expect(await readSentEmails(sesHarness.ses.url)).toHaveLength(emailsBefore);
  });

  it('refuses a bad month, or a missing local stack, in one line', async () => {
    const bad = await kpi('run-month', '2026-13');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('month: expected a month YYYY-MM');
    const far = await kpi('run-month', '9999-12', '--dry-run');
    expect(far.code).toBe(2);
    expect(far.stderr.trim()).toBe('month: expected a month in the years 2000–2100');
    const noStack = await exec(process.execPath, ['--import', 'tsx', 'cli/kpi.ts', 'invite', '2026-10'], {
      env: { ...process.env, DATA_DIR: join(dataDir, 'nowhere') },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((noStack as { code: number }).code).toBe(2);
    expect((noStack as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
    expect((noStack as { stderr: string }).stderr).toMatch(/npm start/);
  });
});
