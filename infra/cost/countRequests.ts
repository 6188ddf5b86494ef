// Counts the AWS requests the monthly pipeline really makes, for docs/cost.md: runs the invitations, the
// reminder and the month's scoring over the demo organisation on DynamoDB Local and the SES v2 stand-in, with
// every SDK command counted and every DynamoDB request asked for its consumed capacity.
// Run: npx tsx infra/cost/countRequests.ts
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seedDemo } from '../../local/demo.ts';
import { ensureTable, startDynamoDbLocal } from '../../local/dynamo.ts';
import { startSesLocal } from '../../local/ses.ts';
import { addMonths, DEFAULT_ZONE, localDate, slotInstant } from '../../shared/domain/values.ts';

interface Tally {
  commands: Map<string, number>;
  readUnits: number;
  writeUnits: number;
}

const newTally = (): Tally => ({ commands: new Map(), readUnits: 0, writeUnits: 0 });
let current = newTally();

// biome-ignore lint/suspicious/noExplicitAny: DynamoDB's wire format (AttributeValue maps), walked generically
type Wire = any;

/** An item's size as DynamoDB bills it: attribute names plus values (strings as UTF-8, numbers ~1 byte per 2 digits). */
const WIRE_TYPES = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS']);
function valueSize(v: Wire): number {
  // A value already unmarshalled (plain JSON): sized as its JSON text.
  const keys = v !== null && typeof v === 'object' ? Object.keys(v) : [];
  if (keys.length !== 1 || !WIRE_TYPES.has(keys[0]!)) return Buffer.byteLength(JSON.stringify(v) ?? '');
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(String(v.N).length / 2) + 1;
  if (v.B !== undefined) return v.B.length ?? 0;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.L) return 3 + v.L.reduce((n: number, x: Wire) => n + 1 + valueSize(x), 0);
  if (v.M) return 3 + itemSize(v.M);
  if (v.SS) return v.SS.reduce((n: number, x: string) => n + Buffer.byteLength(x), 0);
  if (v.NS) return v.NS.reduce((n: number, x: string) => n + Math.ceil(x.length / 2) + 1, 0);
  return 0;
}
const itemSize = (item: Wire): number =>
  Object.entries(item ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueSize(v), 0);
const writeUnits = (item: Wire) => Math.max(1, Math.ceil(itemSize(item) / 1024));
const readUnits = (bytes: number, consistent: boolean) =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

/** Request units of one DynamoDB call, from what was written and what came back (DynamoDB Local reports none). */
function units(command: string, input: Wire, output: Wire): { read: number; write: number } {
  const consistent = input.ConsistentRead === true;
  switch (command) {
    case 'GetItem':
      return { read: readUnits(itemSize(output.Item), consistent), write: 0 };
    case 'Query':
      return {
        read: readUnits(
          (output.Items ?? []).reduce((n: number, i: Wire) => n + itemSize(i), 0),
          consistent,
        ),
        write: 0,
      };
    case 'BatchGetItem':
      return {
        read: Object.values(output.Responses ?? {})
          .flat()
          .reduce((n: number, i: Wire) => n + readUnits(itemSize(i), false), 0),
        write: 0,
      };
    case 'PutItem':
      return { read: 0, write: writeUnits(input.Item) };
    // The size of an updated or deleted item is not in the request: counted as one unit (a lower bound).
    case 'UpdateItem':
    case 'DeleteItem':
      return { read: 0, write: 1 };
    case 'BatchWriteItem':
      return {
        read: 0,
        write: Object.values(input.RequestItems ?? {})
          .flat()
          .reduce((n: number, r: Wire) => n + (r.PutRequest ? writeUnits(r.PutRequest.Item) : 1), 0),
      };
    case 'TransactWriteItems':
      // Transactions cost two units per item unit.
      return {
        read: 0,
        write: (input.TransactItems ?? []).reduce(
          (n: number, t: Wire) => n + 2 * (t.Put ? writeUnits(t.Put.Item) : 1),
          0,
        ),
      };
    default:
      return { read: 0, write: 0 };
  }
}

function count(client: { middlewareStack: Wire }, service: string) {
  client.middlewareStack.add(
    (next: Wire, context: Wire) => async (args: Wire) => {
      const command = String(context.commandName).replace(/Command$/, '');
      const name = `${service} ${command}`;
      current.commands.set(name, (current.commands.get(name) ?? 0) + 1);
      const result = await next(args);
      if (service === 'DynamoDB') {
        const u = units(command, args.input, result.output ?? {});
        current.readUnits += u.read;
        current.writeUnits += u.write;
      }
      return result;
    },
    // After the document client has marshalled the input; before the output is unmarshalled.
    { step: 'serialize', priority: 'high', name: 'countRequests' },
  );
}

type Seeded = Awaited<ReturnType<typeof seedDemo>>;

