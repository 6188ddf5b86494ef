// The security-relevant shape of the deployed stack, synthesized once from infra/app.ts with cdk.json's
// context: who may do what, which routes are public and throttled, when the jobs run, and that the data and
// the failed work are kept.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from '#shared/storage/keys.ts';
import { esbuildOptions, PROJECT_ROOT } from '../../infra/bundling.ts';
import { SCORING_MAX_RECEIVE_COUNT } from '../../infra/constructs/queues.ts';
import { readDeployContext, scoringWorkerConcurrency } from '../../infra/context.ts';
import { FUNCTIONS } from '../../infra/functions.ts';
import { ECHARTS_FILE } from '../../shared/console/assets.ts';
import {
  arnOf,
  type CfnJson,
  functionLogicalId,
  logicalIdOf,
  removeAssembly,
  roleStatements,
  type Statement,
  type Synthesized,
  synthesize,
} from './support.ts';

let s: Synthesized;
let benchBundles: Map<string, Buffer>;
let benchBundlesAfter: Map<string, Buffer>;

/** Every wired function bundled as bench:coldstart bundles it. */
async function benchBuild(): Promise<Map<string, Buffer>> {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bench-bundle-'));
  const bundles = new Map<string, Buffer>();
  try {
    for (const declaration of FUNCTIONS) {
      const outfile = join(dir, declaration.id, 'index.mjs');
      await build(esbuildOptions(join(PROJECT_ROOT, declaration.entry), outfile));
      bundles.set(declaration.id, readFileSync(outfile));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return bundles;
}
let nagViolations: { ruleName: string; paths: (string | undefined)[] }[];

beforeAll(async () => {
  // Bundled just before and just after the synth: the synth's bundle must equal one of them (two builds, in
  // case someone edits a source file meanwhile on a shared working tree).
  benchBundles = await benchBuild();
  s = synthesize();
  benchBundlesAfter = await benchBuild();
  nagViolations = new AwsSolutionsChecks().validateScope(s.app).violations.map((v) => ({
    ruleName: v.ruleName,
    paths: v.violatingResources.map((r) => r.constructPath),
  }));
  // Bundling every function with esbuild takes a few seconds each on this machine.
}, 300_000);

afterAll(() => removeAssembly(s));

const wired = new Set(FUNCTIONS.map((f) => f.id));

/** What each function may do — pinned here, independently of infra/functions.ts, so a widening is seen. */
const EXPECTED: Record<
  string,
  {
    table: 'ro' | 'rw' | 'confirm' | 'notify';
    linkKey: boolean;
    email: boolean;
    sendsToScoring: boolean;
    consumesScoring: boolean;
  }
> = {
  // The survey form stores a low answer's alert as waiting; the LowScoreAlerts notifier sends it.
  SurveyForm: { table: 'rw', linkKey: true, email: false, sendsToScoring: false, consumesScoring: false },
  DailyReport: { table: 'rw', linkKey: true, email: false, sendsToScoring: false, consumesScoring: false },
  MyMonth: { table: 'ro', linkKey: true, email: false, sendsToScoring: false, consumesScoring: false },
  // The console's changes are the admin use cases'; its session keys are derived from the link key.
  // It resends one survey invitation by email (through the outbox); its month actions dispatch runs.
  Console: { table: 'rw', linkKey: true, email: true, sendsToScoring: true, consumesScoring: false },
  // Finalise and "run a month" dispatch their run to the scoring queue.
  AdminApi: { table: 'rw', linkKey: false, email: false, sendsToScoring: true, consumesScoring: false },
  Invitations: { table: 'rw', linkKey: true, email: true, sendsToScoring: false, consumesScoring: false },
  Reminder: { table: 'rw', linkKey: true, email: true, sendsToScoring: false, consumesScoring: false },
  // The finalise job emails the department manager the open appeals that hold a month.
  MonthlyDispatch: {
    table: 'rw',
    linkKey: false,
    email: true,
    sendsToScoring: true,
    consumesScoring: false,
  },
  ScoringWorker: { table: 'rw', linkKey: true, email: true, sendsToScoring: false, consumesScoring: true },
  SendEvents: {
    table: 'confirm',
    linkKey: false,
    email: false,
    sendsToScoring: false,
    consumesScoring: false,
  },
  LowScoreAlerts: {
    table: 'notify',
    linkKey: false,
    email: true,
    sendsToScoring: false,
    consumesScoring: false,
  },
};

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

const actionsOn = (statements: Statement[], resource: string) =>
  statements.filter((st) => st.resources.includes(resource)).flatMap((st) => st.actions);

describe('cdk-nag AwsSolutions', () => {
  it('reports no finding that is not acknowledged', () => {
    expect(nagViolations).toEqual([]);
  });

  it('gives every acknowledgement a reason someone can check', () => {
    const acknowledgements: { path: string; id: string; reason: string }[] = [];
    for (const construct of s.app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledgements.push({ path: construct.node.path, id, reason });
        }
      }
    }
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const a of acknowledgements) expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(40);
  });
});

