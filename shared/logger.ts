// The one structured logger of every function (powertools, JSON lines). Only shape and outcome are logged (an
// HTTP request's route, method, status, duration; a run's counts); never tokens, bodies, names or addresses.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'presales-kpi' });
