// The console's month overview at scale: 100 and 1,000 engineers with a stored latest card each (a real engine
// card, so the items are the size a scoring run writes) in DynamoDB Local. Times the page as a browser gets it —
// GET /console?month=… through the local gateway and the real handler, signed in as an admin — and counts the
// DynamoDB requests it makes, side by side with the bare reads of the stored cards it shows (the paged Query of
// the month's cards, whole). Target: the page costs ≤ 1.5× those bare reads, and its request count grows no
// faster than engineers ÷ 100 (paged queries, never a re-score). Besides the cards, each engineer has the evidence
// the page's progress and flags read — two survey invitations of the month (one answered), its days of daily
// reports filed (every workday), the month's run — and the 11 months before have their last team summary (the
// trend).
// Run: npm run bench:console [-- --engineers 100,1000 --rounds 21]
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureLocalTable, startDynamoDbLocal } from '#local/dynamo.ts';
import { startGateway } from '#local/gateway.ts';
import { useLocalHandlerEnvironment } from '#local/handlerEnvironment.ts';
import { deriveConsoleKeys, sealSession } from '#shared/console/session.ts';
import { monthsEndingWith } from '#shared/domain/values.ts';
import { decodeLinkKey } from '#shared/links/key.ts';
import { regionTotals } from '#shared/pipeline/summary.ts';
import { batchPut, createStorage, type Storage } from '#shared/storage/client.ts';
import { putEngineers } from '#shared/storage/engineers.ts';
import { storage as handlerStorage } from '#shared/storage/fromConfig.ts';
import { ENTITY, keys } from '#shared/storage/keys.ts';
import { putRunDispatch, recordSummaryShown } from '#shared/storage/runs.ts';
import { latestScoreCardItem, listLatestScoreCardsOfMonth } from '#shared/storage/scoreCards.ts';
import { putTestOrganisation, testEngineer } from '../test/support/fixtures.ts';
import { OCTOBER_WORKDAYS, perfectMonth, scoreJson } from '../test/unit/scoring/month.ts';

const { values } = parseArgs({
  options: {
    engineers: { type: 'string', default: '100,1000' },
    rounds: { type: 'string', default: '21' },
    /** Internal: measure one size in this process, against this DynamoDB Local. */
    size: { type: 'string' },
    endpoint: { type: 'string' },
  },
});
const SIZES = values.engineers.split(',').map(Number);
const ROUNDS = Number(values.rounds);
const MONTH = '2026-10';
const REGIONS = ['华北', '华东', '华南', '西南'];