describe('every function', () => {
  it('is one of the eleven declared with their expected rights, and all eleven are wired', () => {
    expect([...wired].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('runs nodejs24.x on ARM64 from an ESM bundle, with source maps and a log group that expires', () => {
    for (const id of wired) {
      const fn = s.template.toJSON().Resources[functionLogicalId(s, id)];
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
      });
      const logGroupId: string = fn.Properties.LoggingConfig.LogGroup.Ref;
      s.template.hasResource('AWS::Logs::LogGroup', {
        Properties: { RetentionInDays: Number(s.app.node.tryGetContext('logRetentionDays')) },
      });
      expect(s.template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('points at a module that exports its handler function under the declared name', async () => {
    for (const declaration of FUNCTIONS) {
      const module = (await import(join(PROJECT_ROOT, declaration.entry))) as Record<string, unknown>;
      expect(typeof module[declaration.handler ?? 'handler'], declaration.entry).toBe('function');
    }
  });

  it('is bundled exactly as bench:coldstart bundles it (one set of esbuild options)', () => {
    for (const declaration of FUNCTIONS) {
      const fn = s.template.toJSON().Resources[functionLogicalId(s, declaration.id)] as CfnJson;
      const deployed = readFileSync(join(s.outdir, fn.Metadata['aws:asset:path'], 'index.mjs'));
      const same =
        benchBundles.get(declaration.id)!.equals(deployed) ||
        benchBundlesAfter.get(declaration.id)!.equals(deployed);
      expect(same, declaration.id).toBe(true);
    }
  });

  it('carries the SES client only when it sends email', () => {
    for (const declaration of FUNCTIONS) {
      // The SES v2 client's service id, which minifying keeps.
      const carries = benchBundles.get(declaration.id)!.includes('SimpleEmailService_v2');
      expect(carries, declaration.id).toBe(EXPECTED[declaration.id]!.email);
    }
  });

  it('may never Scan, use a wildcard action, or act on every resource', () => {
    for (const id of wired) {
      for (const st of roleStatements(s, id)) {
        expect(st.actions).not.toContain('dynamodb:Scan');
        for (const action of st.actions) expect(action, id).not.toMatch(/\*/);
        for (const resource of st.resources) expect(resource, id).not.toBe('"*"');
      }
    }
  });

  it('has an alarm on its errors', () => {
    for (const id of wired) {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Errors',
        Namespace: 'AWS/Lambda',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionLogicalId(s, id) } }],
        Threshold: 0,
        AlarmActions: Match.anyValue(),
      });
    }
  });
});

