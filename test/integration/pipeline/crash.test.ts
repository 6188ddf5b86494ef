// Exactly-once email by evidence: a month's run in a child process is killed (SIGKILL) at each step of one
// email's send — an engineer's report, then the team summary — and the runs that follow must end with every
// report and one summary delivered, none twice. The immediate re-run must not call the month done: the send
// cut short is in doubt, named, exit 1 on the command line, and the summary is held until it is resolved.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, ensureLocalTable, startDynamoDbLocal } from '../../../local/dynamo.ts';
import { standInEvidence } from '../../../local/sesEvidence.ts';
import type { Engineer } from '../../../shared/domain/engineer.ts';
import { latestClosedMonth } from '../../../shared/domain/monthTimeline.ts';
import { mailConfig } from '../../../shared/mail/config.ts';
import { IN_FLIGHT_MS } from '../../../shared/outbox/outbox.ts';
import { type PipelineContext, pipelineContext } from '../../../shared/pipeline/context.ts';
import { sendInvitations, sendReminders } from '../../../shared/pipeline/invitations.ts';
import { runMonth } from '../../../shared/pipeline/runMonth.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { createStorage, type Storage } from '../../../shared/storage/client.ts';
import { createEngineer } from '../../../shared/storage/engineers.ts';
import { getOrganisationSettings } from '../../../shared/storage/organisation.ts';
import { putRespondent } from '../../../shared/storage/respondents.ts';
import type { CrashPlan, CrashStep } from '../../support/crashingRun.ts';
import { putTestOrganisation, testEngineer } from '../../support/fixtures.ts';
import { readSentEmails, useSesLocal } from '../../support/ses.ts';
import { uniqueId } from '../../support/stack.ts';
import { testMonth } from './support.ts';

const exec = promisify(execFile);
const sesHarness = useSesLocal();
let dynamo: DynamoDbLocal | undefined;
const storages: Storage[] = [];

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  // Survey links are signed: this process and the crashing children share one key.
  process.env.LINK_KEY = randomBytes(32).toString('base64url');
});
afterAll(async () => {
  for (const s of storages) s.doc.destroy();
  await dynamo?.stop();
});

interface Team {
  storage: Storage;
  manager: string;
  engineers: Engineer[];
  month: string;
}

/**
 * A fresh table (one run's world) with `count` engineers and its own department manager. The runs here use the
 * real clock, so a month to score is the latest whose evidence has closed; the survey jobs work on this month.
 */
async function freshTeam(count: number, job: 'score' | 'survey' = 'score'): Promise<Team> {
  const tableName = `kpi-crash-${randomUUID().slice(0, 8)}`;
  await ensureLocalTable(dynamo!.endpoint, tableName);
  const storage = createStorage({ tableName, endpoint: dynamo!.endpoint });
  storages.push(storage);
  const manager = `${uniqueId('dept')}@example.com`;
  await putTestOrganisation(storage, manager);
  const engineers: Engineer[] = [];
  for (let i = 0; i < count; i++) {
    const engineer = testEngineer(uniqueId('e'), { language: i % 2 ? 'en' : 'zh-CN' });
    await createEngineer(storage, engineer);
    engineers.push(engineer);
  }
  const month =
    job === 'survey'
      ? testMonth()
      : latestClosedMonth(
          new Date(),
          await getOrganisationSettings(storage),
          defaultRubric.dailyReportDeadline,
        );
  return { storage, manager, engineers, month };
}

