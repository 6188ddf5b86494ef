// The SES v2 stand-in for running on one machine: aws-ses-v2-local (SES v1/v2 API + a mailbox web page that
// shows every email sent) started in this process on a chosen port. Its store lives in the package's module,
// so every stand-in started in one process shares one mailbox.
import type { AddressInfo } from 'node:net';

export interface SesLocal {
  /** The SES API endpoint to give an SESv2Client (`endpoint`). */
  url: string;
  /** The mailbox web page listing every email sent. */
  mailboxUrl: string;
  port: number;
  /** When it started: its store (in memory) holds every email taken since then, and none from before. */
  startedAt: Date;
  stop(): Promise<void>;
}

interface SesLocalOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
}

type StartServer = (config?: { host?: string; port?: number }) => Promise<import('node:http').Server>;

async function loadServer(): Promise<StartServer> {
  // A CommonJS module compiled from `export default`: Node hands us module.exports, whose `default` is the
  // function; a bundler may already unwrap it. Accept both.
  const mod = (await import('aws-ses-v2-local')) as unknown as {
    default: StartServer | { default: StartServer };
  };
  const exported = mod.default;
  return typeof exported === 'function' ? exported : exported.default;
}

/** Starts aws-ses-v2-local; rejects with a one-line reason when the port is taken. */
export async function startSesLocal(options: SesLocalOptions = {}): Promise<SesLocal> {
  const host = options.host ?? '127.0.0.1';
  const requested = options.port ?? 0;
  const start = await loadServer();
  const startedAt = new Date();
  // The package resolves its promise even when listening fails (express hands the error to the callback,
  // which it ignores), so whether it listens is read from the server itself.
  const server = await start({ host, port: requested });
  if (!server.listening) {
    server.close();
    throw new Error(
      `SES v2 stand-in: cannot listen on ${host}:${requested} — the port is already in use (choose another with SES_PORT)`,
    );
  }
  const { port } = server.address() as AddressInfo;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: base,
    mailboxUrl: `${base}/`,
    port,
    startedAt,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // The SDK keeps connections alive; close them or close() waits for their idle timeout.
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
