// Counts the AWS requests the monthly pipeline really makes, for docs/cost.md: runs the invitations, the
// reminder and the month's scoring over the demo organisation on DynamoDB Local and the SES v2 stand-in, with
// every SDK command counted and every DynamoDB request asked for its consumed capacity.
// Run: npx tsx infra/cost/countRequests.ts
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { seedDemo } from '../../local/demo.ts';
import { ensureTable, startDynamoDbLocal } from '../../local/dynamo.ts';
import { startSesLocal } from '../../local/ses.ts';

interface Tally {
  commands: Map<string, number>;
  readUnits: number;
  writeUnits: number;
}

const newTally = (): Tally => ({ commands: new Map(), readUnits: 0, writeUnits: 0 });
let current = newTally();

type Capacity = { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number };

// biome-ignore lint/suspicious/noExplicitAny: middleware sees every command's untyped input and output
function count(client: { middlewareStack: any }, service: string, askCapacity: boolean) {
  client.middlewareStack.add(
    // biome-ignore lint/suspicious/noExplicitAny: as above
    (next: any, context: any) => async (args: any) => {
      const name = `${service} ${String(context.commandName).replace(/Command$/, '')}`;
      current.commands.set(name, (current.commands.get(name) ?? 0) + 1);
      if (askCapacity) args.input.ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      const consumed = result.output?.ConsumedCapacity as Capacity | Capacity[] | undefined;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        current.readUnits += c.ReadCapacityUnits ?? 0;
        current.writeUnits += c.WriteCapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'countRequests' },
  );
}

async function main() {
  process.env.LINK_KEY ??= randomBytes(32).toString('base64url');
  process.env.PUBLIC_BASE_URL ??= 'https://kpi.example.com';
  const dynamo = await startDynamoDbLocal();
  const ses = await startSesLocal();
  try {
    const base = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const tableName = 'count-requests';
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
    count(base, 'DynamoDB', true);
    count(sesClient, 'SES', false);

    // Imported after the environment is set: the pipeline reads its configuration once.
    const { pipelineContext } = await import('../../shared/pipeline/context.ts');
    const { sendInvitations, sendReminders } = await import('../../shared/pipeline/invitations.ts');
    const { runMonth } = await import('../../shared/pipeline/runMonth.ts');
    const { mailConfig } = await import('../../shared/mail/config.ts');
    const mail = mailConfig({ from: 'kpi@example.com' });
    const zone = 'Asia/Shanghai';
    const engineers = seeded.engineers.length;

    const phases: Array<[string, Date, (ctx: ReturnType<typeof pipelineContext>) => Promise<unknown>]> = [];
    const next = DateTime.fromISO(`${seeded.currentMonth}-01`, { zone }).plus({ months: 1 });
    const nextMonth = next.toFormat('yyyy-MM');
    phases.push([
      'invitations',
      next.set({ day: 25, hour: 9 }).toJSDate(),
      (ctx) => sendInvitations(ctx, { month: nextMonth }),
    ]);
    phases.push([
      'reminder',
      next.set({ day: 28, hour: 9 }).toJSDate(),
      (ctx) => sendReminders(ctx, { month: nextMonth }),
    ]);
    const scored = DateTime.fromISO(`${seeded.month}-01`, { zone })
      .plus({ months: 1 })
      .set({ day: 3, hour: 9 });
    phases.push(['monthly scoring', scored.toJSDate(), (ctx) => runMonth(ctx, { month: seeded.month })]);

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
  } finally {
    await ses.stop();
    await dynamo.stop();
  }
}

await main();
