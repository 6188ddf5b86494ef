// The month run at scale: 1,000 engineers with a realistic month in DynamoDB Local (22 workdays of reports with
// weekly follow-ups on 3 projects, support requests, survey responses, exam, verdict, a story, some complaints),
// then the whole run — assemble, score, store the revision, email the report (HTML + .xlsx) to the SES v2
// stand-in, record the outcome, send the summary — timed against the bare Queries and sends that run must make
// (the same GetItems/Queries per engineer and one SendEmail of a report of the same size, at the same
// concurrency). Prints engineer-months per second and the ratio (target ≤ 1.3).
// Run: npm run bench:month [-- --engineers 1000 --concurrency 8]
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { ensureLocalTable, startDynamoDbLocal } from '#local/dynamo.ts';
import { organisationSettingsSchema } from '#shared/domain/organisation.ts';
import { mailConfig } from '#shared/mail/config.ts';
import { renderEngineerReport } from '#shared/mail/engineerReport.ts';
import { createSesClient, outgoingEmailSchema, sendEmailInput } from '#shared/mail/send.ts';
import { forEachBounded, pipelineContext } from '#shared/pipeline/context.ts';
import { runMonth } from '#shared/pipeline/runMonth.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { scoreEngineerMonth } from '#shared/scoring/engine.ts';
import { assembleScoringInput, monthReadRange } from '#shared/storage/assemble.ts';
import { batchPut, createStorage, queryAll, type Storage } from '#shared/storage/client.ts';
import { ENTITY, keys } from '#shared/storage/keys.ts';
import { putOrganisationSettings } from '#shared/storage/organisation.ts';
import { testEngineer } from '../test/support/fixtures.ts';

const { values } = parseArgs({
  options: {
    engineers: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
  },
});
const ENGINEERS = Number(values.engineers);
const CONCURRENCY = Number(values.concurrency);
const MONTH = '2026-10';
const ZONE = 'Asia/Shanghai';
const FROM = 'KPI <kpi@example.com>';

let seed = 7;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

const pad = (n: number) => String(n).padStart(4, '0');
const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toISO()!;

