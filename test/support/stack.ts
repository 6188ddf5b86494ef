// Integration/e2e harness: DynamoDB Local (in memory, free port) with a fresh table, and the local HTTP gateway
// serving the real handler modules, all in this test file's process. Seeds people through the repositories and
// issues real signed links, so tests go through exactly what a browser or script would.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { type DynamoDbLocal, ensureLocalTable, startDynamoDbLocal } from '../../local/dynamo.ts';
import { type Gateway, startGateway } from '../../local/gateway.ts';
import { useLocalHandlerEnvironment } from '../../local/handlerEnvironment.ts';
import { type AlertRound, type LocalNotifierOptions, sendWaitingAlerts } from '../../local/notifier.ts';
import type { Engineer } from '../../shared/domain/engineer.ts';
import { organisationSettingsSchema } from '../../shared/domain/organisation.ts';
import type { Project } from '../../shared/domain/project.ts';
import type { Respondent } from '../../shared/domain/respondent.ts';
import type { Invitation } from '../../shared/domain/survey.ts';
import { dailyReportLink, surveyLink } from '../../shared/links/links.ts';
import { createStorage, type Storage } from '../../shared/storage/client.ts';
import { createEngineer } from '../../shared/storage/engineers.ts';
import { putOrganisationSettings } from '../../shared/storage/organisation.ts';
import { putProject } from '../../shared/storage/projects.ts';
import { putRespondent } from '../../shared/storage/respondents.ts';
import { createInvitation } from '../../shared/storage/survey.ts';
import { testEngineer } from './fixtures.ts';

export interface TestStack {
  readonly url: string;
  readonly storage: Storage;
  readonly adminToken: string;
  /** The name the admin token stands for: the actor of its changes in the record of changes. */
  readonly adminTokenName: string;
  readonly dynamoEndpoint: string;
  /** Adds an engineer (unique id unless given) and returns the stored record. */
  engineer(overrides?: Partial<Engineer>): Promise<Engineer>;
  respondent(overrides?: Partial<Respondent>): Promise<Respondent>;
  project(engineerId: string, overrides?: Partial<Project>): Promise<Project>;
  /** An invitation of respondent × engineer for `month`, open until `expiresAt` (default: in 30 days). */
  invitation(options: {
    respondentId: string;
    engineerId: string;
    month?: string;
    expiresAt?: string;
  }): Promise<Invitation>;
  /** An engineer with one respondent and an open invitation, and the invitation's form URL. */
  surveyCase(options?: { language?: 'zh-CN' | 'en' }): Promise<{
    engineer: Engineer;
    respondent: Respondent;
    invitation: Invitation;
    url: string;
    token: string;
  }>;
  surveyUrl(invitation: Pick<Invitation, 'id' | 'expiresAt'>): Promise<string>;
  dailyReportUrl(engineer: Engineer): Promise<string>;
  /** One look of the notifier (what `npm start` does every two seconds): sends the waiting low-score alerts. */
  sendWaitingAlerts(options?: Omit<LocalNotifierOptions, 'storage'>): Promise<AlertRound>;
}

export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export function currentMonth(now = new Date()): string {
  return now.toISOString().slice(0, 7);
}

/**
 * Registers beforeAll/afterAll that start and stop the stack for this test file. `adminAuth: 'iam'` runs the
 * admin API as on AWS (API Gateway has authorized the caller; the local gateway never does).
 */
export function useStack(options: { adminAuth?: 'iam' | 'token' } = {}): TestStack {
  let dynamo: DynamoDbLocal | undefined;
  let gateway: Gateway | undefined;
  let storage: Storage | undefined;
  const adminToken = randomBytes(24).toString('base64url');
  const adminTokenName = uniqueId('token-holder');

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    const tableName = `kpi-http-${randomUUID().slice(0, 8)}`;
    await ensureLocalTable(dynamo.endpoint, tableName);
    useLocalHandlerEnvironment({
      tableName,
      dynamoEndpoint: dynamo.endpoint,
      linkKey: { value: randomBytes(32).toString('base64url') },
      adminAuth: options.adminAuth ?? 'token',
      adminToken,
      adminTokenName,
    });
    gateway = await startGateway({ port: 0 });
    process.env.PUBLIC_BASE_URL = gateway.url;
    storage = createStorage({ tableName, endpoint: dynamo.endpoint });
    await putOrganisationSettings(
      storage,
      organisationSettingsSchema.parse({
        timezone: 'Asia/Shanghai',
        holidays: [],
        makeUpWorkdays: [],
        departmentManager: { name: 'Dept Manager', email: 'manager@example.com' },
        defaultLanguage: 'zh-CN',
      }),
    );
  });

  afterAll(async () => {
    await gateway?.stop();
    storage?.doc.destroy();
    await dynamo?.stop();
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is started in beforeAll; use it inside a test`);
    return value;
  };

  const stack: TestStack = {
    get url() {
      return need(gateway, 'the gateway').url;
    },
    get storage() {
      return need(storage, 'DynamoDB Local');
    },
    adminToken,
    adminTokenName,
    get dynamoEndpoint() {
      return need(dynamo, 'DynamoDB Local').endpoint;
    },
    async engineer(overrides = {}) {
      const engineer = testEngineer(overrides.id ?? uniqueId('e'), overrides);
      await createEngineer(stack.storage, engineer);
      return engineer;
    },
    async respondent(overrides = {}) {
      const now = new Date().toISOString();
      const id = overrides.id ?? uniqueId('r');
      const respondent: Respondent = {
        id,
        kind: 'customer-contact',
        name: `Respondent ${id}`,
        email: `${id}@example.com`,
        language: 'zh-CN',
        customer: 'Acme',
        createdAt: now,
        updatedAt: now,
        ...overrides,
      };
      await putRespondent(stack.storage, respondent);
      return respondent;
    },
    async project(engineerId, overrides = {}) {
      const now = new Date().toISOString();
      const id = overrides.id ?? uniqueId('p');
      const project: Project = {
        id,
        name: `Project ${id}`,
        customer: 'Acme',
        engineerId,
        start: '2020-01-01',
        end: null,
        createdAt: now,
        updatedAt: now,
        ...overrides,
      };
      await putProject(stack.storage, project);
      return project;
    },
    async invitation(options) {
      const { invitation } = await createInvitation(stack.storage, {
        month: options.month ?? currentMonth(),
        respondentId: options.respondentId,
        engineerId: options.engineerId,
        expiresAt: options.expiresAt ?? new Date(Date.now() + 30 * 86_400_000).toISOString(),
        now: new Date(),
      });
      return invitation;
    },
    async surveyUrl(invitation) {
      return (await surveyLink(invitation, stack.url)).url;
    },
    async dailyReportUrl(engineer) {
      return (await dailyReportLink(engineer, new Date(), stack.url)).url;
    },
    async surveyCase(options = {}) {
      const engineer = await stack.engineer();
      const respondent = await stack.respondent({ language: options.language ?? 'zh-CN' });
      const invitation = await stack.invitation({ respondentId: respondent.id, engineerId: engineer.id });
      const { url, token } = await surveyLink(invitation, stack.url);
      return { engineer, respondent, invitation, url, token };
    },
    sendWaitingAlerts(options = {}) {
      return sendWaitingAlerts({ ...options, storage: stack.storage });
    },
  };
  return stack;
}

/** A response's JSON body, for assertions (tests look into it freely). */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary fields of the JSON they receive
export async function readJson(res: Response): Promise<any> {
  return res.json();
}
