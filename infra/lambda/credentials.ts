// Stands in for @aws-sdk/credential-provider-node inside Lambda bundles only (see infra/bundling.ts): the
// runtime sets AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN for the function's role.
import { fromEnv } from '@aws-sdk/credential-provider-env';

type FromEnvInit = Parameters<typeof fromEnv>[0];

export const defaultProvider = (init: FromEnvInit = {}) => fromEnv(init);

// The SDK asks these of cached credentials; environment credentials live as long as the execution environment.
export const credentialsWillNeedRefresh = () => false;
export const credentialsTreatedAsExpired = () => false;