/** Every item of one engineer's realistic month, as the repositories write them. */
function engineerMonth(i: number, now: string): Record<string, unknown>[] {
  const id = `e-${pad(i)}`;
  const items: Record<string, unknown>[] = [];
  items.push({
    ...keys.engineer(id),
    type: ENTITY.engineer,
    gsi1pk: keys.engineersCollection,
    gsi1sk: id,
    gsi2pk: keys.activeEngineersCollection,
    gsi2sk: id,
    ...testEngineer(id, {
      name: i % 2 ? `Engineer ${pad(i)}` : `工程师${pad(i)}`,
      language: i % 2 ? 'en' : 'zh-CN',
      region: `R${i % 10}`,
      ...(i % 2 ? { managerEmail: `mgr-${i % 10}@example.com` } : {}),
    }),
  });
  const projects = [0, 1, 2].map((p) => `p-${pad(i)}-${p}`);
  for (const [n, p] of projects.entries()) {
    items.push({
      ...keys.project(id, p),
      type: ENTITY.project,
      gsi1pk: keys.projectsCollection,
      gsi1sk: p,
      id: p,
      name: `Project ${p}`,
      customer: `Customer ${(i * 3 + n) % 400}`,
      engineerId: id,
      start: '2025-01-01',
      end: null,
      createdAt: now,
      updatedAt: now,
    });
  }
  const start = DateTime.fromISO(`${MONTH}-01`);
  for (let d = start; d.month === start.month; d = d.plus({ days: 1 })) {
    if (d.weekday > 5 || random() < 0.08) continue;
    const date = d.toISODate()!;
    const late = random() < 0.05;
    items.push({
      ...keys.dailyReport(id, date),
      type: ENTITY.dailyReport,
      engineerId: id,
      date,
      workDone: 'Customer visit, configuration review and a training session for the operations team.',
      problems: 'Intermittent timeouts on the gateway under load.',
      plan: 'Follow up with the vendor; prepare the upgrade plan.',
      // Weekly follow-ups: every project on Tuesdays, most weeks.
      followUps:
        d.weekday === 2
          ? projects.filter(() => random() < 0.9).map((projectId) => ({ projectId, note: 'ok' }))
          : [],
      submittedAt: at(late ? d.plus({ days: 2 }).toISODate()! : date, '19:00'),
      lastEditedAt: at(date, '19:00'),
      revision: 1,
    });
  }
  for (let r = 0; r < 5; r++) {
    const due = start.plus({ days: Math.floor(random() * 28) });
    const dueAt = at(due.toISODate()!, '18:00');
    const requestId = `q-${pad(i)}-${r}`;
    items.push({
      ...keys.supportRequest(id, new Date(dueAt).toISOString().slice(0, 10), requestId),
      type: ENTITY.supportRequest,
      gsi1pk: keys.requestsCollection,
      gsi1sk: requestId,
      gsi2pk: keys.monthList('REQUESTS', MONTH),
      gsi2sk: `${dueAt}#${requestId}`,
      id: requestId,
      engineerId: id,
      customer: `Customer ${(i * 3 + r) % 400}`,
      summary: 'Configuration question',
      dueAt,
      resolvedAt: random() < 0.9 ? at(due.toISODate()!, '12:00') : null,
      independent: random() < 0.9,
      createdAt: now,
      updatedAt: now,
    });
  }
  for (let s = 0; s < 3; s++) {
    const invitationId = randomUUID();
    const rating = () => 3 + Math.floor(random() * 3);
    const ratings = Object.fromEntries(defaultRubric.survey.questions.map((q) => [q.key, rating()]));
    items.push({
      ...keys.surveyResponse(id, MONTH, invitationId),
      type: ENTITY.surveyResponse,
      invitationId,
      month: MONTH,
      engineerId: id,
      respondentId: `r-${(i + s) % 50}`,
      ...keys.surveyResponseMonthList(MONTH, invitationId),
      ratings,
      comment: '',
      submittedAt: now,
      revision: 1,
      revisions: [{ ratings, comment: '', submittedAt: now }],
    });
  }
  items.push({
    ...keys.examScore(id, MONTH),
    type: ENTITY.examScore,
    gsi2pk: keys.monthList('EXAMS', MONTH),
    gsi2sk: id,
    engineerId: id,
    month: MONTH,
    score: 80 + Math.floor(random() * 20),
    by: 'HR',
    at: now,
  });
  items.push({
    ...keys.verdict(id, MONTH),
    type: ENTITY.verdict,
    gsi2pk: keys.monthList('VERDICTS', MONTH),
    gsi2sk: id,
    engineerId: id,
    month: MONTH,
    verdict: random() < 0.3 ? 'insightful' : 'standard',
    by: 'manager',
    at: now,
  });
  const storyId = `s-${pad(i)}`;
  items.push({
    ...keys.successStory(id, `${MONTH}-15`, storyId),
    type: ENTITY.successStory,
    gsi1pk: keys.storiesCollection,
    gsi1sk: storyId,
    gsi2pk: keys.monthList('STORIES', MONTH),
    gsi2sk: `${MONTH}-15#${storyId}`,
    id: storyId,
    engineerId: id,
    date: `${MONTH}-15`,
    title: 'Shared the migration runbook',
    createdAt: now,
  });
  if (i % 10 === 0) {
    const complaintId = `c-${pad(i)}`;
    items.push({
      ...keys.complaint(id, `${MONTH}-09`, complaintId),
      type: ENTITY.complaint,
      gsi1pk: keys.complaintsCollection,
      gsi1sk: complaintId,
      gsi2pk: keys.monthList('COMPLAINTS', MONTH),
      gsi2sk: `${MONTH}-09#${complaintId}`,
      id: complaintId,
      engineerId: id,
      date: `${MONTH}-09`,
      text: 'Slow reply',
      status: 'confirmed',
      createdAt: now,
    });
  }
  return items;
}