describe.each(Object.entries(EXPECTED))('%s', (id, expected) => {
  const statements = () => roleStatements(s, id);
  const tableArn = () => arnOf(logicalIdOf(s, s.stack.table));

  const tableAccess = {
    ro: 'reads',
    rw: 'reads and writes',
    confirm: 'only confirms outbox claims in',
    notify: 'reads items of, and writes only alert claims and waiting alerts in,',
  }[expected.table];
  it(`${tableAccess} the table`, () => {
    const onTable = actionsOn(statements(), tableArn());
    if (expected.table === 'notify') {
      const onTableStatements = statements().filter((st) => st.resources.includes(tableArn()));
      expect(onTableStatements).toEqual([
        { actions: ['dynamodb:GetItem', 'dynamodb:Query'], resources: [tableArn()] },
        {
          actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          resources: [tableArn()],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['INV#*', 'APPEAL#*', 'ALERTS#PENDING'] },
          },
        },
      ]);
      expect(statements().filter((st) => st.resources.some((r) => r.includes('/index/')))).toEqual([]);
      return;
    }
    if (expected.table === 'confirm') {
      // UpdateItem alone, on the partitions that hold claims: it can read nothing and create or delete nothing.
      const onTableStatements = statements().filter((st) => st.resources.includes(tableArn()));
      expect(onTableStatements).toEqual([
        {
          actions: ['dynamodb:UpdateItem'],
          resources: [tableArn()],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ENG#*', 'RUN#*', 'INV#*', 'APPEAL#*'] },
          },
        },
      ]);
      expect(statements().filter((st) => st.resources.some((r) => r.includes('/index/')))).toEqual([]);
      return;
    }
    expect(new Set(onTable)).toEqual(new Set(expected.table === 'ro' ? READ : [...READ, ...WRITE]));
    const indexStatements = statements().filter((st) => st.resources.some((r) => r.includes('/index/')));
    const indexNames = createTableInput('t').GlobalSecondaryIndexes!.map((g) => g.IndexName);
    expect(indexStatements.flatMap((st) => st.actions)).toEqual(['dynamodb:Query']);
    for (const name of indexNames) {
      expect(indexStatements[0]!.resources.some((r) => r.endsWith(`/index/${name}"]]}`))).toBe(true);
    }
  });

  it(
    expected.linkKey ? 'reads the link key parameter, and nothing else in SSM' : 'cannot read the link key',
    () => {
      const ssm = statements().filter((st) => st.actions.some((a) => a.startsWith('ssm:')));
      if (!expected.linkKey) {
        expect(ssm).toEqual([]);
        return;
      }
      expect(ssm).toHaveLength(1);
      expect(ssm[0]!.actions).toEqual(['ssm:GetParameter']);
      expect(ssm[0]!.resources).toHaveLength(1);
      expect(ssm[0]!.resources[0]).toContain(
        `:parameter${s.app.node.tryGetContext('linkKeyParameterName')}"`,
      );
      const fn = s.template.toJSON().Resources[functionLogicalId(s, id)];
      expect(fn.Properties.Environment.Variables.LINK_KEY_PARAMETER).toBe(
        s.app.node.tryGetContext('linkKeyParameterName'),
      );
      // Read through the Parameters and Secrets Lambda Extension (ARM64 build), which caches it.
      const [layer] = fn.Properties.Layers as Array<{ 'Fn::FindInMap': [string, unknown, string] }>;
      const [mapName, , column] = layer!['Fn::FindInMap'];
      const arns = Object.values(
        s.template.toJSON().Mappings[mapName] as Record<string, Record<string, string>>,
      );
      expect(arns.map((byRegion) => byRegion[column])).toContainEqual(
        expect.stringContaining(':layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:'),
      );
      expect(fn.Properties.Environment.Variables.PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED).toBe('true');
    },
  );

  it(
    expected.email
      ? 'sends email only as the sender, through the identity and configuration set'
      : 'cannot send email',
    () => {
      const ses = statements().filter((st) => st.actions.some((a) => a.startsWith('ses:')));
      if (!expected.email) {
        expect(ses).toEqual([]);
        return;
      }
      expect(ses).toHaveLength(1);
      expect(ses[0]!.actions).toEqual(['ses:SendEmail']);
      expect(ses[0]!.resources).toHaveLength(2);
      expect(ses[0]!.resources.join()).toContain(':identity/');
      expect(ses[0]!.resources.join()).toContain(
        `:configuration-set/${s.app.node.tryGetContext('sesConfigurationSet')}`,
      );
      expect(ses[0]!.conditions).toEqual({
        StringEquals: { 'ses:FromAddress': s.app.node.tryGetContext('senderAddress') },
      });
    },
  );

  it('touches only the queues it uses', () => {
    const sqs = statements().filter((st) => st.actions.some((a) => a.startsWith('sqs:')));
    const scoringArn = arnOf(logicalIdOf(s, s.stack.queues.scoring));
    const sends = sqs.filter((st) => st.actions.includes('sqs:SendMessage'));
    const receives = sqs.filter((st) => st.actions.includes('sqs:ReceiveMessage'));
    expect(sends.map((st) => st.resources)).toEqual(expected.sendsToScoring ? [[scoringArn]] : []);
    expect(receives.map((st) => st.resources)).toEqual(expected.consumesScoring ? [[scoringArn]] : []);
  });
});

