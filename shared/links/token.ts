// Signed, expiring form-link tokens: HMAC-SHA-256 over (kind, id, version, expiry), base64url, checked in
// constant time. A token only says "we issued this"; the stored record (invitation, engineer) stays the truth.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { LinkGoneError, LinkInvalidError } from '../errors.ts';
import * as z from '../schema.ts';

/**
 * `survey`: an invitation's survey form; `dailyReport`: an engineer's daily-report form; `appeal`: the appeal
 * page of an engineer-month's report.
 */
export const LINK_KINDS = ['survey', 'dailyReport', 'appeal'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface LinkClaims {
  kind: LinkKind;
  /** The invitation id (survey), the engineer id (dailyReport), or the engineer-month and card revision (appeal). */
  id: string;
  /** The record's link version when the token was issued; bumping it revokes older tokens. */
  version: number;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

const claimsTuple = z.tuple([
  z.enum(LINK_KINDS),
  z.string().check(z.minLength(1), z.maxLength(200)),
  z.number().check(z.int(), z.nonnegative()),
  z.number().check(z.int(), z.positive()),
]);

/**
 * The bytes of a base64url text written exactly as `Buffer.toString('base64url')` writes them, or undefined.
 * Node's decoder is lenient (it skips `=`, `!`, `~` and other strangers, takes `+`/`/` for `-`/`_`, ignores the
 * unused low bits of the last character), so many spellings decode to the same bytes; a link must have one.
 * Re-encoding and comparing refuses every other spelling, whatever leniency the decoder has.
 */
export function canonicalBase64url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

function signature(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function signLink(key: Buffer, claims: LinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify([claims.kind, claims.id, claims.version, claims.expiresAt]),
  ).toString('base64url');
  return `${payload}.${signature(key, payload).toString('base64url')}`;
}

/**
 * Checks a token's signature, kind and expiry. Throws LinkInvalidError (403) for anything not signed by us
 * or of another kind, LinkGoneError (410) for a genuine token past its expiry — unless `expiry: 'caller'`: a
 * form that says more than "expired" (which month's appeals closed, and when) checks `expiresAt` itself.
 */
export function verifyLink(
  key: Buffer,
  token: string,
  kind: LinkKind,
  now: Date,
  options: { expiry?: 'enforce' | 'caller' } = {},
): LinkClaims {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) throw new LinkInvalidError('malformed link token');
  const payloadBytes = canonicalBase64url(payload);
  const given = canonicalBase64url(sig);
  if (!payloadBytes || !given) throw new LinkInvalidError('malformed link token');
  const expected = signature(key, payload);
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the key.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new LinkInvalidError('link signature does not verify');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(payloadBytes.toString('utf8'));
  } catch {
    throw new LinkInvalidError('malformed link token');
  }
  const parsed = claimsTuple.safeParse(decoded);
  if (!parsed.success) throw new LinkInvalidError('malformed link token');
  const [tokenKind, id, version, expiresAt] = parsed.data;
  if (tokenKind !== kind) throw new LinkInvalidError('link is for another form');
  if (options.expiry !== 'caller' && now.getTime() >= expiresAt * 1000) {
    throw new LinkGoneError('link has expired');
  }
  return { kind: tokenKind, id, version, expiresAt };
}
