// The HTTP API: public form routes (survey /s/{token}, daily report /r/{token}) whose only credential is the
// signed link, and the admin routes behind IAM (SigV4-signed requests). Every route shares the stage's
// throttle; access logs record the route template, never the path, because the path carries the link token.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../nag.ts';

export interface HttpRouteDeclaration {
  readonly path: string;
  readonly methods: readonly ('GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY')[];
  /**
   * `public`: reachable by anyone holding a link; `iam`: SigV4-signed by a principal allowed execute-api:Invoke;
   * `session`: the console, whose handler checks its own OpenID Connect session on every route.
   */
  readonly auth: 'public' | 'iam' | 'session';
}

interface KpiHttpApiProps {
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly logRetention: RetentionDays;
}

// $context fields without personal data: no source IP, no user agent, no caller identity, no raw path.
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTimeEpoch',
  route: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  error: '$context.error.message',
  authorizerError: '$context.authorizer.error',
};

export class KpiHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** Attach to the IAM users or roles of the people who run the admin CLI: it allows the admin routes only. */
  readonly adminPolicy: iam.ManagedPolicy;
  private readonly iamAuthorizer = new HttpIamAuthorizer();

  constructor(scope: Construct, id: string, props: KpiHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description:
        'presales-kpi: survey and daily-report forms (public, signed links) and the admin API (IAM)',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const adminRoutesArn = this.api.arnForExecuteApi('*', '/admin/*', '$default');
    this.adminPolicy = new iam.ManagedPolicy(this, 'AdminPolicy', {
      description: 'presales-kpi: call the admin API (the kpi command line with --aws-profile)',
      statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [adminRoutesArn] })],
    });
    acknowledgeWildcardResource(
      this.adminPolicy,
      adminRoutesArn,
      'Every method and path under /admin of this one API and stage: the admin API is one set of routes and an administrator may call all of them.',
    );
  }

  /** The API's base URL, e.g. https://abc123.execute-api.ap-east-1.amazonaws.com */
  get url(): string {
    return this.api.apiEndpoint;
  }

  addRoutes(id: string, handler: IFunction, route: HttpRouteDeclaration): void {
    const routes = this.api.addRoutes({
      path: route.path,
      methods: route.methods.map((m) => HttpMethod[m]),
      integration: new HttpLambdaIntegration(`${id}Integration`, handler),
      authorizer: route.auth === 'iam' ? this.iamAuthorizer : undefined,
    });
    const reason = {
      public:
        'A public form route: the signed, expiring link token in the path is the credential, checked by the handler against the stored invitation or engineer (design.md "Links").',
      session:
        "A console route: sign-in is the browser's OpenID Connect flow with the Cognito user pool, and the handler checks its encrypted session cookie (and the CSRF token of every change) on every route; an API Gateway JWT authorizer cannot read a cookie.",
      iam: undefined,
    }[route.auth];
    if (reason) {
      for (const r of routes) Validations.of(r).acknowledge({ id: 'AwsSolutions-APIG4', reason });
    }
  }
}