describe("SES's sending events", () => {
  it('are published by the configuration set (Send and Delivery) to the default EventBridge bus', () => {
    const destinations = Object.values(
      s.template.findResources('AWS::SES::ConfigurationSetEventDestination'),
    ) as CfnJson[];
    expect(destinations).toHaveLength(1);
    const destination = destinations[0]!.Properties.EventDestination;
    expect(destination.Enabled).toBe(true);
    expect(destination.MatchingEventTypes).toEqual(['send', 'delivery']);
    expect(JSON.stringify(destination.EventBridgeDestination.EventBusArn)).toContain(':event-bus/default');
  });

  it('reach the SendEvents function only for emails tagged with a claim, with retries and a dead-letter queue', () => {
    const rules = Object.values(s.template.findResources('AWS::Events::Rule')) as CfnJson[];
    const rule = rules.find((r) =>
      (r.Properties.Targets as CfnJson[]).some(
        (t) => JSON.stringify(t.Arn) === arnOf(functionLogicalId(s, 'SendEvents')),
      ),
    );
    expect(rule).toBeDefined();
    expect(rule!.Properties.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': ['Email Sent', 'Email Delivered'],
      detail: {
        mail: {
          tags: {
            'kpi-claim': [{ exists: true }],
            'ses:configuration-set': [s.app.node.tryGetContext('sesConfigurationSet')],
          },
        },
      },
    });
    const target = (rule!.Properties.Targets as CfnJson[])[0]!;
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 });
    expect(target.DeadLetterConfig.Arn).toBeDefined();
  });
});

describe('low-score alerts', () => {
  const notifierArn = () => ({ 'Fn::GetAtt': [functionLogicalId(s, 'LowScoreAlerts'), 'Arn'] });
  const streamArn = () => ({ 'Fn::GetAtt': [logicalIdOf(s, s.stack.table), 'StreamArn'] });
  const pipe = () => {
    const pipes = Object.values(s.template.findResources('AWS::Pipes::Pipe')) as CfnJson[];
    expect(pipes).toHaveLength(1);
    return pipes[0]!.Properties;
  };

  it('come from the table stream (keys only) to the notifier, only the inserts of waiting alerts, one at a time', () => {
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
    });
    const p = pipe();
    expect(p.Source).toEqual(streamArn());
    expect(p.Target).toEqual(notifierArn());
    expect(p.TargetParameters).toEqual({ LambdaFunctionParameters: { InvocationType: 'REQUEST_RESPONSE' } });
    expect(
      p.SourceParameters.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern)),
    ).toEqual([{ eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: ['ALERTS#PENDING'] } } } }]);
    expect(p.SourceParameters.DynamoDBStreamParameters).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1,
    });
  });

  it('are retried through an outage for as long as the stream keeps them, then parked with an alarm', () => {
    const alertDeadLetters = JSON.parse(arnOf(logicalIdOf(s, s.stack.queues.alertDeadLetters)));
    expect(pipe().SourceParameters.DynamoDBStreamParameters).toMatchObject({
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: 86_400,
      DeadLetterConfig: { Arn: alertDeadLetters },
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalIdOf(s, s.stack.queues.alertDeadLetters), 'QueueName'] },
        },
      ],
      Threshold: 0,
    });
  });

  it('name the notifier in an output, for sending what is still waiting by hand', () => {
    expect(s.template.toJSON().Outputs.LowScoreAlertsFunctionName.Value).toEqual({
      Ref: functionLogicalId(s, 'LowScoreAlerts'),
    });
  });

  it("move through a pipe role that reads only the table's stream, invokes only the notifier and parks only in its queue", () => {
    const roleId = logicalIdOf(s, s.stack.alertPipes[0]!.role);
    expect(pipe().RoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    const role = s.template.toJSON().Resources[roleId].Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'pipes.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    ]);
    const policies = Object.values(s.template.findResources('AWS::IAM::Policy')) as CfnJson[];
    const statements = policies
      .filter((p) => (p.Properties.Roles as CfnJson[]).some((r) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as CfnJson[])
      .map((st) => ({ actions: [st.Action].flat(), resources: [st.Resource].flat() }));
    expect(statements).toEqual([
      {
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [streamArn()],
      },
      // The one right that exists only on every resource.
      { actions: ['dynamodb:ListStreams'], resources: ['*'] },
      { actions: ['lambda:InvokeFunction'], resources: [notifierArn()] },
      {
        actions: expect.arrayContaining(['sqs:SendMessage']),
        resources: [JSON.parse(arnOf(logicalIdOf(s, s.stack.queues.alertDeadLetters)))],
      },
    ]);
  });
});