/** One daily report and one survey answer through the HTTP handlers, as the local gateway (API Gateway) runs them. */
async function countFormRequests(seeded: Seeded, engineers: number) {
  const { storage } = await import('../../shared/storage/fromConfig.ts');
  const { sesClient } = await import('../../shared/mail/send.ts');
  const { dailyReportLink, surveyLink } = await import('../../shared/links/links.ts');
  const { findInvitation } = await import('../../shared/storage/survey.ts');
  const { listEngineerProjects } = await import('../../shared/storage/projects.ts');
  const { startGateway } = await import('../../local/gateway.ts');
  count(storage().doc, 'DynamoDB');
  count(sesClient(), 'SES');
  const gateway = await startGateway({ port: 0 });
  try {
    const engineer = seeded.engineers[0]!;
    const projects = await listEngineerProjects(storage(), engineer.id);
    const report = await dailyReportLink(engineer, new Date());
    const invitation = (await findInvitation(storage(), seeded.surveyInvitations[0]!.id))!;
    const survey = await surveyLink(invitation);
    const today = localDate(new Date(), DEFAULT_ZONE);
    const json = (token: string) => ({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    const requests: Array<[string, () => Promise<Response>]> = [
      ['daily report form (GET)', () => fetch(`${gateway.url}/r/${report.token}`)],
      [
        'daily report with 2 visits (POST)',
        () =>
          fetch(`${gateway.url}/r/${report.token}`, {
            method: 'POST',
            headers: json(report.token),
            body: JSON.stringify({
              date: today,
              workDone: 'Installed the gateway at the customer site',
              followUps: projects.slice(0, 2).map((p) => ({ projectId: p.id, note: 'weekly visit' })),
            }),
          }),
      ],
      ['survey form (GET)', () => fetch(`${gateway.url}/s/${survey.token}`)],
      [
        'survey answer (POST)',
        () =>
          fetch(`${gateway.url}/s/${survey.token}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              ratings: {
                responsiveness: 5,
                technicalCompetence: 4,
                solutionEffectiveness: 5,
                serviceAttitude: 5,
                communication: 4,
              },
              comment: 'Quick and thorough',
            }),
          }),
      ],
    ];
    console.log('\nForm requests through the local gateway (the same handlers Lambda runs):\n');
    console.log('| request | status | AWS requests | RRU | WRU |');
    console.log('|---|---:|---|---:|---:|');
    for (const [name, send] of requests) {
      current = newTally();
      const res = await send();
      await res.arrayBuffer();
      const list = [...current.commands].map(([c, n]) => `${c} ×${n}`).join(', ');
      console.log(
        `| ${name} | ${res.status} | ${list} | ${current.readUnits.toFixed(1)} | ${current.writeUnits.toFixed(1)} |`,
      );
    }
    console.log(`\n(${engineers} demo engineers; the form figures are for one request each.)`);
  } finally {
    await gateway.stop();
  }
}

async function main() {
  process.env.LINK_KEY ??= randomBytes(32).toString('base64url');
  process.env.PUBLIC_BASE_URL ??= 'https://kpi.example.com';
  const dynamo = await startDynamoDbLocal();
  const ses = await startSesLocal();
  const tableName = 'count-requests';
  // The form handlers build their clients from the configuration, read on first use: point it at the emulators.
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SES_ENDPOINT: ses.url,
    TABLE_NAME: tableName,
    AWS_REGION: 'us-east-1',
  });
  try {
    const base = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(base, tableName);
    const storage = {
      doc: DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } }),
      tableName,
    };
    const seeded = await seedDemo(storage, { now: new Date() });
    const sesClient = new SESv2Client({
      endpoint: ses.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    count(base, 'DynamoDB');
    count(sesClient, 'SES');

    // Imported after the environment is set: the pipeline reads its configuration once.
    const { pipelineContext } = await import('../../shared/pipeline/context.ts');
    const { sendInvitations, sendReminders } = await import('../../shared/pipeline/invitations.ts');
    const { runMonth } = await import('../../shared/pipeline/runMonth.ts');
    const { mailConfig } = await import('../../shared/mail/config.ts');
    const mail = mailConfig({ from: 'kpi@example.com' });
    const zone = DEFAULT_ZONE;
    const engineers = seeded.engineers.length;

    const phases: Array<[string, Date, (ctx: ReturnType<typeof pipelineContext>) => Promise<unknown>]> = [];
    const nextMonth = addMonths(seeded.currentMonth, 1);
    phases.push([
      'invitations',
      slotInstant(nextMonth, { day: 25, time: '09:00' }, zone),
      (ctx) => sendInvitations(ctx, { month: nextMonth }),
    ]);
    phases.push([
      'reminder',
      slotInstant(nextMonth, { day: 28, time: '09:00' }, zone),
      (ctx) => sendReminders(ctx, { month: nextMonth }),
    ]);
    const scored = slotInstant(addMonths(seeded.month, 1), { day: 3, time: '09:00' }, zone);
    phases.push(['monthly scoring', scored, (ctx) => runMonth(ctx, { month: seeded.month })]);

    console.log(`Requests per phase for the demo organisation (${engineers} engineers), and per engineer:\n`);
    console.log('| phase | requests (all engineers) | per engineer | RRU / engineer | WRU / engineer |');
    console.log('|---|---|---:|---:|---:|');
    for (const [name, at, run] of phases) {
      current = newTally();
      const ctx = pipelineContext({
        storage,
        mail,
        ses: sesClient,
        now: () => at,
        publicBaseUrl: process.env.PUBLIC_BASE_URL,
      });
      await run(ctx);
      const total = [...current.commands.values()].reduce((a, b) => a + b, 0);
      const list = [...current.commands].map(([c, n]) => `${c} ×${n}`).join(', ');
      console.log(
        `| ${name} | ${list} | ${(total / engineers).toFixed(1)} | ${(current.readUnits / engineers).toFixed(1)} | ${(current.writeUnits / engineers).toFixed(1)} |`,
      );
    }

    await countFormRequests(seeded, engineers);
  } finally {
    await ses.stop();
    await dynamo.stop();
  }
}

await main();
