// The deployment's settings, read from CDK context (cdk.json, or `-c key=value` on the command line) and
// validated once with zod, so a bad value stops `cdk synth` with the key's name and the reason.
import type { Node } from 'constructs';
import * as z from 'zod';
import { DEFAULT_ZONE } from '../shared/domain/values.ts';

const DAY_TIME_RE = /^([1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):([0-5]\d)$/;

/** "25 09:00": a day of the month and a local time; days above 28 would skip February, so they are refused. */
const dayTime = z
  .string()
  .trim()
  .regex(DAY_TIME_RE, { error: 'expected "DAY HH:MM", e.g. "25 09:00"' })
  .transform((value) => {
    const m = DAY_TIME_RE.exec(value)!;
    return { day: Number(m[1]), hour: Number(m[2]), minute: Number(m[3]) };
  })
  .refine((v) => v.day <= 28, { error: 'day must be 1–28 so that the job runs in every month' });

const isTimeZone = (value: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

// `-c key=value` gives strings, cdk.json gives JSON values: accept both.
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const positive = (fallback: number) => z.coerce.number().positive().default(fallback);

/** Log retention values CloudWatch accepts. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653];

const deployContextSchema = z.object({
  /** The organisation's IANA time zone: the schedules fire at local times in it. */
  timeZone: z.string().trim().refine(isTimeZone, { error: 'unknown IANA time zone' }).default(DEFAULT_ZONE),
  /** The From address of every email; must be (or belong to a domain that is) a verified SES identity. */
  senderAddress: z.email({ error: 'expected an email address' }),
  /** Receives the team summary and low-score alerts until the organisation settings name someone else. */
  departmentManagerAddress: z.email({ error: 'expected an email address' }),
  /** Region of the SES identity; empty = the stack's region. */
  sesRegion: optionalText,
  /** The SES identity: a domain (example.com) or the sender address itself; empty = the sender address. */
  sesIdentity: optionalText,
  /** The SES configuration set the emails go through (created by the stack when createSesIdentity). */
  sesConfigurationSet: z
    .string()
    .trim()
    .regex(/^[\w-]{1,64}$/, { error: 'expected letters, digits, - or _ (at most 64)' })
    .default('presales-kpi'),
  /**
   * While the account is in the SES sandbox, SES also checks the sender's permission on each recipient's
   * (verified) identity: list them here, comma-separated; empty once production access is granted.
   */
  sesSandboxRecipients: z
    .string()
    .trim()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((r) => r.trim())
        .filter((r) => r !== ''),
    )
    .pipe(
      z.array(z.union([z.email(), z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i)]), {
        error: 'expected verified email addresses or domains, comma-separated',
      }),
    ),
  /** false when the identity already exists in the account (CloudFormation cannot adopt it). */
  createSesIdentity: bool.default(true),
  /** The account's SES maximum send rate, emails per second (sandbox: 1; production: see the console). */
  sesMaxSendRate: positive(1),
  /** How many emails one scoring worker sends per second at most (its Queries + render + send per engineer). */
  workerEmailsPerSecond: positive(5),
  invitationsSchedule: dayTime.prefault('25 09:00'),
  reminderSchedule: dayTime.prefault('28 09:00'),
  scoringSchedule: dayTime.prefault('3 09:00'),
  /** The finalise job's first firing each month; it then fires daily at that time to the month's end. */
  finalizeSchedule: dayTime.prefault('10 09:00'),
  /** SSM SecureString holding the link-signing key (created out of band, see the README). */
  linkKeyParameterName: z
    .string()
    .trim()
    .regex(/^\/[\w.\-/]+$/, { error: 'expected a parameter path like /presales-kpi/link-key' })
    .default('/presales-kpi/link-key'),
  /** The customer managed KMS key of that parameter; empty = the AWS managed key aws/ssm. */
  linkKeyKmsKeyArn: optionalText.pipe(
    z
      .string()
      .regex(/^arn:aws[\w-]*:kms:[\w-]+:\d{12}:key\/[\w-]+$/, { error: 'expected a KMS key ARN' })
      .optional(),
  ),
  /** Bump after rotating the link key: a changed environment makes every function load the new key. */
  linkKeyRevision: z.coerce.string().default('1'),
  /** Where people reach the forms (a custom domain); empty = the HTTP API's own URL. */
  publicBaseUrl: optionalText.pipe(z.url({ error: 'expected a URL' }).optional()),
  /**
   * The console's managed-login domain prefix (<prefix>.auth.<region>.amazoncognito.com), unique in the region;
   * empty = presales-kpi-<account id>.
   */
  consoleDomainPrefix: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { error: 'expected lowercase letters, digits and -' })
      .refine((v) => !/aws|amazon|cognito/.test(v), { error: 'may not contain aws, amazon or cognito' })
      .optional(),
  ),
  /** Steady requests per second and burst allowed on the API (every route; the forms are public). */
  apiRateLimit: positive(20),
  apiBurstLimit: positive(40),
  /** Alarms notify this address through SNS; empty = alarms without a subscription. */
  alarmEmail: optionalText.pipe(z.email({ error: 'expected an email address' }).optional()),
  logRetentionDays: z.coerce
    .number()
    .refine((d) => RETENTION_DAYS.includes(d), { error: `expected one of ${RETENTION_DAYS.join(', ')}` })
    .default(90),
});

export type DeployContext = z.output<typeof deployContextSchema>;
export type DayTime = DeployContext['invitationsSchedule'];

/** A context value that cannot be deployed; its message names each key and the reason. */
export class DeployContextError extends Error {
  override name = 'DeployContextError';
}

/** Reads every key of the schema from the construct tree's context; throws naming each bad key. */
export function readDeployContext(node: Node): DeployContext {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(deployContextSchema.shape)) {
    const value = node.tryGetContext(key);
    if (value !== undefined) raw[key] = value;
  }
  const parsed = deployContextSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  context ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new DeployContextError(`invalid CDK context (cdk.json or -c):\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * The largest number of scoring workers that keeps within the SES send rate. SQS event sources take 2 to 1000;
 * below 2 the rate is kept by SES throttling the excess, which the worker reports as a batch item failure.
 */
export function scoringWorkerConcurrency(
  ctx: Pick<DeployContext, 'sesMaxSendRate' | 'workerEmailsPerSecond'>,
) {
  const fits = Math.floor(ctx.sesMaxSendRate / ctx.workerEmailsPerSecond);
  return Math.min(1000, Math.max(2, fits));
}
