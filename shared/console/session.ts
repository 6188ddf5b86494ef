// The console's two cookies, each an encrypted JWT (jose, `dir` + A256GCM): the session of a signed-in user
// (who, which role and regions, the anti-CSRF token; a working day long) and the short-lived state of a sign-in
// in progress (OpenID state, nonce, PKCE verifier, where to return). Encrypted, not only signed: the browser
// never learns the PKCE verifier or the CSRF token from the cookie, and cannot change either. Each has its own
// key, derived from the link-signing secret (HKDF, distinct labels), so one can never pass for the other and no
// second secret has to be provisioned.
import { hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { ForbiddenError } from '../errors.ts';
import { linkKey } from '../links/key.ts';
import * as z from '../schema.ts';
import { type Principal, principalSchema } from './roles.ts';

/** A session lasts a working day; then the user signs in again. */
export const SESSION_SECONDS = 10 * 60 * 60;
/** Time to finish signing in at the provider (typing a password, an MFA code). */
export const SIGN_IN_SECONDS = 10 * 60;

const ISSUER = 'presales-kpi/console';

export interface ConsoleKeys {
  session: Uint8Array;
  signIn: Uint8Array;
}

export function deriveConsoleKeys(secret: Buffer): ConsoleKeys {
  const derive = (label: string) =>
    new Uint8Array(hkdfSync('sha256', secret, Buffer.alloc(0), `presales-kpi console ${label}`, 32));
  return { session: derive('session'), signIn: derive('sign-in') };
}

let keys: Promise<ConsoleKeys> | undefined;

/** This process's console keys (from the link key: SSM on AWS, a file locally). */
export function consoleKeys(): Promise<ConsoleKeys> {
  keys ??= linkKey().then(deriveConsoleKeys, (error: unknown) => {
    keys = undefined;
    throw error;
  });
  return keys;
}

const sessionClaims = z.object({
  ...principalSchema.shape,
  csrf: z.string().check(z.minLength(20)),
  exp: z.number(),
});

export interface Session extends Principal {
  /** The anti-CSRF token every form of this session carries. */
  csrf: string;
  expiresAt: Date;
}

async function seal(
  claims: Record<string, unknown>,
  key: Uint8Array,
  audience: string,
  now: Date,
  seconds: number,
): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new EncryptJWT(claims)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + seconds)
    .encrypt(key);
}

/** The claims of a sealed token, or undefined when it is tampered with, expired, or of another kind. */
async function open<S extends z.core.$ZodType>(
  token: string | undefined,
  key: Uint8Array,
  audience: string,
  schema: S,
  now: Date,
): Promise<z.output<S> | undefined> {
  if (!token) return undefined;
  try {
    const { payload } = await jwtDecrypt(token, key, { issuer: ISSUER, audience, currentDate: now });
    const parsed = z.safeParse(schema, payload);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A new session for `principal` with a fresh CSRF token, and its cookie value. */
export async function sealSession(
  principal: Principal,
  key: Uint8Array,
  now: Date,
): Promise<{ token: string; session: Session }> {
  const csrf = randomBytes(32).toString('base64url');
  const token = await seal({ ...principal, csrf }, key, 'session', now, SESSION_SECONDS);
  return {
    token,
    session: { ...principal, csrf, expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000) },
  };
}

/** The session of a cookie value; undefined when there is none, or it was tampered with or has expired. */
export async function openSession(
  token: string | undefined,
  key: Uint8Array,
  now: Date,
): Promise<Session | undefined> {
  const claims = await open(token, key, 'session', sessionClaims, now);
  if (!claims) return undefined;
  const { exp, csrf, ...principal } = claims;
  return { ...principal, csrf, expiresAt: new Date(exp * 1000) };
}

/** A state-changing request must carry the session's CSRF token; anything else is a 403. */
export function assertCsrf(session: Session, sent: string | undefined): void {
  const expected = Buffer.from(session.csrf);
  const given = Buffer.from(sent ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ForbiddenError('missing or wrong anti-CSRF token: reload the page and try again');
  }
}

/** What a sign-in in progress must remember until the provider redirects back. */
export const signInStateSchema = z.object({
  state: z.string().check(z.minLength(20)),
  nonce: z.string().check(z.minLength(20)),
  verifier: z.string().check(z.minLength(43)),
  /** A console path to show after signing in. */
  returnTo: z.string().check(z.startsWith('/console')),
});
export type SignInState = z.output<typeof signInStateSchema>;

export function sealSignIn(state: SignInState, key: Uint8Array, now: Date): Promise<string> {
  return seal(state, key, 'sign-in', now, SIGN_IN_SECONDS);
}

export function openSignIn(
  token: string | undefined,
  key: Uint8Array,
  now: Date,
): Promise<SignInState | undefined> {
  return open(token, key, 'sign-in', signInStateSchema, now);
}
