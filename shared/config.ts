// The product's configuration, read from the environment and validated once (zod), so a bad value stops the
// process at start with the variable's name and the reason, instead of failing on some later request.
import { resolve } from 'node:path';
import * as z from './schema.ts';
import { formatProblems, parseWith } from './validation.ts';

const port = (fallback: number) =>
  z._default(
    z.coerce
      .number({ error: 'expected a port number' })
      .check(
        z.int({ error: 'expected a whole port number' }),
        z.gte(0, { error: 'expected a port 0–65535' }),
        z.lte(65535, { error: 'expected a port 0–65535' }),
      ),
    fallback,
  );

const optionalText = z.optional(
  z.pipe(
    z.string().check(z.trim()),
    z.transform((v: string) => (v === '' ? undefined : v)),
  ),
);

const optionalUrl = z.pipe(
  optionalText,
  z.optional(z.url({ error: 'expected a URL like http://127.0.0.1:8000' })),
);

const positiveInt = (fallback: number) =>
  z._default(
    z.coerce
      .number({ error: 'expected a number' })
      .check(
        z.int({ error: 'expected a whole number' }),
        z.positive({ error: 'expected a positive number' }),
      ),
    fallback,
  );

const nonEmpty = (fallback: string) => z._default(z.string().check(z.trim(), z.minLength(1)), fallback);

/** The environment variables this product reads, with their defaults. */
const environment = z.object({
  TABLE_NAME: nonEmpty('presales-kpi'),
  AWS_REGION: nonEmpty('us-east-1'),
  /** A DynamoDB engine other than AWS's (DynamoDB Local when running on one machine). */
  DYNAMODB_ENDPOINT: optionalUrl,
  /** The region SES sends from when it is not the functions' own (the stack sets it; default AWS_REGION). */
  SES_REGION: optionalText,
  /**
   * Who receives the team summary and the low-score alerts when the organisation's settings name nobody (the
   * stack sets it from its `departmentManagerAddress` context value).
   */
  DEPARTMENT_MANAGER_EMAIL: z.pipe(optionalText, z.optional(z.email({ error: 'expected an email address' }))),
  /** An SES v2 endpoint other than AWS's (aws-ses-v2-local when running on one machine). */
  SES_ENDPOINT: optionalUrl,
  /** The sender address of every email. */
  MAIL_FROM: z._default(z.email({ error: 'expected an email address' }), 'kpi@example.com'),
  /** SES configuration set the emails are sent with (delivery events on AWS); unset locally. */
  SES_CONFIGURATION_SET: optionalText,
  /** Where forms are reached from outside, used when a link is put into an email. */
  PUBLIC_BASE_URL: optionalUrl,
  /** Link signing key: an SSM SecureString parameter name (AWS), else a file, else the key itself. */
  LINK_KEY_PARAMETER: optionalText,
  LINK_KEY_FILE: optionalText,
  LINK_KEY: optionalText,
  /** The Parameters and Secrets Lambda Extension's local port (its own variable; 2773 unless set). */
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: port(2773),
  /** Lambda's session token: the extension answers only requests that carry it. */
  AWS_SESSION_TOKEN: optionalText,
  /** How long an engineer's daily-report link stays valid (it can be revoked earlier). */
  DAILY_REPORT_LINK_DAYS: positiveInt(400),
  /** `iam`: API Gateway has already authorized the admin request (AWS); `token`: a bearer admin token. */
  ADMIN_AUTH: z._default(z.enum(['iam', 'token'], { error: 'expected iam or token' }), 'token'),
  ADMIN_TOKEN: optionalText,
  ADMIN_TOKEN_FILE: optionalText,
  /** Who the admin token stands for: the actor of its changes in the record of changes. */
  ADMIN_TOKEN_NAME: nonEmpty('local-admin'),
  /**
   * Largest request body accepted, in bytes; larger ones get 413. 1 MiB holds the largest valid daily report
   * (15,000 characters of text and 50 visit notes: urlencoded Chinese takes 9 bytes a character) and a CSV
   * import batch; API Gateway itself allows 10 MB.
   */
  MAX_BODY_BYTES: positiveInt(1024 * 1024),
  /** The console's OpenID provider (issuer URL): the Cognito user pool on AWS, the local provider locally. */
  CONSOLE_ISSUER: optionalUrl,
  /** The console's OpenID client id (a public client: authorization code with PKCE, no secret). */
  CONSOLE_CLIENT_ID: optionalText,
  /** The ID token claim that lists the user's groups (Cognito's name; the local provider emits the same). */
  CONSOLE_GROUPS_CLAIM: nonEmpty('cognito:groups'),
  /** The local run's data directory (DynamoDB Local files, link key, admin token, local.json). */
  DATA_DIR: nonEmpty('.data'),
  KPI_PORT: port(3000),
  DYNAMO_PORT: port(8000),
  SES_PORT: port(8005),
});

