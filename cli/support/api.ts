// The `kpi` admin commands' HTTP client: finds the API (--api with --token or --aws-profile, else
// .data/local.json written by `npm start`), calls a route of shared/admin/routes.ts the way the route table says (path parameters from the
// input, the rest as the query string for GET/DELETE or the JSON body otherwise), and turns error answers back
// into the domain's errors so the CLI's one error path prints them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { AdminMethod } from '#shared/admin/routes.ts';
import {
  ConflictError,
  DomainError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from '#shared/errors.ts';
import { UsageError } from './errors.ts';
import { profileSigner, type RequestSigner, signableQuery } from './sigv4.ts';

export interface ApiTarget {
  url: string;
  token: string | undefined;
  /** Signs each request with SigV4 (API Gateway's IAM authorization) instead of sending a bearer token. */
  signer?: RequestSigner | undefined;
}

export interface ApiOptions {
  api?: string | undefined;
  token?: string | undefined;
  /** A profile of the shared AWS config files: requests are SigV4-signed with its credentials. */
  awsProfile?: string | undefined;
  /** The API's region when its URL does not say (default: from `<id>.execute-api.<region>.amazonaws.com`). */
  region?: string | undefined;
}

/** The options every admin command takes to find and authenticate to the API. */
export const API_OPTIONS = [
  ['--api <url>', 'admin API base URL (default: apiUrl in .data/local.json)'],
  ['--token <token>', 'admin bearer token (default: adminToken in .data/local.json)'],
  [
    '--aws-profile <name>',
    'sign requests with this AWS profile (SigV4; the deployed API with IAM authorization)',
  ],
  ['--aws-region <region>', 'AWS region of the API for --aws-profile (default: from the API URL)'],
] as const;

const localJson = z.object({ apiUrl: z.url(), adminToken: z.string().min(1) });

/** The API options out of a command's parsed options (commander names --aws-profile `awsProfile`). */
export function apiOptions(options: Record<string, unknown>): ApiOptions {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    api: text(options.api),
    token: text(options.token),
    awsProfile: text(options.awsProfile),
    region: text(options.awsRegion),
  };
}

/**
 * Where the admin API is and how to authenticate: with --aws-profile, the given --api signed with the profile
 * (no bearer token); else the options, else the local run's .data/local.json (DATA_DIR).
 */
export function resolveApiTarget(options: ApiOptions): ApiTarget {
  if (options.awsProfile) {
    if (!options.api) throw new UsageError('--aws-profile needs --api URL (the deployed API)');
    if (options.token) throw new UsageError('give either --token or --aws-profile, not both');
    const url = options.api.replace(/\/$/, '');
    return {
      url,
      token: undefined,
      signer: profileSigner({ api: url, profile: options.awsProfile, region: options.region }),
    };
  }
  if (options.region) throw new UsageError('--aws-region is for --aws-profile');
  if (options.api)
    return { url: options.api.replace(/\/$/, ''), token: options.token ?? process.env.KPI_ADMIN_TOKEN };
  const file = join(process.env.DATA_DIR ?? '.data', 'local.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(
      `no admin API given and ${file} not found: run \`npm start\` first, or pass --api URL --token TOKEN`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not valid JSON; restart \`npm start\` to rewrite it`);
  }
  const parsed = localJson.safeParse(json);
  if (!parsed.success)
    throw new UsageError(`${file} does not name apiUrl and adminToken; restart \`npm start\``);
  return { url: parsed.data.apiUrl.replace(/\/$/, ''), token: options.token ?? parsed.data.adminToken };
}

const errorBody = z.object({
  error: z.string().optional(),
  /** API Gateway's own refusals (IAM authorization) say `message`. */
  message: z.string().optional(),
  problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

class HttpError extends DomainError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Calls `method path` with `input` shaped as the route table says; resolves with the parsed JSON answer.
 * `path` is the route's template, parameters in braces; their values are taken from `input`.
 */
export async function callAdmin(
  target: ApiTarget,
  method: AdminMethod,
  path: string,
  input: Record<string, unknown> = {},
): Promise<unknown> {
  const rest: Record<string, unknown> = { ...input };
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = rest[name];
    delete rest[name];
    if (value === undefined) throw new UsageError(`missing ${name}`);
    return encodeURIComponent(String(value));
  });
  const url = new URL(`${target.url}${filled}`);
  const defined = Object.entries(rest).filter(([, v]) => v !== undefined);
  let body: string | undefined;
  if (method === 'GET' || method === 'DELETE') {
    url.search = signableQuery(defined.map(([k, v]) => [k, String(v)]));
  } else {
    body = JSON.stringify(Object.fromEntries(defined));
  }
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
  };
  let sent: Record<string, string>;
  if (target.signer) {
    // fetch sets Host itself (the signer signed the same value) and refuses it as a header.
    const { host: _host, ...signed } = await target.signer.sign({ method, url, headers, body });
    sent = signed;
  } else {
    sent = { ...headers, ...(target.token ? { authorization: `Bearer ${target.token}` } : {}) };
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers: sent, body });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new UsageError(
      `cannot reach the admin API at ${target.url}${cause ? ` (${cause})` : ''}${target.signer ? '' : ': is `npm start` running?'}`,
    );
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    throw new Error(`the admin API answered ${response.status} with something that is not JSON`);
  }
  if (response.ok) return json;
  const parsed = errorBody.safeParse(json);
  const message = (parsed.success && (parsed.data.error ?? parsed.data.message)) || `HTTP ${response.status}`;
  switch (response.status) {
    case 400:
      throw new ValidationError(
        parsed.success && parsed.data.problems?.length ? parsed.data.problems : [{ path: '', message }],
        message,
      );
    case 401:
      throw new UnauthorizedError(`${message} (check --token or .data/local.json)`);
    case 403:
      if (target.signer) {
        throw new UnauthorizedError(
          `${message} (the profile's credentials were refused: check --aws-profile, --aws-region and that its role has the AdminPolicyArn policy)`,
        );
      }
      throw new HttpError(response.status, `the admin API answered ${response.status}: ${message}`);
    case 404:
      throw new NotFoundError(message);
    case 409:
      throw new ConflictError(message);
    case 413:
      throw new PayloadTooLargeError(message);
    default:
      throw new HttpError(response.status, `the admin API answered ${response.status}: ${message}`);
  }
}
