// The link tokens and the configuration on their own: what a tampered, expired or foreign token is, and that a
// bad setting stops the process naming the variable. Fast, no emulator.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../shared/config.ts';
import { LinkGoneError, LinkInvalidError, ValidationError } from '../../../shared/errors.ts';
import { html } from '../../../shared/html/html.ts';
import { decodeLinkKey, ensureSecretFile, generateLinkKey } from '../../../shared/links/key.ts';
import { signLink, verifyLink } from '../../../shared/links/token.ts';

const key = decodeLinkKey(generateLinkKey(), 'test');
const now = new Date('2026-10-20T00:00:00Z');
const claims = {
  kind: 'survey' as const,
  id: 'a4b5c6',
  version: 1,
  expiresAt: Date.parse('2026-11-02T15:59:00Z') / 1000,
};

describe('link tokens', () => {
  it('verifies its own token and gives back the claims', () => {
    expect(verifyLink(key, signLink(key, claims), 'survey', now)).toEqual(claims);
  });

  it('refuses a changed payload, a changed signature, another key, another kind and garbage as invalid (403)', () => {
    const token = signLink(key, claims);
    const [payload, sig] = token.split('.') as [string, string];
    const otherPayload = signLink(key, { ...claims, id: 'other' }).split('.')[0]!;
    const otherKey = decodeLinkKey(generateLinkKey(), 'test');
    for (const bad of [
      `${otherPayload}.${sig}`,
      `${payload}.${sig.slice(0, -2)}AA`,
      signLink(otherKey, claims),
      `${payload}.${sig}.x`,
      'garbage',
      '',
    ]) {
      expect(() => verifyLink(key, bad, 'survey', now)).toThrow(LinkInvalidError);
    }
    expect(() => verifyLink(key, token, 'dailyReport', now)).toThrow(LinkInvalidError);
  });

  it('refuses a genuine token after its expiry as gone (410)', () => {
    const token = signLink(key, claims);
    expect(() => verifyLink(key, token, 'survey', new Date(claims.expiresAt * 1000))).toThrow(LinkGoneError);
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => decodeLinkKey(Buffer.alloc(16).toString('base64url'), 'LINK_KEY')).toThrow(/too short/);
  });

  it('creates a secret file once (mode 0600) and reads the same value afterwards', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kpi-key-'));
    try {
      const path = join(dir, 'nested', 'link-key');
      const [a, b] = await Promise.all([
        ensureSecretFile(path, generateLinkKey),
        ensureSecretFile(path, generateLinkKey),
      ]);
      expect(a).toBe(b);
      expect(await ensureSecretFile(path, () => 'never used')).toBe(a);
      expect((await readFile(path, 'utf8')).trim()).toBe(a);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('configuration', () => {
  it('reads defaults and picks the link key source: SSM, else file, else value', () => {
    const c = readConfig({});
    expect(c.tableName).toBe('presales-kpi');
    expect(c.ports).toEqual({ api: 3000, dynamo: 8000, ses: 8005 });
    expect(c.linkKey).toEqual({ source: 'none' });
    expect(readConfig({ LINK_KEY_PARAMETER: '/kpi/key', LINK_KEY: 'x' }).linkKey).toEqual({
      source: 'ssm',
      parameter: '/kpi/key',
      extension: { port: 2773, sessionToken: undefined },
    });
    expect(
      readConfig({
        LINK_KEY_PARAMETER: '/kpi/key',
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2800',
        AWS_SESSION_TOKEN: 'session',
      }).linkKey,
    ).toEqual({ source: 'ssm', parameter: '/kpi/key', extension: { port: 2800, sessionToken: 'session' } });
    expect(readConfig({ LINK_KEY_FILE: '/tmp/k' }).linkKey).toEqual({ source: 'file', path: '/tmp/k' });
    expect(readConfig({ ADMIN_AUTH: 'iam' }).adminAuth).toEqual({ mode: 'iam' });
    // Who the admin token stands for in the record of changes.
    expect(readConfig({ ADMIN_TOKEN: 't' }).adminAuth).toEqual({
      mode: 'token',
      token: 't',
      file: undefined,
      name: 'local-admin',
    });
    expect(readConfig({ ADMIN_TOKEN_NAME: ' wang.min ' }).adminAuth).toMatchObject({ name: 'wang.min' });
  });

  it('names every bad variable and why', () => {
    try {
      readConfig({ KPI_PORT: 'eighty', ADMIN_AUTH: 'open', DYNAMODB_ENDPOINT: 'localhost' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const paths = (error as ValidationError).problems.map((p) => p.path).sort();
      expect(paths).toEqual(['ADMIN_AUTH', 'DYNAMODB_ENDPOINT', 'KPI_PORT']);
      expect((error as Error).message).toContain('ADMIN_AUTH: expected iam or token');
    }
  });
});

describe('html escaping', () => {
  it('escapes interpolated text and passes nested fragments through', () => {
    const name = `<b onclick="x">O'Brien & Co</b>`;
    expect(html`<p title="${name}">${name} ${html`<i>${'<ok>'}</i>`}</p>`.value).toBe(
      '<p title="&lt;b onclick=&quot;x&quot;&gt;O&#39;Brien &amp; Co&lt;/b&gt;">&lt;b onclick=&quot;x&quot;&gt;O&#39;Brien &amp; Co&lt;/b&gt; <i>&lt;ok&gt;</i></p>',
    );
  });
});
