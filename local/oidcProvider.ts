// The local OpenID provider of `npm start` and the tests: oidc-provider (a certified OpenID Connect server) on a
// free port, with the console as a public client (code + PKCE) and demo users who sign in on a real username and
// password page. It stands in for Cognito's managed login: the ID token carries the same `cognito:groups`
// claim, so the console's one sign-in path runs unchanged against either.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import { ADMIN_GROUP, REGION_GROUP_PREFIX, VIEWER_GROUP } from '../shared/console/roles.ts';
import { html } from '../shared/html/html.ts';

export interface ConsoleUser {
  username: string;
  password: string;
  role: 'admin' | 'viewer';
  name: string;
  email: string;
  /** A viewer's regions. */
  regions?: string[];
}

export interface LocalProvider {
  issuer: string;
  clientId: string;
  server: Server;
  stop(): Promise<void>;
}

export const CONSOLE_CLIENT_ID = 'kpi-console';

/**
 * Sessions, grants and codes live as long as the process: the provider's issuer (a free port) and signing key are
 * new at every start, so nothing it issued could outlive a restart anyway (the console's own session is its
 * cookie, and a sign-in after a restart asks for the password again). The library's in-process store under a name
 * of our own: used by default, it warns on every start that it is meant for a quick start only.
 */
class ProcessMemoryAdapter extends MemoryAdapter {}

/** The demo users of a data directory: an admin and a viewer of one region, each with a generated password. */
export function demoConsoleUsers(
  viewerRegion: string,
  password = () => randomBytes(12).toString('base64url'),
): ConsoleUser[] {
  return [
    {
      username: 'admin',
      password: password(),
      role: 'admin',
      name: '王经理',
      email: 'admin@example.com',
    },
    {
      username: 'viewer',
      password: password(),
      role: 'viewer',
      name: '李区域',
      email: 'viewer@example.com',
      regions: [viewerRegion],
    },
  ];
}

function groupsOf(user: ConsoleUser): string[] {
  return user.role === 'admin'
    ? [ADMIN_GROUP]
    : [VIEWER_GROUP, ...(user.regions ?? []).map((r) => `${REGION_GROUP_PREFIX}${r}`)];
}

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function loginPage(uid: string, problem?: string): string {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>登录 Sign in · presales-kpi (local)</title></head>
<body><main>
<h1>登录 · Sign in</h1>
<p>本地身份提供方（代替 Cognito）· Local identity provider (stands in for Cognito)</p>
${problem ? html`<p role="alert">${problem}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<p><label for="username">用户名 · Username</label><br><input id="username" name="username" autocomplete="username" required autofocus></p>
<p><label for="password">密码 · Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">登录 · Sign in</button></p>
</form>
</main></body></html>`.value;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('login form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Starts the provider on `port` (0: a free one) for the console at `redirectUris`. `clientId` lets a test run a
 * second client (another audience) against the same users.
 */
export async function startLocalProvider(options: {
  users: ConsoleUser[];
  redirectUris: string[];
  port?: number;
  host?: string;
  clientIds?: string[];
}): Promise<LocalProvider> {
  const host = options.host ?? '127.0.0.1';
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) =>
    answer(res, 503, 'starting');
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = {
    ...(await exportJWK(privateKey)),
    alg: 'RS256',
    use: 'sig',
    kid: randomBytes(8).toString('hex'),
  };
  const users = new Map(options.users.map((u) => [u.username, u]));
  const clientIds = options.clientIds ?? [CONSOLE_CLIENT_ID];

  const provider = new Provider(issuer, {
    clients: clientIds.map((clientId) => ({
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: options.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    adapter: ProcessMemoryAdapter,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    // Seconds: a code is good for a minute, a provider session for a working day (as the console's).
    ttl: {
      AuthorizationCode: 60,
      IdToken: 600,
      AccessToken: 600,
      Interaction: 600,
      Grant: 36_000,
      Session: 36_000,
    },
    claims: { openid: ['sub'], email: ['email'], profile: ['name', 'cognito:groups', 'cognito:username'] },
    // The claims of the granted scopes go into the ID token, as Cognito's do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, id) => {
      const user = users.get(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: user.email,
          name: user.name,
          'cognito:username': user.username,
          'cognito:groups': groupsOf(user),
        }),
      };
    },
    // The console is first-party: no consent screen, as with Cognito's managed login.
    loadExistingGrant: async (ctx) => {
      const existing =
        ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      grant.addOIDCClaims(['email', 'name', 'cognito:groups', 'cognito:username']);
      await grant.save();
      return grant;
    },
  });
  const oidc = provider.callback();

  handle = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const login = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!login) {
      oidc(req, res);
      return;
    }
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (details.uid !== login[1]) return answer(res, 400, 'unknown sign-in');
        if (!login[2] || req.method !== 'POST') return answer(res, 200, loginPage(details.uid));
        const form = await readForm(req);
        const user = users.get(form.get('username') ?? '');
        if (!user || !samePassword(form.get('password') ?? '', user.password)) {
          return answer(res, 401, loginPage(details.uid, '用户名或密码错误 · Wrong username or password'));
        }
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: user.username } },
          {
            mergeWithLastSubmission: false,
          },
        );
      } catch (error) {
        if (!res.headersSent) answer(res, 400, html`sign-in failed: ${(error as Error).message}`.value);
      }
    })();
  };

  return {
    issuer,
    clientId: CONSOLE_CLIENT_ID,
    server,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