describe('HTTP API', () => {
  const routes = () => Object.values(s.template.findResources('AWS::ApiGatewayV2::Route')) as CfnJson[];
  const route = (key: string) => routes().find((r) => r.Properties.RouteKey === key);

  it('authorizes every admin route with IAM (SigV4)', () => {
    const admin = routes().filter((r) => r.Properties.RouteKey.includes('/admin'));
    expect(admin.length).toBeGreaterThan(0);
    for (const r of admin) expect(r.Properties.AuthorizationType).toBe('AWS_IAM');
  });

  it('tells the admin handler that API Gateway has authorized the caller', () => {
    const env = (id: string) =>
      (s.template.toJSON().Resources[functionLogicalId(s, id)] as CfnJson).Properties.Environment.Variables;
    expect(env('AdminApi').ADMIN_AUTH).toBe('iam');
    for (const id of wired) if (id !== 'AdminApi') expect(env(id).ADMIN_AUTH, id).toBeUndefined();
  });

  it('offers administrators a policy that invokes the admin routes and nothing else', () => {
    const policy = s.template.toJSON().Resources[logicalIdOf(s, s.stack.httpApi.adminPolicy)] as CfnJson;
    const statements = policy.Properties.PolicyDocument.Statement as CfnJson[];
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toBe('execute-api:Invoke');
    const resource = JSON.stringify(statements[0].Resource);
    expect(resource).toContain(JSON.stringify({ Ref: logicalIdOf(s, s.stack.httpApi.api) }));
    expect(resource).toMatch(/\/\$default\/\*\/admin\/\*"\]\]\}$/);
  });

  it('leaves only the form routes and the console (which checks its own session) public', () => {
    const publicKeys = routes()
      .filter((r) => (r.Properties.AuthorizationType ?? 'NONE') === 'NONE')
      .map((r) => r.Properties.RouteKey)
      .sort();
    const expected = [
      'GET /r/{token}',
      'POST /r/{token}',
      'GET /r/{token}/month',
      'GET /s/{token}',
      'POST /s/{token}',
      'GET /a/{token}',
      'POST /a/{token}',
      'GET /console',
      'GET /console/{proxy+}',
      'POST /console/{proxy+}',
    ].sort();
    expect(publicKeys).toEqual(expected);
    for (const key of expected) expect(route(key)).toBeDefined();
  });

  it('throttles every route (the public forms included) at the stage', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: {
        ThrottlingRateLimit: Number(s.app.node.tryGetContext('apiRateLimit')),
        ThrottlingBurstLimit: Number(s.app.node.tryGetContext('apiBurstLimit')),
      },
    });
  });

  it('writes access logs that never hold the link token, an IP address or a caller identity', () => {
    const stage = Object.values(s.template.findResources('AWS::ApiGatewayV2::Stage'))[0] as CfnJson;
    const format: string = stage.Properties.AccessLogSettings.Format;
    expect(stage.Properties.AccessLogSettings.DestinationArn).toBeDefined();
    expect(JSON.parse(format)).toMatchObject({ route: '$context.routeKey', status: '$context.status' });
    for (const leak of ['$context.path', 'sourceIp', 'userAgent', 'identity.user', 'identity.caller']) {
      expect(format).not.toContain(leak);
    }
  });
});

