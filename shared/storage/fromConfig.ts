// The storage context of the functions that run in Lambda: one DynamoDB document client per process (per
// container), built from the configuration on first use.
import { config } from '../config.ts';
import { createStorage, type Storage } from './client.ts';

let current: Storage | undefined;

export function storage(): Storage {
  if (!current) {
    const c = config();
    current = createStorage({ tableName: c.tableName, endpoint: c.dynamoEndpoint, region: c.region });
  }
  return current;
}
