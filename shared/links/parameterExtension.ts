// Reads an SSM SecureString through the AWS Parameters and Secrets Lambda Extension: a layer that answers on
// localhost, signs and retries the SSM call itself and caches the value, so a function needs no SSM client.
// It answers only during an invocation (not at INIT), and only requests that carry the function's session token.
import * as z from '../schema.ts';

interface ExtensionEndpoint {
  /** PARAMETERS_SECRETS_EXTENSION_HTTP_PORT (2773 unless the stack sets another). */
  port: number;
  /** AWS_SESSION_TOKEN of the function: the extension refuses requests without it. */
  sessionToken: string | undefined;
  /** Tries in all when the extension is not listening yet or is momentarily failing (default 3). */
  attempts?: number;
}

/** The extension (or SSM behind it) refused the read: `status` is its HTTP status, the message its reason. */
export class ParameterReadError extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ParameterReadError';
  }
}

// The extension forwards SSM's GetParameter answer as it is.
const answerSchema = z.object({ Parameter: z.object({ Value: z.string().check(z.minLength(1)) }) });

/**
 * The decrypted value of parameter `name`.
 * 1. GET /systemsmanager/parameters/get?name=…&withDecryption=true with the session-token header.
 * 2. 200 → the value (zod-checked). A refused connection or a 5xx → try again after a short pause (the
 *    extension may still be starting).
 * 3. Any other answer (not found, access denied, a missing token) → ParameterReadError naming the parameter.
 */
export async function readParameterThroughExtension(
  name: string,
  endpoint: ExtensionEndpoint,
): Promise<string> {
  const url = new URL(`http://localhost:${endpoint.port}/systemsmanager/parameters/get`);
  url.searchParams.set('name', name);
  url.searchParams.set('withDecryption', 'true');
  const headers = { 'X-Aws-Parameters-Secrets-Token': endpoint.sessionToken ?? '' };
  const attempts = endpoint.attempts ?? 3;
  let last: ParameterReadError | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      last = new ParameterReadError(
        undefined,
        `cannot reach the parameters extension to read ${name} (${cause})`,
      );
      continue;
    }
    const text = await response.text();
    if (response.ok) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const parsed = answerSchema.safeParse(json);
      if (!parsed.success)
        throw new ParameterReadError(response.status, `SSM parameter ${name} has no value`);
      return parsed.data.Parameter.Value;
    }
    // Its error bodies are short plain text (SSM's error name and message); keep one line of it.
    const reason = text.replace(/\s+/g, ' ').trim().slice(0, 200);
    last = new ParameterReadError(
      response.status,
      `SSM parameter ${name} could not be read (${response.status}${reason ? `: ${reason}` : ''})`,
    );
    if (response.status < 500) throw last;
  }
  throw last ?? new ParameterReadError(undefined, `cannot read SSM parameter ${name}`);
}
