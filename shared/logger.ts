// The one structured logger of the HTTP functions (powertools, JSON lines). Only request shape and outcome are
// logged: route, method, status, duration; never tokens, bodies, names or addresses.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'presales-kpi' });
