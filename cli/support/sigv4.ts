// SigV4 signing of the admin CLI's requests to API Gateway (`--aws-profile`): the admin routes use IAM
// authorization on AWS, so each request is signed with the profile's credentials for service `execute-api`.
// The signer is the SDK's own (@smithy/signature-v4); credentials come from the shared AWS config files.
import { fromIni } from '@aws-sdk/credential-providers';
import { SignatureV4 } from '@smithy/signature-v4';
import { UsageError } from './errors.ts';
import { Sha256 } from './sha256.ts';

export { Sha256 };

/** The region of an API Gateway URL: `https://<id>.execute-api.<region>.amazonaws.com[.cn]/...`. */
export function regionOfApiUrl(url: string): string | undefined {
  return /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(new URL(url).hostname)?.[1];
}

export interface RequestSigner {
  readonly region: string;
  /** The headers to send: the given ones plus host, x-amz-date, x-amz-security-token (if any), authorization. */
  sign(request: {
    method: string;
    url: URL;
    headers: Record<string, string>;
    body: string | undefined;
  }): Promise<Record<string, string>>;
}

/** RFC 3986 query encoding, the same the signer applies when it canonicalises the query. */
const escapeRfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A query string that API Gateway reads back exactly as it was signed: `URLSearchParams` writes spaces as `+`,
 * which SigV4 takes as a literal plus, so the signature would not match a value with a space.
 */
export function signableQuery(params: Array<[string, string]>): string {
  return params.map(([k, v]) => `${escapeRfc3986(k)}=${escapeRfc3986(v)}`).join('&');
}

/** A signer for `execute-api` in `region` with the given credentials (a profile's, or fixed ones in tests). */
export function requestSigner(options: {
  region: string;
  credentials: ConstructorParameters<typeof SignatureV4>[0]['credentials'];
}): RequestSigner {
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: 'execute-api',
    sha256: Sha256,
  });
  return {
    region: options.region,
    async sign({ method, url, headers, body }) {
      const query: Record<string, string | string[]> = {};
      for (const [k, v] of url.searchParams) {
        const seen = query[k];
        query[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
      }
      const signed = await signer.sign({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        // The path as it goes on the wire (each segment already percent-encoded); the signer encodes it again,
        // as every AWS service but S3 expects.
        path: url.pathname,
        query,
        // `host` as fetch will send it (with a non-default port); the signer signs it.
        headers: { ...headers, host: url.host },
        body,
      });
      return signed.headers as Record<string, string>;
    },
  };
}

/**
 * The signer of `kpi ... --api URL --aws-profile NAME [--aws-region R]`: credentials from the profile in the shared
 * AWS files (~/.aws/credentials, ~/.aws/config; SSO, roles and credential_process work as in the AWS CLI),
 * the region from `--aws-region`, else from the API's URL.
 */
export function profileSigner(options: {
  api: string;
  profile: string;
  region?: string | undefined;
}): RequestSigner {
  const region = options.region ?? regionOfApiUrl(options.api);
  if (!region) {
    throw new UsageError(
      `cannot tell the AWS region from ${options.api} (not an https://<id>.execute-api.<region>.amazonaws.com URL): pass --aws-region`,
    );
  }
  return requestSigner({ region, credentials: fromIni({ profile: options.profile }) });
}