describe('console sign-in (Cognito)', () => {
  const callbackUrl = () => ({
    'Fn::Join': [
      '',
      [{ 'Fn::GetAtt': [logicalIdOf(s, s.stack.httpApi.api), 'ApiEndpoint'] }, '/console/callback'],
    ],
  });

  it('requires MFA of every user (TOTP, no SMS), so every admin signs in with a second factor', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
    });
  });

  it('has the groups the console reads its roles from', () => {
    const groups = Object.values(s.template.findResources('AWS::Cognito::UserPoolGroup')) as CfnJson[];
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual(['kpi-admin', 'kpi-viewer']);
  });

  it("has one public app client: code flow only, the console's callback as its only redirect", () => {
    const clients = Object.values(s.template.findResources('AWS::Cognito::UserPoolClient')) as CfnJson[];
    expect(clients).toHaveLength(1);
    const client = clients[0].Properties;
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.CallbackURLs).toEqual([callbackUrl()]);
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client.AllowedOAuthScopes.sort()).toEqual(['email', 'openid', 'profile']);
  });

  it('puts the callback on the custom domain when publicBaseUrl names one', () => {
    const custom = synthesize({ publicBaseUrl: 'https://kpi.example.com', consoleDomainPrefix: 'acme-kpi' });
    try {
      custom.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        CallbackURLs: ['https://kpi.example.com/console/callback'],
        LogoutURLs: ['https://kpi.example.com/console/signedout'],
      });
      custom.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: 'acme-kpi',
        ManagedLoginVersion: 2,
      });
    } finally {
      removeAssembly(custom);
    }
  });

  it('serves managed login (version 2) on a Cognito domain, with a branding style for the client', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    s.template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
  });

  it('ships ECharts beside the console bundle, where the handler serves it from our own origin', () => {
    const fn = s.template.toJSON().Resources[functionLogicalId(s, 'Console')] as CfnJson;
    const shipped = readFileSync(join(s.outdir, fn.Metadata['aws:asset:path'], ECHARTS_FILE), 'utf8');
    expect(shipped).toBe(readFileSync(join(PROJECT_ROOT, 'node_modules/echarts/dist', ECHARTS_FILE), 'utf8'));
  });

  it('tells the console function its issuer and client, and nobody else', () => {
    const env = (id: string) =>
      (s.template.toJSON().Resources[functionLogicalId(s, id)] as CfnJson).Properties.Environment.Variables;
    expect(JSON.stringify(env('Console').CONSOLE_ISSUER)).toContain('cognito-idp.');
    expect(env('Console').CONSOLE_CLIENT_ID).toEqual({ Ref: logicalIdOf(s, s.stack.consoleAuth.client) });
    for (const id of wired) if (id !== 'Console') expect(env(id).CONSOLE_ISSUER, id).toBeUndefined();
  });
});

describe('alarms', () => {
  it('reach their SNS topic: CloudWatch may publish to it, over TLS only', () => {
    const topic = logicalIdOf(s, s.stack.alarms.topic);
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')) as CfnJson[];
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
  });
});

