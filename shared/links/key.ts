// The secret that signs form links, loaded once per process (once per Lambda cold start): from an SSM
// SecureString on AWS, from a file under .data/ on one machine, or from the environment in tests.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Config, config } from '../config.ts';
import { readParameterThroughExtension } from './parameterExtension.ts';

/** Fewer bytes than this would make the HMAC guessable; a generated key has exactly this many. */
const LINK_KEY_BYTES = 32;

export function decodeLinkKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64url');
  if (key.length < LINK_KEY_BYTES) {
    throw new Error(`link key from ${source} is too short: need at least ${LINK_KEY_BYTES} bytes, base64url`);
  }
  return key;
}

async function fetchLinkKey(source: Config['linkKey']): Promise<Buffer> {
  switch (source.source) {
    case 'ssm': {
      // Through the AWS Parameters and Secrets Lambda Extension (a layer the stack attaches): it signs, retries
      // and caches the SSM read, so the function bundles no SSM client.
      const value = await readParameterThroughExtension(source.parameter, source.extension);
      return decodeLinkKey(value, `SSM parameter ${source.parameter}`);
    }
    case 'file':
      return decodeLinkKey(await readFile(source.path, 'utf8'), `file ${source.path}`);
    case 'value':
      return decodeLinkKey(source.value, 'LINK_KEY');
    case 'none':
      throw new Error('no link key configured: set LINK_KEY_PARAMETER (AWS), LINK_KEY_FILE or LINK_KEY');
  }
}

let loading: Promise<Buffer> | undefined;

/** The link key of this process; the first call loads it, later calls share the same promise. */
export function linkKey(): Promise<Buffer> {
  loading ??= fetchLinkKey(config().linkKey).catch((error: unknown) => {
    loading = undefined; // a transient SSM failure must not poison the warm container
    throw error;
  });
  return loading;
}

/** A fresh random key, base64url: what `npm start` writes on the first run. */
export function generateLinkKey(): string {
  return randomBytes(LINK_KEY_BYTES).toString('base64url');
}

/** Reads the secret file, creating it (mode 0600) with `generate()` when it does not exist yet. */
export async function ensureSecretFile(path: string, generate: () => string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true });
    const value = generate();
    // 'wx' fails if another process created it meanwhile; then read theirs, so both agree on one key.
    try {
      await writeFile(path, `${value}\n`, { flag: 'wx', mode: 0o600 });
      await chmod(path, 0o600);
      return value;
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      return (await readFile(path, 'utf8')).trim();
    }
  }
}
