// The console's cookies: the session lasts a working day, cannot be read or changed by the browser, and neither
// cookie passes for the other; the CSRF check accepts the session's own token only.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/console/roles.ts';
import {
  assertCsrf,
  deriveConsoleKeys,
  openSession,
  openSignIn,
  SESSION_SECONDS,
  sealSession,
  sealSignIn,
} from '../../../shared/console/session.ts';
import { ForbiddenError } from '../../../shared/errors.ts';

const keys = deriveConsoleKeys(randomBytes(32));
const viewer: Principal = {
  sub: 's',
  actor: 'li@example.com',
  name: '李',
  role: 'viewer',
  regions: ['华北'],
};
const at = new Date('2026-11-30T01:00:00Z');
const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);

describe('the session cookie', () => {
  it('opens to the same principal and CSRF token until it expires, 10 hours after sign-in', async () => {
    const { token, session } = await sealSession(viewer, keys.session, at);
    expect(session.expiresAt).toEqual(later(SESSION_SECONDS));
    const opened = await openSession(token, keys.session, later(SESSION_SECONDS - 60));
    expect(opened).toEqual(session);
    expect(await openSession(token, keys.session, later(SESSION_SECONDS + 60))).toBeUndefined();
  });

  it('is encrypted: the token shows neither the role nor the CSRF token', async () => {
    const { token, session } = await sealSession(viewer, keys.session, at);
    const text = token
      .split('.')
      .map((p) => Buffer.from(p, 'base64url').toString('latin1'))
      .join(' ');
    expect(text).not.toContain('viewer');
    expect(text).not.toContain(session.csrf);
  });

  it('is no session when tampered with, made with another key, or is a sign-in cookie', async () => {
    const { token } = await sealSession(viewer, keys.session, at);
    const parts = token.split('.');
    parts[3] = `${parts[3]!.slice(0, -2)}${parts[3]!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await openSession(parts.join('.'), keys.session, at)).toBeUndefined();
    expect(await openSession(token, deriveConsoleKeys(randomBytes(32)).session, at)).toBeUndefined();
    const signIn = await sealSignIn(
      { state: 's'.repeat(43), nonce: 'n'.repeat(43), verifier: 'v'.repeat(43), returnTo: '/console' },
      keys.signIn,
      at,
    );
    expect(await openSession(signIn, keys.session, at)).toBeUndefined();
    expect(await openSession(signIn, keys.signIn, at)).toBeUndefined();
    expect(await openSession(undefined, keys.session, at)).toBeUndefined();
  });
});

describe('the sign-in cookie', () => {
  it('holds the sign-in for 10 minutes', async () => {
    const state = {
      state: 's'.repeat(43),
      nonce: 'n'.repeat(43),
      verifier: 'v'.repeat(43),
      returnTo: '/console?x=1',
    };
    const token = await sealSignIn(state, keys.signIn, at);
    expect(await openSignIn(token, keys.signIn, later(9 * 60))).toEqual(state);
    expect(await openSignIn(token, keys.signIn, later(11 * 60))).toBeUndefined();
  });
});

describe('assertCsrf', () => {
  it("accepts the session's token and refuses a missing, wrong or another session's token (403)", async () => {
    const { session } = await sealSession(viewer, keys.session, at);
    const { session: other } = await sealSession(viewer, keys.session, at);
    expect(() => assertCsrf(session, session.csrf)).not.toThrow();
    for (const sent of [undefined, '', 'x', other.csrf, `${session.csrf}x`]) {
      expect(() => assertCsrf(session, sent)).toThrow(ForbiddenError);
    }
  });
});