describe('schedules', () => {
  const ctx = () => readDeployContext(s.app.node);
  const schedules = () => Object.values(s.template.findResources('AWS::Scheduler::Schedule')) as CfnJson[];
  const jobs = [
    { id: 'Invitations', job: 'invitations', cron: 'cron(0 9 25 * ? *)' },
    { id: 'Reminder', job: 'reminder', cron: 'cron(0 9 28 * ? *)' },
    { id: 'MonthlyDispatch', job: 'monthlyScoring', cron: 'cron(0 9 3 * ? *)' },
  ];

  it.each(jobs)(
    'runs $job at its local time in the organisation time zone, retried, then parked',
    ({ id, job, cron }) => {
      expect(wired.has(id)).toBe(true);
      const schedule = schedules().find((sc) => JSON.parse(sc.Properties.Target.Input).job === job);
      expect(schedule.Properties).toMatchObject({
        ScheduleExpression: cron,
        ScheduleExpressionTimezone: ctx().timeZone,
        State: 'ENABLED',
        Target: {
          Arn: JSON.parse(arnOf(functionLogicalId(s, id))),
          RetryPolicy: { MaximumRetryAttempts: expect.any(Number) },
          DeadLetterConfig: { Arn: JSON.parse(arnOf(logicalIdOf(s, s.stack.queues.scheduleDeadLetters))) },
        },
      });
      expect(schedule.Properties.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      expect(JSON.parse(schedule.Properties.Target.Input)).toEqual({
        job,
        scheduledTime: '<aws.scheduler.scheduled-time>',
      });
    },
  );

  it('runs the finalise job on the dispatcher daily from the 10th, 09:00, to the month end, for the previous month', () => {
    const schedule = schedules().find((sc) => JSON.parse(sc.Properties.Target.Input).action === 'finalize');
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 9 10-31 * ? *)',
      ScheduleExpressionTimezone: ctx().timeZone,
      State: 'ENABLED',
      Target: {
        Arn: JSON.parse(arnOf(functionLogicalId(s, 'MonthlyDispatch'))),
        DeadLetterConfig: { Arn: JSON.parse(arnOf(logicalIdOf(s, s.stack.queues.scheduleDeadLetters))) },
      },
    });
    expect(schedule.Properties.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(JSON.parse(schedule.Properties.Target.Input)).toEqual({
      action: 'finalize',
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
  });

  it('uses Asia/Shanghai unless the context says otherwise', () => {
    expect(ctx().timeZone).toBe('Asia/Shanghai');
  });
});

describe('table', () => {
  it('is on-demand, encrypted, recoverable to a point in time, and kept when the stack is deleted', () => {
    s.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      },
    });
  });

  it('has exactly the keys and indexes of shared/storage/keys.ts', () => {
    const definition = createTableInput('t');
    const table = Object.values(s.template.findResources('AWS::DynamoDB::Table'))[0] as CfnJson;
    expect(table.Properties.KeySchema).toEqual(definition.KeySchema);
    expect(new Set(table.Properties.AttributeDefinitions)).toEqual(new Set(definition.AttributeDefinitions));
    expect(
      table.Properties.GlobalSecondaryIndexes.map((g: CfnJson) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema,
        Projection: g.Projection,
      })),
    ).toEqual(
      definition.GlobalSecondaryIndexes!.map((g) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema,
        Projection: g.Projection,
      })),
    );
  });
});

describe('scoring queue', () => {
  it('parks a message in its dead-letter queue after repeated failures', () => {
    s.template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: JSON.parse(arnOf(logicalIdOf(s, s.stack.queues.scoringDeadLetters))),
        maxReceiveCount: SCORING_MAX_RECEIVE_COUNT,
      },
    });
  });

  it('alarms as soon as a dead-letter queue holds a message', () => {
    for (const dlq of [s.stack.queues.scoringDeadLetters, s.stack.queues.scheduleDeadLetters]) {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: JSON.parse(JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(s, dlq), 'QueueName'] })),
          },
        ],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
  });

  it('feeds the worker with partial batch responses and a concurrency cap from the SES rate', () => {
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: JSON.parse(arnOf(logicalIdOf(s, s.stack.queues.scoring))),
      FunctionName: { Ref: functionLogicalId(s, 'ScoringWorker') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: scoringWorkerConcurrency(readDeployContext(s.app.node)) },
    });
  });
});
