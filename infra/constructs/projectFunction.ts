// The project's Lambda function: nodejs24.x on ARM64, a minified ESM bundle from the local esbuild (the options
// of infra/bundling.ts), source maps, its own log group with retention, its own role, and grant helpers that
// give exactly the table / queue / SES / SSM rights the handler uses — nothing by default.
import { Arn, ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LAMBDA_BUNDLE, PROJECT_ROOT } from '../bundling.ts';

const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/** An HTTP handler's budget: API Gateway gives up after 30 s, a form should answer in well under one. */
export const DEFAULT_TIMEOUT = Duration.seconds(10);

interface ProjectFunctionProps {
  /** The handler module, relative to the project root (e.g. functions/survey-form/handler.ts). */
  readonly entry: string;
  /** The exported handler's name. */
  readonly handler?: string;
  readonly description: string;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  readonly logRetention: RetentionDays;
  /**
   * The link-signing key's SecureString: the function gets the Parameters and Secrets Lambda Extension (which
   * reads and caches it), GetParameter on that one parameter, and kms:Decrypt on its key when customer managed.
   */
  readonly linkKey?: { parameterName: string; kmsKeyArn: string | undefined };
  /** Files (relative to the project root) the handler reads at run time, copied beside its bundle. */
  readonly bundledFiles?: readonly string[];
}

/** The esbuild CLI form of LAMBDA_BUNDLE, as NodejsFunction passes it, and the files copied beside it. */
function bundling(files: readonly string[] = []) {
  const esbuildArgs: Record<string, string> = {};
  for (const [from, to] of Object.entries(LAMBDA_BUNDLE.alias)) esbuildArgs[`--alias:${from}`] = to;
  if (LAMBDA_BUNDLE.platform !== 'node') throw new Error('Lambda bundles are built for node');
  return {
    // No Docker: the esbuild in node_modules builds the bundle, offline and in CI.
    forceDockerBundling: false,
    target: LAMBDA_BUNDLE.target,
    format: LAMBDA_BUNDLE.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
    minify: LAMBDA_BUNDLE.minify,
    sourceMap: LAMBDA_BUNDLE.sourcemap,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    banner: LAMBDA_BUNDLE.banner,
    // Otherwise NodejsFunction marks @aws-sdk/* external; LAMBDA_BUNDLE bundles it (pinned, tree-shaken).
    bundleAwsSDK: true,
    externalModules: [...LAMBDA_BUNDLE.external],
    esbuildArgs,
    ...(files.length > 0 && {
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir: string, outputDir: string) =>
          files.map((file) => `cp "${inputDir}/${file}" "${outputDir}/"`),
      },
    }),
  };
}

export class ProjectFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    const holder = new Construct(scope, `${id}Support`);
    const logGroup = new LogGroup(holder, 'Logs', {
      retention: props.logRetention,
      // Logs hold no personal data and follow the function's life.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role with only an inline policy: the AWS managed basic-execution policy would allow writing to
    // every log group of the account.
    const role = new iam.Role(holder, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `presales-kpi ${id}`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      entry: `${PROJECT_ROOT}${props.entry}`,
      handler: props.handler ?? 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? DEFAULT_TIMEOUT,
      // Stack traces name the TypeScript files and lines; the cost is paid only when an error is formatted.
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      logGroup,
      role,
      bundling: bundling(props.bundledFiles),
      ...(props.linkKey && {
        paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103, {
          // The key changes only on a deliberate rotation (README: rotate between survey windows).
          parameterStoreTtl: Duration.minutes(5),
          logLevel: ParamsAndSecretsLogLevel.WARN,
        }),
      }),
    });
    if (props.linkKey) this.grantLinkKeyRead(props.linkKey);
  }

  /**
   * Read-only ('ro') or read-write ('rw') on the table and its named indexes. Never Scan: no request or
   * scoring path scans (design.md), so no role may.
   */
  bindTable(table: ITable, indexNames: readonly string[], access: 'ro' | 'rw'): void {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: access === 'ro' ? [...TABLE_READ_ACTIONS] : [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
        resources: [table.tableArn],
      }),
    );
    if (indexNames.length > 0) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: indexNames.map((name) => `${table.tableArn}/index/${name}`),
        }),
      );
    }
    this.addEnvironment('TABLE_NAME', table.tableName);
  }

  /**
   * UpdateItem on the table, only on the partitions that hold outbox claims (reports, summaries, invitations):
   * a function that confirms sends may change nothing else, and may read nothing.
   */
  bindOutboxConfirm(table: ITable, partitionPrefixes: readonly string[]): void {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitionPrefixes.map((p) => `${p}*`) },
        },
      }),
    );
    this.addEnvironment('TABLE_NAME', table.tableName);
  }

  /**
   * The alert notifier's rights: GetItem and Query on the table's items (settings, people, waiting alerts; no
   * index), and PutItem / UpdateItem / DeleteItem only on the partitions it writes (its outbox claims and the
   * waiting alerts it drops).
   */
  bindAlertNotifier(table: ITable, writePartitions: readonly string[]): void {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: [table.tableArn],
      }),
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...writePartitions] } },
      }),
    );
    this.addEnvironment('TABLE_NAME', table.tableName);
  }

  grantQueueSend(queue: IQueue, urlVariable: string): void {
    queue.grantSendMessages(this);
    this.addEnvironment(urlVariable, queue.queueUrl);
  }

  /**
   * SES v2 SendEmail from the sender identity through the configuration set, and from no other address. The v2
   * API authorizes raw messages (attachments) with ses:SendEmail too; ses:SendRawEmail is the v1 API's.
   */
  grantSendEmail(mail: {
    identityArn: string;
    configurationSetArn: string;
    senderAddress: string;
    sandboxRecipientArns: readonly string[];
  }): void {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [mail.identityArn, mail.configurationSetArn, ...mail.sandboxRecipientArns],
        conditions: { StringEquals: { 'ses:FromAddress': mail.senderAddress } },
      }),
    );
  }

  /** GetParameter on the one SecureString, and kms:Decrypt on its key when that key is customer managed. */
  private grantLinkKeyRead(linkKey: { parameterName: string; kmsKeyArn: string | undefined }): void {
    const stack = Stack.of(this);
    const parameterArn = Arn.format(
      {
        service: 'ssm',
        resource: 'parameter',
        resourceName: linkKey.parameterName.replace(/^\//, ''),
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      },
      stack,
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [parameterArn] }),
    );
    if (linkKey.kmsKeyArn) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [linkKey.kmsKeyArn],
          conditions: { StringEquals: { 'kms:ViaService': `ssm.${stack.region}.amazonaws.com` } },
        }),
      );
    }
    this.addEnvironment('LINK_KEY_PARAMETER', linkKey.parameterName);
  }
}