/** Runs the month in a child process that SIGKILLs itself at `step` of the victim's send. */
async function crashingRun(
  team: Team,
  step: CrashStep,
  victim: CrashPlan['victim'],
  job: CrashPlan['job'] = 'run-month',
): Promise<void> {
  const plan: CrashPlan = {
    job,
    dynamoEndpoint: dynamo!.endpoint,
    tableName: team.storage.tableName,
    sesUrl: sesHarness.ses.url,
    month: team.month,
    step,
    victim,
  };
  const outcome = await exec(
    process.execPath,
    ['--import', 'tsx', 'test/support/crashingRun.ts', JSON.stringify(plan)],
    { env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' } },
  ).then(
    () => ({ signal: null, code: 0 }),
    (e: { signal: string | null; code: number | null; stderr: string }) => ({ ...e }),
  );
  expect(outcome, 'the child must die at the step, not finish').toMatchObject({ signal: 'SIGKILL' });
}

/** The pipeline as a later run sees it: the same table and stand-in, the stand-in's store as evidence. */
function recoveryContext(team: Team, now: () => Date): PipelineContext {
  return pipelineContext({
    storage: team.storage,
    ses: sesHarness.client,
    mail: mailConfig({ from: 'KPI <kpi@example.com>' }),
    now,
    evidence: standInEvidence(sesHarness.ses.url, sesHarness.ses.startedAt),
    publicBaseUrl: 'http://127.0.0.1:1',
  });
}

/** Emails in the stand-in per recipient of this team: every report and the summary, each exactly once. */
async function expectExactlyOnce(team: Team): Promise<void> {
  const sent = await readSentEmails(sesHarness.ses.url);
  const count = (address: string) => sent.filter((e) => e.to.includes(address)).length;
  const counts = Object.fromEntries(team.engineers.map((e) => [e.id, count(e.email)]));
  expect(counts).toEqual(Object.fromEntries(team.engineers.map((e) => [e.id, 1])));
  expect(count(team.manager), 'team summaries').toBe(1);
}

const steps: CrashStep[] = ['claimed', 'before-call', 'during-call', 'after-call', 'confirmed'];
const later = () => new Date(Date.now() + IN_FLIGHT_MS + 60_000);

describe('a worker killed at each step of an engineer report’s send', () => {
  it.each(steps)('killed %s: in doubt until resolved, then 0 missing and 0 duplicated', async (step) => {
    const team = await freshTeam(5);
    const victim = team.engineers[2]!;
    await crashingRun(team, step, { pkPrefix: `ENG#${victim.id}`, skPrefix: `M#${team.month}#EMAILED#` });

    const now = await runMonth(
      recoveryContext(team, () => new Date()),
      { month: team.month, retryDelayMs: 10 },
    );
    const inDoubt = now.inDoubt.map((d) => d.engineerId);
    // Confirmed before the crash: done. Otherwise nobody can vouch for the victim's report yet: it is named.
    if (step === 'confirmed') expect(inDoubt).not.toContain(victim.id);
    else expect(inDoubt).toContain(victim.id);
    // Other sends the kill cut short are in doubt too; while any is, the summary is not sent as complete.
    if (inDoubt.length > 0) expect(now).toMatchObject({ summarySent: false, summaryHeld: true });
    const afterLease = await runMonth(recoveryContext(team, later), { month: team.month, retryDelayMs: 10 });
    expect(afterLease).toMatchObject({ inDoubt: [], summaryHeld: false, summaryInDoubt: false, failed: [] });
    await expectExactlyOnce(team);
    // And a further run changes nothing.
    const again = await runMonth(recoveryContext(team, later), { month: team.month, retryDelayMs: 10 });
    expect(again).toMatchObject({ emailed: 0, inDoubt: [], summarySent: false, summaryHeld: false });
    await expectExactlyOnce(team);
  });
});

describe('a worker killed at each step of the team summary’s send', () => {
  it.each(steps)('killed %s: the summary is delivered once', async (step) => {
    const team = await freshTeam(3);
    await crashingRun(team, step, { pkPrefix: `RUN#${team.month}`, skPrefix: 'SUMMARY#' });

    const now = await runMonth(
      recoveryContext(team, () => new Date()),
      { month: team.month, retryDelayMs: 10 },
    );
    expect(now.inDoubt).toEqual([]);
    if (step === 'confirmed') {
      expect(now).toMatchObject({ summarySent: false, summaryInDoubt: false });
    } else {
      expect(now).toMatchObject({ summarySent: false, summaryInDoubt: true });
      const afterLease = await runMonth(recoveryContext(team, later), {
        month: team.month,
        retryDelayMs: 10,
      });
      expect(afterLease.summaryInDoubt).toBe(false);
    }
    await expectExactlyOnce(team);
  });
});

describe('the reported defect: claims stuck at "sending", then an immediate re-run', () => {
  it('is not "failed 0", exit 0 with the summary sent: the re-run names who is in doubt, exits 1, holds the summary', async () => {
    const team = await freshTeam(8);
    const victim = team.engineers[5]!;
    await crashingRun(team, 'during-call', {
      pkPrefix: `ENG#${victim.id}`,
      skPrefix: `M#${team.month}#EMAILED#`,
    });

    const dataDir = await mkdtemp(join(tmpdir(), 'kpi-crash-'));
    await writeFile(join(dataDir, 'link-key'), randomBytes(32).toString('base64url'));
    await writeFile(
      join(dataDir, 'local.json'),
      JSON.stringify({
        apiUrl: 'http://127.0.0.1:1',
        sesEndpoint: sesHarness.ses.url,
        sesStartedAt: sesHarness.ses.startedAt.toISOString(),
        dynamoEndpoint: dynamo!.endpoint,
        tableName: team.storage.tableName,
      }),
    );
    const run = await exec(process.execPath, ['--import', 'tsx', 'cli/kpi.ts', 'run-month', team.month], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        SES_ENDPOINT: '',
        LINK_KEY: '',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/failed 0, in doubt [1-9]/);
    expect(run.stdout).toContain(`in doubt ${victim.id} (${victim.name})`);
    expect(run.stdout).toContain('team summary held');
    const sent = await readSentEmails(sesHarness.ses.url);
    expect(sent.filter((e) => e.to.includes(team.manager))).toHaveLength(0);
    // The victim's report is in the stand-in once: it is not sent again, and after the lease it is confirmed.
    expect(sent.filter((e) => e.to.includes(victim.email))).toHaveLength(1);

    const afterLease = await runMonth(recoveryContext(team, later), { month: team.month, retryDelayMs: 10 });
    expect(afterLease).toMatchObject({ inDoubt: [], summarySent: true, failed: [] });
    await expectExactlyOnce(team);
  });
});

describe('a worker killed during the SES call of a survey invitation, then of a reminder', () => {
  it('names the one in doubt, and ends with one invitation and one reminder per engineer', async () => {
    const team = await freshTeam(4, 'survey');
    const respondent = `${uniqueId('rsm')}@example.com`;
    const now = new Date().toISOString();
    await putRespondent(team.storage, {
      id: uniqueId('r'),
      kind: 'regional-sales-manager',
      name: '李经理',
      email: respondent,
      language: 'zh-CN',
      region: 'North',
      createdAt: now,
      updatedAt: now,
    });
    // Per engineer: how many invitations and reminders about them reached the sales manager.
    const counts = async (prefix: string) => {
      const sent = (await readSentEmails(sesHarness.ses.url)).filter((e) => e.to.includes(respondent));
      return team.engineers.map(
        (e) => sent.filter((m) => m.subject.startsWith(prefix) && m.subject.includes(e.name)).length,
      );
    };

    await crashingRun(team, 'during-call', { pkPrefix: 'INV#', skPrefix: 'SENT' }, 'invite');
    const immediate = await sendInvitations(
      recoveryContext(team, () => new Date()),
      { month: team.month },
    );
    expect(immediate.inDoubt.length).toBeGreaterThan(0);
    const resolved = await sendInvitations(recoveryContext(team, later), { month: team.month });
    expect(resolved).toMatchObject({ inDoubt: [], failed: [] });
    expect(await counts('请评价')).toEqual([1, 1, 1, 1]);

    await crashingRun(team, 'during-call', { pkPrefix: 'INV#', skPrefix: 'REMINDED' }, 'remind');
    const remindNow = await sendReminders(
      recoveryContext(team, () => new Date()),
      { month: team.month },
    );
    expect(remindNow.inDoubt.length).toBeGreaterThan(0);
    const remindLater = await sendReminders(recoveryContext(team, later), { month: team.month });
    expect(remindLater).toMatchObject({ inDoubt: [], failed: [] });
    expect(await counts('提醒')).toEqual([1, 1, 1, 1]);
    // Every invitation is recorded as sent and reminded, so nothing is left for a later run.
    expect(await sendReminders(recoveryContext(team, later), { month: team.month })).toMatchObject({
      reminded: 0,
    });
  });
});
