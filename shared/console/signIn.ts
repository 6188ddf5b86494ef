// Sign-in to the console: OpenID Connect authorization code flow with PKCE, through openid-client, the same
// code path against Cognito (AWS) and the local provider (npm start). The library checks everything the
// callback carries — state, the code exchange with the PKCE verifier, and the ID token's signature, issuer,
// audience, expiry and nonce; this module only keeps the per-sign-in secrets in an encrypted cookie between the
// two legs and turns the validated claims into a principal.
import * as client from 'openid-client';
import { config } from '../config.ts';
import { UnauthorizedError } from '../errors.ts';
import { type Principal, principalFromClaims } from './roles.ts';
import { type SignInState, sealSignIn } from './session.ts';

export const CALLBACK_PATH = '/console/callback';

interface Provider {
  issuer: string;
  clientId: string;
  /** The console's callback URL, exactly as registered with the provider. */
  redirectUri: string;
  groupsClaim: string;
}

/** The configured provider, or UnauthorizedError saying what is missing. */
export function consoleProvider(): Provider {
  const c = config();
  if (!c.console.issuer || !c.console.clientId) {
    throw new UnauthorizedError(
      'console sign-in is not configured: set CONSOLE_ISSUER and CONSOLE_CLIENT_ID',
    );
  }
  if (!c.publicBaseUrl)
    throw new UnauthorizedError('console sign-in needs PUBLIC_BASE_URL (its callback URL)');
  return {
    issuer: c.console.issuer,
    clientId: c.console.clientId,
    redirectUri: new URL(CALLBACK_PATH, c.publicBaseUrl).toString(),
    groupsClaim: c.console.groupsClaim,
  };
}

const discovered = new Map<string, Promise<client.Configuration>>();

/** The provider's metadata, discovered once per process (a failed discovery is retried on the next sign-in). */
function providerConfiguration(provider: Provider): Promise<client.Configuration> {
  const cacheKey = `${provider.issuer} ${provider.clientId}`;
  let found = discovered.get(cacheKey);
  if (!found) {
    // A public client: PKCE, no secret (Cognito's app client has none; neither has the local one).
    found = client
      .discovery(new URL(provider.issuer), provider.clientId, undefined, client.None(), {
        // Only the local provider is plain http (127.0.0.1); anything else must be https.
        ...(new URL(provider.issuer).protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
        timeout: 10,
      })
      .catch((error: unknown) => {
        discovered.delete(cacheKey);
        throw new UnauthorizedError(`the identity provider cannot be reached: ${(error as Error).message}`);
      });
    discovered.set(cacheKey, found);
  }
  return found;
}

/** Where to send the browser to sign in, and the sealed state to keep in the sign-in cookie. */
export async function beginSignIn(
  returnTo: string,
  key: Uint8Array,
  now: Date,
): Promise<{ authorizationUrl: string; signInCookie: string }> {
  const provider = consoleProvider();
  const configuration = await providerConfiguration(provider);
  const state: SignInState = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    returnTo,
  };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: provider.redirectUri,
    scope: 'openid email profile',
    state: state.state,
    nonce: state.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(state.verifier),
    code_challenge_method: 'S256',
  });
  return { authorizationUrl: url.toString(), signInCookie: await sealSignIn(state, key, now) };
}

/**
 * The provider's redirect back: exchanges the code (with the PKCE verifier) and validates the ID token against
 * the sign-in's state and nonce. Any failure — no sign-in in progress, a wrong state, a code already used, a
 * token of another issuer or audience — is an UnauthorizedError; the user starts again.
 */
export async function finishSignIn(query: string, signIn: SignInState | undefined): Promise<Principal> {
  if (!signIn)
    throw new UnauthorizedError('no sign-in in progress (or it took over 10 minutes): sign in again');
  const provider = consoleProvider();
  const configuration = await providerConfiguration(provider);
  const callbackUrl = new URL(provider.redirectUri);
  callbackUrl.search = query;
  let claims: Record<string, unknown> | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: signIn.verifier,
      expectedState: signIn.state,
      expectedNonce: signIn.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (error) {
    throw new UnauthorizedError(`sign-in failed: ${(error as Error).message}`);
  }
  if (!claims) throw new UnauthorizedError('sign-in failed: the provider sent no ID token');
  return principalFromClaims(claims, provider.groupsClaim);
}
