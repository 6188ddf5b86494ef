// `npm start`: the whole product on this machine. Starts DynamoDB Local (data under .data/, kept across
// restarts), the SES v2 stand-in (its web page shows every email), and the HTTP gateway serving the Lambda
// handlers, the local scheduler and the notifier of low-score alerts; on the first start creates the table and the
// .data/local.json for scripts and tests. Ctrl-C stops every child process.
import './quiet-sdk.ts';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { readConfig } from '../shared/config.ts';
import { latestClosedMonth, surveyClosesAt } from '../shared/domain/monthTimeline.ts';
import { DEFAULT_ZONE, LANGUAGES, monthOf } from '../shared/domain/values.ts';
import { installMonthRuns } from '../shared/http/admin.ts';
import { ensureSecretFile, generateLinkKey } from '../shared/links/key.ts';
import { dailyReportLink, surveyLink } from '../shared/links/links.ts';
import { mailConfigFromEnvironment } from '../shared/mail/config.ts';
import { pipelineContext } from '../shared/pipeline/context.ts';
import { inProcessMonthRuns } from '../shared/pipeline/localRuns.ts';
import { defaultRubric } from '../shared/rubric/default.ts';
import { createStorage, type Storage } from '../shared/storage/client.ts';
import { listEngineers } from '../shared/storage/engineers.ts';
import { findOrganisationSettings, getOrganisationSettings } from '../shared/storage/organisation.ts';
import { listRespondents } from '../shared/storage/respondents.ts';
import { createInvitation, listInvitationsOfMonth } from '../shared/storage/survey.ts';
import { DEMO_VIEWER_REGION, seedDemo } from './demo.ts';
import { ensureLocalTable, startDynamoDbLocal } from './dynamo.ts';
import { startGateway } from './gateway.ts';
import { useLocalHandlerEnvironment } from './handlerEnvironment.ts';
import { startLocalNotifier } from './notifier.ts';
import { type ConsoleUser, demoConsoleUsers, startLocalProvider } from './oidcProvider.ts';
import { startLocalScheduler } from './scheduler.ts';
import { startSesLocal } from './ses.ts';
import { standInEvidence } from './sesEvidence.ts';

interface StartOptions {
  /** Where DynamoDB's files, the link key, the admin token and local.json live (default .data). */
  dataDir?: string;
  host?: string;
  /**
   * 0 picks a free port (tests); defaults come from KPI_PORT, DYNAMO_PORT, SES_PORT. The console's OpenID
   * provider takes a free port unless `oidc` names one.
   */
  ports?: { api?: number; dynamo?: number; ses?: number; oidc?: number };
  tableName?: string;
  /** Where progress lines go (default: stdout). */
  log?: (line: string) => void;
}

/** What .data/local.json holds, so scripts and tests can find the running stack. */
export const localJsonSchema = z.object({
  apiUrl: z.url(),
  mailboxUrl: z.url(),
  sesEndpoint: z.url(),
  /** When the stand-in started: its store is proof of absence only for sends after this. */
  sesStartedAt: z.iso.datetime(),
  dynamoEndpoint: z.url(),
  tableName: z.string(),
  adminToken: z.string().min(1),
  /** Who the admin token stands for in the record of changes (ADMIN_TOKEN_NAME, default local-admin). */
  adminTokenName: z.string().min(1),
  /** The manager console and its demo users (the local OpenID provider's; passwords generated per data dir). */
  console: z.object({
    url: z.url(),
    issuer: z.url(),
    users: z.array(
      z.object({ username: z.string(), password: z.string(), role: z.enum(['admin', 'viewer']) }),
    ),
  }),
  demo: z.object({
    /** The finished month of demo history (YYYY-MM). */
    month: z.string().regex(/^\d{4}-\d{2}$/),
    /** The month whose survey is open now, which the survey links belong to. */
    surveyMonth: z.string().regex(/^\d{4}-\d{2}$/),
    surveyLinks: z.array(z.url()),
    dailyReportLinks: z.array(z.url()),
    surveys: z.array(
      z.object({ url: z.url(), language: z.string(), respondent: z.string(), engineer: z.string() }),
    ),
    dailyReports: z.array(z.object({ url: z.url(), engineer: z.string(), language: z.string() })),
  }),
});
type LocalJson = z.infer<typeof localJsonSchema>;

