// Exactly-once email under repeated crashes: each round runs a month for a fresh team in a child process that
// SIGKILLs itself at a random step of a random send (claim, before the SES call, during it, after it, after the
// confirm), runs it again at once in another child killed at another random step, then runs it in-process
// right away (what is in doubt must be named and the summary held) and once more after the lease (everything
// resolved from the stand-in's store). Then it counts what the SES stand-in received per engineer.
// `npm run bench:crash [-- --engineers 100 --rounds 10]`
import '../local/quiet-sdk.ts';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ensureLocalTable, startDynamoDbLocal } from '#local/dynamo.ts';
import { startSesLocal } from '#local/ses.ts';
import { standInEvidence } from '#local/sesEvidence.ts';
import type { Engineer } from '#shared/domain/engineer.ts';
import { mailConfig } from '#shared/mail/config.ts';
import { createSesClient } from '#shared/mail/send.ts';
import { CLAIM_LEASE_MS, IN_FLIGHT_MS } from '#shared/outbox/outbox.ts';
import { pipelineContext } from '#shared/pipeline/context.ts';
import { runMonth } from '#shared/pipeline/runMonth.ts';
import { createStorage } from '#shared/storage/client.ts';
import { createEngineer } from '#shared/storage/engineers.ts';
import { keys } from '#shared/storage/keys.ts';
import { readOutboxClaim } from '#shared/storage/outbox.ts';
import { putTestOrganisation, testEngineer } from '../test/support/fixtures.ts';

const { values } = parseArgs({
  options: {
    engineers: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '10' },
  },
});
const ENGINEERS = Number(values.engineers);
const ROUNDS = Number(values.rounds);
const MONTH = '2026-10';
/** Steps a run's sends can reach: five per email, one email per engineer and the summary. */
const STEPS = (ENGINEERS + 1) * 5;

const dynamo = await startDynamoDbLocal();
const ses = await startSesLocal({ port: 0 });
const sesClient = createSesClient({ endpoint: ses.url });
const mail = mailConfig({ from: 'KPI <kpi@example.com>' });
process.env.LINK_KEY = randomBytes(32).toString('base64url');

/** A child run of the month that dies at the `killAt`-th step; whether it did die. */
async function crashingRun(tableName: string, killAt: number): Promise<boolean> {
  const plan = {
    dynamoEndpoint: dynamo.endpoint,
    tableName,
    sesUrl: ses.url,
    month: MONTH,
    killAt,
    concurrency: 8,
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'test/support/crashingRun.ts', JSON.stringify(plan)],
      { env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' } },
      (error) => resolve((error as { signal?: string } | null)?.signal === 'SIGKILL'),
    );
  });
}

const random = (n: number) => 1 + Math.floor(Math.random() * n);
const totals = {
  kills: 0,
  namedInDoubt: 0,
  heldSummaries: 0,
  summarySentWhileInDoubt: 0,
  unresolvedAfterLease: 0,
  confirmedByEvidence: 0,
  missing: 0,
  duplicated: 0,
  missingSummaries: 0,
  duplicatedSummaries: 0,
};
const started = performance.now();
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const tableName = `kpi-crash-${randomUUID().slice(0, 8)}`;
    await ensureLocalTable(dynamo.endpoint, tableName);
    const storage = createStorage({ tableName, endpoint: dynamo.endpoint });
    const manager = `dept-${randomUUID().slice(0, 8)}@example.com`;
    await putTestOrganisation(storage, manager);
    const team: Engineer[] = [];
    for (let i = 0; i < ENGINEERS; i++) {
      const engineer = testEngineer(`e-${randomUUID().slice(0, 8)}`, {
        name: `工程师 ${i}`,
        language: i % 3 ? 'zh-CN' : 'en',
      });
      await createEngineer(storage, engineer);
      team.push(engineer);
    }

    const killed = [await crashingRun(tableName, random(STEPS)), await crashingRun(tableName, random(STEPS))];
    totals.kills += killed.filter(Boolean).length;
    const context = (now: () => Date) =>
      pipelineContext({
        storage,
        ses: sesClient,
        mail,
        now,
        evidence: standInEvidence(ses.url, ses.startedAt),
      });
    const immediate = await runMonth(
      context(() => new Date()),
      { month: MONTH, retryDelayMs: 10 },
    );
    totals.namedInDoubt += immediate.inDoubt.length;
    if (immediate.summaryHeld) totals.heldSummaries++;
    if (immediate.summarySent && immediate.inDoubt.length > 0) totals.summarySentWhileInDoubt++;
    const afterLease = new Date(Date.now() + Math.max(CLAIM_LEASE_MS, IN_FLIGHT_MS) + 60_000);
    const later = await runMonth(
      context(() => afterLease),
      { month: MONTH, retryDelayMs: 10 },
    );
    totals.unresolvedAfterLease += later.inDoubt.length + (later.summaryHeld || later.summaryInDoubt ? 1 : 0);

    const sent = (await (await fetch(`${ses.url}/store`)).json()) as {
      emails: Array<{ destination: { to: string[] } }>;
    };
    const count = new Map<string, number>();
    for (const e of sent.emails) for (const to of e.destination.to) count.set(to, (count.get(to) ?? 0) + 1);
    let confirmedByEvidence = 0;
    for (const e of team) {
      const n = count.get(e.email) ?? 0;
      if (n === 0) totals.missing++;
      if (n > 1) totals.duplicated += n - 1;
      const claim = await readOutboxClaim(storage, keys.scoreCardEmailed(e.id, MONTH, 1));
      if (claim?.confirmedBy === 'evidence') confirmedByEvidence++;
    }
    totals.confirmedByEvidence += confirmedByEvidence;
    const summaries = count.get(manager) ?? 0;
    if (summaries === 0) totals.missingSummaries++;
    if (summaries > 1) totals.duplicatedSummaries += summaries - 1;
    console.log(
      `round ${round}: killed ${killed.filter(Boolean).length}/2 — immediate re-run: ${immediate.inDoubt.length} in doubt${immediate.summaryHeld ? ', summary held' : ''}${immediate.summaryInDoubt ? ', summary in doubt' : ''}; after the lease: ${later.inDoubt.length} in doubt, ${later.emailed} sent (SES provably had none), ${confirmedByEvidence} confirmed from the store; reports ${team.length - team.filter((e) => (count.get(e.email) ?? 0) !== 1).length}/${team.length} exactly once, summaries ${summaries}`,
    );
    storage.doc.destroy();
  }
} finally {
  sesClient.destroy();
  await ses.stop();
  await dynamo.stop();
}
console.log(
  `\n${ROUNDS} rounds × ${ENGINEERS} engineers (${ROUNDS * ENGINEERS} reports, ${ROUNDS} summaries), ${totals.kills} kills at random steps, ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
console.log(
  `  named in doubt by the immediate re-run: ${totals.namedInDoubt}; summaries held: ${totals.heldSummaries}; summaries sent while a report was in doubt: ${totals.summarySentWhileInDoubt}`,
);
console.log(
  `  after the lease: unresolved ${totals.unresolvedAfterLease}; confirmed from the stand-in's store ${totals.confirmedByEvidence}`,
);
console.log(
  `  reports missing ${totals.missing}, duplicated ${totals.duplicated}; summaries missing ${totals.missingSummaries}, duplicated ${totals.duplicatedSummaries}`,
);
