// What Lambda's environment gives the handlers on AWS, set in this process instead: the local stack
// (npm start), the test stack and the benchmarks run the same handler modules in-process through the gateway.
// The handlers read their configuration on first use, so this must run before the first request.

interface LocalHandlerEnvironment {
  tableName: string;
  dynamoEndpoint: string;
  /** The SES v2 stand-in, where the pipeline and the alert notifier send (the forms send nothing). */
  sesEndpoint?: string;
  /** The link-signing key: a file (npm start) or the key itself (tests, benchmarks). */
  linkKey: { file: string } | { value: string };
  adminToken: string;
  /** Who the token stands for in the record of changes (default local-admin). */
  adminTokenName?: string;
  adminAuth?: 'iam' | 'token';
  region?: string;
  /** The level when POWERTOOLS_LOG_LEVEL is not set already. */
  logLevel?: string;
}

export function useLocalHandlerEnvironment(env: LocalHandlerEnvironment): void {
  Object.assign(process.env, {
    TABLE_NAME: env.tableName,
    DYNAMODB_ENDPOINT: env.dynamoEndpoint,
    ...(env.sesEndpoint ? { SES_ENDPOINT: env.sesEndpoint } : {}),
    ...('file' in env.linkKey ? { LINK_KEY_FILE: env.linkKey.file } : { LINK_KEY: env.linkKey.value }),
    ADMIN_AUTH: env.adminAuth ?? 'token',
    ADMIN_TOKEN: env.adminToken,
    ADMIN_TOKEN_NAME: env.adminTokenName ?? 'local-admin',
    AWS_REGION: env.region ?? 'us-east-1',
    // DynamoDB Local and the SES stand-in take any credentials; real ones in the environment are kept.
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? env.logLevel ?? 'WARN',
  });
}