export interface LocalStack extends LocalJson {
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * One open survey invitation of this month per language of the product, with its link: the demo's own
 * invitations when there are (seedDemo creates them), else one created for a respondent who reads that
 * language (createInvitation is idempotent), so a later start in a new month still prints working links.
 */
async function demoSurveyLinks(
  storage: Storage,
  now: Date,
  baseUrl: string,
): Promise<LocalJson['demo']['surveys']> {
  const settings = await findOrganisationSettings(storage);
  const zone = settings?.timezone ?? DEFAULT_ZONE;
  const closes = settings?.surveyWindow.closes ?? { day: 2, time: '23:59' };
  const month = monthOf(now, zone);
  const expiresAt = surveyClosesAt(month, { timezone: zone, surveyWindow: { closes } }).toISOString();
  const engineers = new Map((await listEngineers(storage, { activeOnly: true })).map((e) => [e.id, e]));
  const respondents = new Map((await listRespondents(storage)).map((r) => [r.id, r]));
  const open = (await listInvitationsOfMonth(storage, month))
    .filter((i) => i.status !== 'closed' && Date.parse(i.expiresAt) > now.getTime())
    .sort((a, b) => a.engineerId.localeCompare(b.engineerId) || a.respondentId.localeCompare(b.respondentId));
  const out: LocalJson['demo']['surveys'] = [];
  for (const language of LANGUAGES) {
    let invitation = open.find(
      (i) => respondents.get(i.respondentId)?.language === language && engineers.has(i.engineerId),
    );
    if (!invitation) {
      const respondent = [...respondents.values()].find((r) => r.language === language);
      const engineer = [...engineers.values()][0];
      if (!respondent || !engineer) continue;
      ({ invitation } = await createInvitation(storage, {
        month,
        respondentId: respondent.id,
        engineerId: engineer.id,
        expiresAt,
        now,
      }));
    }
    const { url } = await surveyLink(invitation, baseUrl);
    out.push({
      url,
      language,
      respondent: respondents.get(invitation.respondentId)?.name ?? invitation.respondentId,
      engineer: engineers.get(invitation.engineerId)?.name ?? invitation.engineerId,
    });
  }
  return out;
}

async function demoDailyReportLinks(
  storage: Storage,
  now: Date,
  baseUrl: string,
): Promise<LocalJson['demo']['dailyReports']> {
  const engineers = (await listEngineers(storage, { activeOnly: true })).sort((a, b) =>
    a.id.localeCompare(b.id),
  );
  return Promise.all(
    engineers.map(async (e) => ({
      url: (await dailyReportLink(e, now, baseUrl)).url,
      engineer: e.name,
      language: e.language,
    })),
  );
}

/** Fails fast, before the JVM starts, when a fixed port is taken: a one-line message naming the setting. */
function assertPortFree(port: number, host: string, what: string, setting: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(new Error(`${what}: port ${port} is already in use (choose another with ${setting})`)),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolvePort()));
  });
}

const consoleUsersSchema = z.array(
  z.object({
    username: z.string().min(1),
    password: z.string().min(12),
    role: z.enum(['admin', 'viewer']),
    name: z.string(),
    email: z.string(),
    regions: z.array(z.string()).optional(),
  }),
);

/** The demo users of the console: generated on a first start (passwords never in the repo), then kept. */
async function ensureConsoleUsers(path: string): Promise<ConsoleUser[]> {
  try {
    return consoleUsersSchema.parse(JSON.parse(await readFile(path, 'utf8'))) as ConsoleUser[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const users = demoConsoleUsers(DEMO_VIEWER_REGION);
    await writeJsonAtomically(path, users);
    return users;
  }
}

async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}

