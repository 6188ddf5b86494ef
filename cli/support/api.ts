// The `kpi` admin commands' HTTP client: finds the API (--api/--token, else .data/local.json written by
// `npm start`), calls a route of shared/admin/routes.ts the way the route table says (path parameters from the
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

export interface ApiTarget {
  url: string;
  token: string | undefined;
}

const localJson = z.object({ apiUrl: z.url(), adminToken: z.string().min(1) });

/** Where the admin API is: the options, else the local run's .data/local.json (DATA_DIR). */
export function resolveApiTarget(options: { api?: string; token?: string }): ApiTarget {
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
 * `path` is the route's template (`/admin/engineers/{id}`); its parameters are taken from `input`.
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
    for (const [k, v] of defined) url.searchParams.set(k, String(v));
  } else {
    body = JSON.stringify(Object.fromEntries(defined));
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
      },
      body,
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new UsageError(
      `cannot reach the admin API at ${target.url}${cause ? ` (${cause})` : ''}: is \`npm start\` running?`,
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
  const message = (parsed.success && parsed.data.error) || `HTTP ${response.status}`;
  switch (response.status) {
    case 400:
      throw new ValidationError(
        parsed.success && parsed.data.problems?.length ? parsed.data.problems : [{ path: '', message }],
        message,
      );
    case 401:
      throw new UnauthorizedError(`${message} (check --token or .data/local.json)`);
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
