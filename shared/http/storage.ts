// The storage context of the HTTP functions: one DynamoDB document client per process (per Lambda container),
// built from the configuration on first use.
import { config } from '../config.ts';
import { createStorage, type Storage } from '../storage/client.ts';

let current: Storage | undefined;

export function storage(): Storage {
  if (!current) {
    const c = config();
    current = createStorage({ tableName: c.tableName, endpoint: c.dynamoEndpoint, region: c.region });
  }
  return current;
}