/** Starts everything; rejects with a one-line message (e.g. a port in use) after stopping what had started. */
export async function start(options: StartOptions = {}): Promise<LocalStack> {
  const env = readConfig();
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir ?? env.dataDir);
  const ports = {
    api: options.ports?.api ?? env.ports.api,
    dynamo: options.ports?.dynamo ?? env.ports.dynamo,
    ses: options.ports?.ses ?? env.ports.ses,
  };
  const tableName = options.tableName ?? env.tableName;
  await mkdir(dataDir, { recursive: true });

  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    // Last started, first stopped: the gateway stops taking requests before the database goes away.
    for (const s of stops.splice(0).reverse()) await s().catch(() => {});
  };
  try {
    const linkKeyFile = join(dataDir, 'link-key');
    await ensureSecretFile(linkKeyFile, generateLinkKey);
    const adminToken = await ensureSecretFile(join(dataDir, 'admin-token'), () =>
      randomBytes(24).toString('base64url'),
    );
    const adminTokenName = env.adminAuth.mode === 'token' ? env.adminAuth.name : 'local-admin';

    await assertPortFree(ports.api, host, 'HTTP API', 'KPI_PORT');
    await assertPortFree(ports.ses, host, 'SES v2 stand-in', 'SES_PORT');
    log('Starting DynamoDB Local…');
    const dynamo = await startDynamoDbLocal({ port: ports.dynamo, host, dataDir: join(dataDir, 'dynamodb') });
    stops.push(() => dynamo.stop());
    const ses = await startSesLocal({ port: ports.ses, host });
    stops.push(() => ses.stop());

    useLocalHandlerEnvironment({
      tableName,
      dynamoEndpoint: dynamo.endpoint,
      sesEndpoint: ses.url,
      linkKey: { file: linkKeyFile },
      adminToken,
      adminTokenName,
      region: env.region,
    });
    const gateway = await startGateway({ port: ports.api, host });
    stops.push(() => gateway.stop());
    process.env.PUBLIC_BASE_URL = gateway.url;
    // The console's OpenID provider (Cognito's stand-in), set before the first request reads the configuration.
    const consoleUsers = await ensureConsoleUsers(join(dataDir, 'console-users.json'));
    const provider = await startLocalProvider({
      users: consoleUsers,
      redirectUris: [`${gateway.url}/console/callback`],
      host,
      port: options.ports?.oidc ?? 0,
    });
    stops.push(() => provider.stop());
    process.env.CONSOLE_ISSUER = provider.issuer;
    process.env.CONSOLE_CLIENT_ID = provider.clientId;

    const created = await ensureLocalTable(dynamo.endpoint, tableName, env.region);
    const storage = createStorage({ tableName, endpoint: dynamo.endpoint, region: env.region });
    stops.push(async () => storage.doc.destroy());
    const now = new Date();
    // A first start (or one interrupted before the organisation existed: seedDemo is idempotent) seeds the demo.
    if (created || !(await findOrganisationSettings(storage))) {
      log('First start: creating the demo organisation…');
      await seedDemo(storage, { now });
    }
    const settings = await getOrganisationSettings(storage);
    const zone = settings.timezone;

    const pipeline = pipelineContext({
      storage,
      mail: mailConfigFromEnvironment(),
      publicBaseUrl: gateway.url,
      evidence: standInEvidence(ses.url, ses.startedAt),
    });
    // The admin API's runs (finalise, `POST /admin/months/{month}/run`) happen in this process.
    installMonthRuns(inProcessMonthRuns(pipeline));
    // The local scheduler: invitations, reminder, monthly scoring and finalisation at the organisation's times.
    const scheduler = startLocalScheduler({ storage, ctx: pipeline, log });
    stops.push(() => scheduler.stop());
    // The low-score alerts the survey form stored with low answers, emailed within seconds (Streams on AWS).
    const notifier = startLocalNotifier({ storage, log, evidence: standInEvidence(ses.url, ses.startedAt) });
    stops.push(() => notifier.stop());

    const surveys = await demoSurveyLinks(storage, now, gateway.url);
    const dailyReports = await demoDailyReportLinks(storage, now, gateway.url);
    const local: LocalJson = {
      apiUrl: gateway.url,
      mailboxUrl: ses.mailboxUrl,
      sesEndpoint: ses.url,
      sesStartedAt: ses.startedAt.toISOString(),
      dynamoEndpoint: dynamo.endpoint,
      tableName,
      adminToken,
      adminTokenName,
      console: {
        url: `${gateway.url}/console`,
        issuer: provider.issuer,
        users: consoleUsers.map(({ username, password, role }) => ({ username, password, role })),
      },
      demo: {
        // The demo's finished month: the latest one that can be run now (what seedDemo fills on a first start).
        month: latestClosedMonth(now, settings, defaultRubric.dailyReportDeadline),
        surveyMonth: monthOf(now, zone),
        surveyLinks: surveys.map((s) => s.url),
        dailyReportLinks: dailyReports.map((d) => d.url),
        surveys,
        dailyReports,
      },
    };
    await writeJsonAtomically(join(dataDir, 'local.json'), local);
    return { ...local, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function printLinks(stack: LocalStack, log: (line: string) => void): void {
  const lines = [
    '',
    `presales-kpi is running (data in ${stack.dataDir}).`,
    '',
    `  HTTP API        ${stack.apiUrl}`,
    `  Mailbox         ${stack.mailboxUrl}   (every email sent)`,
    `  Admin token     ${stack.adminToken}   (changes recorded as ${stack.adminTokenName})`,
    `                  curl -H "Authorization: Bearer ${stack.adminToken}" ${stack.apiUrl}/admin/engineers`,
    '',
    `  Console         ${stack.console.url}   (sign in at the local provider ${stack.console.issuer})`,
    ...stack.console.users.map((u) => `    ${u.role.padEnd(7)} ${u.username} / ${u.password}`),
    '',
    `  Survey links (${stack.demo.surveyMonth}):`,
    ...stack.demo.surveys.map(
      (s) => `    [${s.language}] ${s.respondent} about ${s.engineer}:\n      ${s.url}`,
    ),
    '',
    '  Daily-report links:',
    ...stack.demo.dailyReports.slice(0, 2).map((d) => `    ${d.engineer} [${d.language}]:\n      ${d.url}`),
    stack.demo.dailyReports.length > 2
      ? `    … and ${stack.demo.dailyReports.length - 2} more in ${join(stack.dataDir, 'local.json')}`
      : '',
    '',
    `  Demo history: ${stack.demo.month}. Everything above is also in ${join(stack.dataDir, 'local.json')}.`,
    '  Ctrl-C stops everything.',
  ];
  for (const line of lines) log(line);
}

async function main(): Promise<void> {
  // The SDK prints a multi-line notice on Node 20 at its first client; the project runs Node 20 on purpose
  // (DEVELOPERS.md), so on the terminal of `npm start` it is only noise. An explicit setting still wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'dynamo-port': { type: 'string' },
      'ses-port': { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  // Flags win over the environment; both are validated by the configuration schema.
  if (values.port) process.env.KPI_PORT = values.port;
  if (values['dynamo-port']) process.env.DYNAMO_PORT = values['dynamo-port'];
  if (values['ses-port']) process.env.SES_PORT = values['ses-port'];
  if (values['data-dir']) process.env.DATA_DIR = values['data-dir'];

  const stack = await start();
  printLinks(stack, (line) => console.log(line));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    // One line, never a stack trace: the usual causes are a port in use or Java missing.
    console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