export interface Config {
  tableName: string;
  region: string;
  dynamoEndpoint: string | undefined;
  sesEndpoint: string | undefined;
  /** SES_REGION, else AWS_REGION. */
  sesRegion: string;
  /** DEPARTMENT_MANAGER_EMAIL: the fallback recipient of the team summary and low-score alerts. */
  departmentManagerEmail: string | undefined;
  mailFrom: string;
  sesConfigurationSet: string | undefined;
  publicBaseUrl: string | undefined;
  linkKey:
    | { source: 'ssm'; parameter: string; extension: { port: number; sessionToken: string | undefined } }
    | { source: 'file'; path: string }
    | { source: 'value'; value: string }
    | { source: 'none' };
  dailyReportLinkDays: number;
  adminAuth:
    | { mode: 'iam' }
    | { mode: 'token'; token: string | undefined; file: string | undefined; name: string };
  maxBodyBytes: number;
  /** The console's sign-in (undefined issuer/client: the console answers that sign-in is not configured). */
  console: { issuer: string | undefined; clientId: string | undefined; groupsClaim: string };
  dataDir: string;
  ports: { api: number; dynamo: number; ses: number };
}

/** Parses an environment (default `process.env`); throws ValidationError naming each bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseWith(
    environment,
    env,
    (problems) => `invalid configuration: ${formatProblems(problems).join('; ')}`,
  );
  const linkKey: Config['linkKey'] = e.LINK_KEY_PARAMETER
    ? {
        source: 'ssm',
        parameter: e.LINK_KEY_PARAMETER,
        extension: { port: e.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, sessionToken: e.AWS_SESSION_TOKEN },
      }
    : e.LINK_KEY_FILE
      ? { source: 'file', path: resolve(e.LINK_KEY_FILE) }
      : e.LINK_KEY
        ? { source: 'value', value: e.LINK_KEY }
        : { source: 'none' };
  return {
    tableName: e.TABLE_NAME,
    region: e.AWS_REGION,
    dynamoEndpoint: e.DYNAMODB_ENDPOINT,
    sesEndpoint: e.SES_ENDPOINT,
    sesRegion: e.SES_REGION ?? e.AWS_REGION,
    departmentManagerEmail: e.DEPARTMENT_MANAGER_EMAIL?.toLowerCase(),
    mailFrom: e.MAIL_FROM,
    sesConfigurationSet: e.SES_CONFIGURATION_SET,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    linkKey,
    dailyReportLinkDays: e.DAILY_REPORT_LINK_DAYS,
    adminAuth:
      e.ADMIN_AUTH === 'iam'
        ? { mode: 'iam' }
        : {
            mode: 'token',
            token: e.ADMIN_TOKEN,
            file: e.ADMIN_TOKEN_FILE ? resolve(e.ADMIN_TOKEN_FILE) : undefined,
            name: e.ADMIN_TOKEN_NAME,
          },
    maxBodyBytes: e.MAX_BODY_BYTES,
    console: { issuer: e.CONSOLE_ISSUER, clientId: e.CONSOLE_CLIENT_ID, groupsClaim: e.CONSOLE_GROUPS_CLAIM },
    dataDir: resolve(e.DATA_DIR),
    ports: { api: e.KPI_PORT, dynamo: e.DYNAMO_PORT, ses: e.SES_PORT },
  };
}

let current: Config | undefined;

/**
 * The configuration of this process, read from `process.env` on first use and then kept.
 * The local runtime sets the environment (emulator ports, data dir) before anything asks for it.
 */
export function config(): Config {
  current ??= readConfig();
  return current;
}

/**
 * Where the department manager's emails (the team summary, low-score alerts) go: the address the organisation's
 * settings name, else DEPARTMENT_MANAGER_EMAIL; undefined when neither names anyone.
 */
export function departmentManagerEmail(
  settings: { departmentManager?: { email?: string | undefined } | undefined } | undefined,
  configuration: Pick<Config, 'departmentManagerEmail'> = config(),
): string | undefined {
  return settings?.departmentManager?.email || configuration.departmentManagerEmail;
}