/** Counts every request a DynamoDB document client sends (one per page of a paged Query). */
function countRequests(storage: Storage): { count: () => number; reset: () => void } {
  let n = 0;
  storage.doc.middlewareStack.add(
    (next) => async (args) => {
      n++;
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  return { count: () => n, reset: () => (n = 0) };
}

async function seed(storage: Storage, engineers: number, offset: number): Promise<void> {
  const card = scoreJson(perfectMonth());
  const now = new Date().toISOString();
  const people = Array.from({ length: engineers }, (_, i) =>
    testEngineer(`b${offset + i}`, { name: `工程师 ${offset + i}`, region: REGIONS[i % REGIONS.length]! }),
  );
  await putEngineers(storage, people);
  await batchPut(
    storage,
    people.map((e, i) => {
      // The real card of a whole month, each engineer a few points apart.
      const total = card.total - (i % 40);
      // The LATEST item as a scoring run stores it (with its glance).
      return latestScoreCardItem({
        engineerId: e.id,
        month: MONTH,
        revision: 1,
        card: { ...card, engineerId: e.id, total },
        createdAt: now,
      });
    }),
  );
  // Each engineer's days filed of the month (every October workday, on time), as a daily report records them.
  await batchPut(
    storage,
    people.map((e) => ({
      ...keys.reportDays(e.id, MONTH),
      type: ENTITY.reportDays,
      engineerId: e.id,
      month: MONTH,
      gsi2pk: keys.monthList('REPORTDAYS', MONTH),
      gsi2sk: e.id,
      ...Object.fromEntries(OCTOBER_WORKDAYS.map((date) => [date, `${date}T19:00:00+08:00`])),
    })),
  );
  // Two invitations per engineer (a customer contact and the regional manager), the first one answered.
  const invitations = people.flatMap((e, i) =>
    ['c', 'm'].map((who) => ({
      id: randomUUID(),
      month: MONTH,
      respondentId: `r${offset + i}${who}`,
      engineerId: e.id,
      createdAt: now,
      expiresAt: now,
      status: 'open',
      sentAt: now,
    })),
  );
  await batchPut(storage, [
    ...invitations.map((inv) => ({
      ...keys.invitation(inv.id),
      type: ENTITY.invitation,
      gsi2pk: keys.monthList('INVITATIONS', MONTH),
      gsi2sk: `${inv.engineerId}#${inv.respondentId}`,
      ...inv,
    })),
    ...invitations
      .filter((_, i) => i % 2 === 0)
      .map((inv) => {
        const answer = { ratings: { q1: 5, q2: 4, q3: 5, q4: 4, q5: 5 }, comment: '很好', submittedAt: now };
        return {
          ...keys.surveyResponse(inv.engineerId, MONTH, inv.id),
          type: ENTITY.surveyResponse,
          invitationId: inv.id,
          month: MONTH,
          engineerId: inv.engineerId,
          respondentId: inv.respondentId,
          ...answer,
          revision: 1,
          revisions: [answer],
          ...keys.surveyResponseMonthList(MONTH, inv.id),
        };
      }),
  ]);
  // What the team summaries of the 11 months before showed, recorded as a sent summary records it (with the
  // month's point of the team's trend).
  const regionOf = new Map(people.map((e) => [e.id, e.region]));
  for (const [m, month] of monthsEndingWith(MONTH, 12).slice(0, -1).entries()) {
    const shown = people.map((e, i) => ({ engineerId: e.id, card: { total: 60 + ((i + m) % 40) } }));
    await recordSummaryShown(
      storage,
      {
        month,
        engineers: Object.fromEntries(shown.map((c) => [c.engineerId, { revision: 1, total: c.card.total }])),
        sentAt: now,
      },
      regionTotals(shown, regionOf),
    );
  }
  await putRunDispatch(storage, {
    runId: 'bench-run',
    month: MONTH,
    engineerIds: people.map((e) => e.id),
    email: true,
    dispatchedAt: now,
  });
  // Its outcomes: every engineer done (the page looks for the parked ones).
  await batchPut(
    storage,
    people.map((e) => ({
      ...keys.runOutcome(MONTH, 'bench-run', e.id),
      type: ENTITY.runOutcome,
      runId: 'bench-run',
      month: MONTH,
      engineerId: e.id,
      engineerName: e.name,
      status: 'done',
      revision: 1,
      at: now,
    })),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Times `a` and `b` in alternating rounds (after one warm-up each: the first request loads modules and opens
 * connections), so both see the same moments of a noisy machine; the ratio is the median of each round's a ÷ b.
 */
async function paired(
  rounds: number,
  a: () => Promise<void>,
  b: () => Promise<void>,
): Promise<{ aMs: number; bMs: number; ratio: number }> {
  await a();
  await b();
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await a();
    const middle = performance.now();
    await b();
    const end = performance.now();
    as.push(middle - start);
    bs.push(end - middle);
    ratios.push((middle - start) / (end - middle));
  }
  return { aMs: median(as), bMs: median(bs), ratio: median(ratios) };
}

interface Measured {
  engineers: number;
  pageMs: number;
  /** The median of each round's page ÷ bare (the two timed in alternating rounds). */
  ratio: number;
  pageRequests: number;
  bareMs: number;
  bareRequests: number;
  pageKb: number;
}

/**
 * One size, in its own process: the handlers read their configuration (the table) once per process, as a
 * Lambda container does, so each size gets a fresh one.
 */
async function measure(size: number, endpoint: string): Promise<Measured> {
  const linkKey = randomBytes(32).toString('base64url');
  const tableName = `kpi-bench-console-${size}-${randomBytes(3).toString('hex')}`;
  await ensureLocalTable(endpoint, tableName);
  useLocalHandlerEnvironment({
    tableName,
    dynamoEndpoint: endpoint,
    linkKey: { value: linkKey },
    adminToken: 'bench',
  });
  const storage = createStorage({ tableName, endpoint });
  await putTestOrganisation(storage, 'manager@example.com');
  await seed(storage, size, 0);

  const gateway = await startGateway({ port: 0 });
  process.env.PUBLIC_BASE_URL = gateway.url;
  const { token } = await sealSession(
    { sub: 'bench', actor: 'bench@example.com', name: 'Bench', role: 'admin', regions: [] },
    deriveConsoleKeys(decodeLinkKey(linkKey, 'bench')).session,
    new Date(),
  );
  const pageCounter = countRequests(handlerStorage());
  const bareCounter = countRequests(storage);
  const openPage = async () => {
    const response = await fetch(`${gateway.url}/console?month=${MONTH}&lang=en`, {
      headers: { cookie: `kpi_console=${token}` },
    });
    if (response.status !== 200) throw new Error(`the overview answered ${response.status}`);
    return (await response.text()).length;
  };
  let pageBytes = 0;
  const {
    aMs: pageMs,
    bMs: bareMs,
    ratio,
  } = await paired(
    ROUNDS,
    async () => {
      pageBytes = await openPage();
    },
    async () => {
      const shown = (await listLatestScoreCardsOfMonth(storage, MONTH)).length;
      if (shown !== size) throw new Error(`expected ${size} cards, read ${shown}`);
    },
  );
  pageCounter.reset();
  await openPage();
  const pageRequests = pageCounter.count();
  bareCounter.reset();
  await listLatestScoreCardsOfMonth(storage, MONTH);
  const bareRequests = bareCounter.count();
  await gateway.stop();
  storage.doc.destroy();
  handlerStorage().doc.destroy();
  return {
    engineers: size,
    pageMs,
    ratio,
    pageRequests,
    bareMs,
    bareRequests,
    pageKb: Math.round(pageBytes / 1024),
  };
}

function runChild(size: number, endpoint: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        '--size',
        String(size),
        '--endpoint',
        endpoint,
        '--rounds',
        String(ROUNDS),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{"engineers"'));
      if (code === 0 && line) resolve(JSON.parse(line) as Measured);
      else reject(new Error(`the measurement of ${size} engineers failed (exit ${code})`));
    });
  });
}

async function main(): Promise<void> {
  if (values.size) {
    console.log(JSON.stringify(await measure(Number(values.size), values.endpoint!)));
    return;
  }
  const dynamo = await startDynamoDbLocal();
  const results: Measured[] = [];
  try {
    for (const size of SIZES) results.push(await runChild(size, dynamo.endpoint));
  } finally {
    await dynamo.stop();
  }
  console.log(
    `\nMonth overview (GET /console, admin, all regions) vs the bare Query of the month's stored cards,`,
  );
  console.log(
    `page and bare timed in ${ROUNDS} alternating rounds on DynamoDB Local: medians, and the median of each round's page ÷ bare\n`,
  );
  console.log('engineers |  page time | page requests |  bare time | bare requests | page ÷ bare |  HTML');
  for (const r of results) {
    console.log(
      [
        String(r.engineers).padStart(9),
        `${r.pageMs.toFixed(1)} ms`.padStart(10),
        String(r.pageRequests).padStart(13),
        `${r.bareMs.toFixed(1)} ms`.padStart(10),
        String(r.bareRequests).padStart(13),
        `${r.ratio.toFixed(2)}×`.padStart(11),
        `${r.pageKb} KB`.padStart(6),
      ].join(' | '),
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