/** The reads assembleScoringInput makes for one engineer-month, bare (no parsing, no scoring). */
async function bareReads(storage: Storage, engineerId: string): Promise<void> {
  const { from, to } = monthReadRange(MONTH);
  const pk = keys.engineerPartition(engineerId);
  await Promise.all([
    storage.doc.send(new GetCommand({ TableName: storage.tableName, Key: keys.organisation() })),
    storage.doc.send(new GetCommand({ TableName: storage.tableName, Key: keys.engineer(engineerId) })),
    queryAll(storage, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': keys.projectPrefix },
      ConsistentRead: true,
    }),
    queryAll(storage, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': pk,
        ':from': keys.datedPrefix(from),
        ':to': keys.datedUpperBound(to),
      },
    }),
    queryAll(storage, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': keys.monthFactsPrefix(MONTH) },
    }),
  ]);
}

/**
 * The SES v2 stand-in in its own process, as SES is another machine: its work on each email (parsing the MIME,
 * keeping it) then does not share the event loop with the run being measured.
 */
async function startSesStandIn(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await new Promise<number>((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const cli = createRequire(import.meta.url).resolve('aws-ses-v2-local/dist/cli.js');
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/store`)).ok) break;
    } catch {
      if (i > 100) throw new Error('the SES stand-in did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`bench:month — ${ENGINEERS} engineers, concurrency ${CONCURRENCY}`);
  const dynamo = await startDynamoDbLocal();
  const ses = await startSesStandIn();
  const tableName = `bench-month-${randomUUID().slice(0, 8)}`;
  await ensureLocalTable(dynamo.endpoint, tableName);
  const storage = createStorage({ tableName, endpoint: dynamo.endpoint });
  const sesClient = createSesClient({ endpoint: ses.url });
  try {
    const now = new Date().toISOString();
    await putOrganisationSettings(
      storage,
      organisationSettingsSchema.parse({
        timezone: ZONE,
        holidays: [],
        makeUpWorkdays: [],
        departmentManager: { name: 'Dept Manager', email: 'manager@example.com' },
        defaultLanguage: 'zh-CN',
      }),
    );
    const items = Array.from({ length: ENGINEERS }, (_, i) => engineerMonth(i, now)).flat();
    const seedStart = performance.now();
    const chunks: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 500) chunks.push(items.slice(i, i + 500));
    await forEachBounded(chunks, 4, (chunk) => batchPut(storage, chunk));
    log(`seeded ${items.length} items in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const engineerIds = Array.from({ length: ENGINEERS }, (_, i) => `e-${pad(i)}`);

    // One real report (same renderer, same size) for the bare sends.
    const mail = mailConfig({ from: FROM });
    const sample = await renderEngineerReport(
      {
        engineer: { name: '工程师0000', email: 'e-0000@example.com', language: 'zh-CN' },
        scoreCard: scoreEngineerMonth(await assembleScoringInput(storage, engineerIds[0]!, MONTH)),
        rubric: defaultRubric,
      },
      mail,
    );
    // The same request the run sends: simple content with the .xlsx attached and the claim's tag and header.
    const request = sendEmailInput(outgoingEmailSchema.parse(sample), mail, 'x'.repeat(96));
    const sampleCard = JSON.parse(
      JSON.stringify(scoreEngineerMonth(await assembleScoringInput(storage, engineerIds[0]!, MONTH))),
    );
    // The bare writes go to another month's keys, so they never touch what the run reads or writes.
    const BARE = '1999-01';
    await storage.doc.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.runDispatch(BARE), runId: 'bare', engineerIds },
      }),
    );
    const bare = async () => {
      const t = performance.now();
      await forEachBounded(engineerIds, CONCURRENCY, async (engineerId) => {
        const record = { engineerId, month: BARE, revision: 1, card: sampleCard, createdAt: now };
        await Promise.all([
          bareReads(storage, engineerId),
          storage.doc.send(
            new BatchGetCommand({
              RequestItems: {
                [tableName]: {
                  Keys: [
                    keys.engineer(engineerId),
                    ...['1998-08', '1998-09', '1998-10', '1998-11', '1998-12', BARE].map((m) =>
                      keys.scoreCardLatest(engineerId, m),
                    ),
                  ],
                  ConsistentRead: true,
                },
              },
            }),
          ),
        ]);
        await storage.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...keys.scoreCardRevision(engineerId, BARE, 1), ...record },
                },
              },
              {
                Put: { TableName: tableName, Item: { ...keys.scoreCardLatest(engineerId, BARE), ...record } },
              },
            ],
          }),
        );
        await storage.doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.scoreCardEmailed(engineerId, BARE, 1), state: 'claimed' },
          }),
        );
        await storage.doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.scoreCardEmailed(engineerId, BARE, 1),
            UpdateExpression: 'SET #s = :sending',
            ExpressionAttributeNames: { '#s': 'state' },
            ExpressionAttributeValues: { ':sending': 'sending' },
          }),
        );
        const sent = await sesClient.send(
          new SendEmailCommand({
            ...request,
            Destination: { ToAddresses: [`${engineerId}@example.com`] },
          }),
        );
        await storage.doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.scoreCardEmailed(engineerId, BARE, 1),
            UpdateExpression: 'SET #s = :sent, messageId = :m',
            ExpressionAttributeNames: { '#s': 'state' },
            ExpressionAttributeValues: { ':sent': 'sent', ':m': sent.MessageId ?? '' },
          }),
        );
        await storage.doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.runOutcome(BARE, 'bare', engineerId), engineerId, status: 'done', revision: 1 },
          }),
        );
        await storage.doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.runDispatch(BARE),
            UpdateExpression: 'ADD finishedIds :id',
            ExpressionAttributeValues: { ':id': new Set([engineerId]) },
            ReturnValues: 'ALL_NEW',
          }),
        );
      });
      return (performance.now() - t) / 1000;
    };

    log('warm-up: bare reads and sends…');
    await bare();
    log('bare reads and sends…');
    const bareBefore = await bare();
    log('the month run…');
    // The clock of the scoring job's default slot (the 3rd, 09:00), when the month's evidence has closed.
    const scoringTime = new Date(
      `${DateTime.fromISO(`${MONTH}-01`).plus({ months: 1 }).toFormat('yyyy-MM')}-03T09:00:00+08:00`,
    );
    const ctx = pipelineContext({
      storage,
      ses: sesClient,
      mail,
      publicBaseUrl: 'http://127.0.0.1:3000',
      now: () => scoringTime,
    });
    const runStart = performance.now();
    const report = await runMonth(ctx, { month: MONTH, concurrency: CONCURRENCY });
    const runSeconds = (performance.now() - runStart) / 1000;
    if (report.failed.length > 0 || report.emailed !== ENGINEERS || !report.summarySent) {
      throw new Error(
        `the run did not complete: ${JSON.stringify({ ...report, failed: report.failed.slice(0, 3) })}`,
      );
    }
    log('bare reads and sends again…');
    // Before and after the run, so drift on a shared machine weighs on both sides alike.
    const bareSeconds = (bareBefore + (await bare())) / 2;

    const ratio = runSeconds / bareSeconds;
    const lines = [
      `engineers            ${ENGINEERS} (${items.length} items), concurrency ${CONCURRENCY}`,
      `month run            ${runSeconds.toFixed(2)} s  (${report.emailed} reports + 1 summary emailed)`,
      `engineer-months/s    ${(ENGINEERS / runSeconds).toFixed(1)}`,
      `bare reads + sends   ${bareSeconds.toFixed(2)} s  (${(ENGINEERS / bareSeconds).toFixed(1)} /s)`,
      `ratio                ${ratio.toFixed(2)}  (target ≤ 1.3)  ${ratio <= 1.3 ? 'OK' : 'ABOVE TARGET'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    storage.doc.destroy();
    sesClient.destroy();
    await ses.stop();
    await dynamo.stop();
  }
}

await main();
