// The admin API as deployed on AWS (ADMIN_AUTH=iam): API Gateway has verified the SigV4 signature and puts the
// caller's IAM identity on the event; the handler refuses an event without one, whatever bearer token it carries.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/admin-api/handler.ts';
import { listAuditOfEngineerMonth } from '../../../shared/storage/audit.ts';
import { useStack } from '../../support/stack.ts';

const stack = useStack({ adminAuth: 'iam' });

function iamEvent(
  path: string,
  userArn: string | undefined,
  write?: { method: 'PUT'; body: unknown },
): APIGatewayProxyEventV2WithIAMAuthorizer {
  const now = new Date();
  return {
    ...(write
      ? {
          body: JSON.stringify(write.body),
          headers: { host: 'abc.execute-api.example.com', 'content-type': 'application/json' },
        }
      : { headers: { host: 'abc.execute-api.example.com' } }),
    version: '2.0',
    routeKey: 'ANY /admin/{proxy+}',
    rawPath: path,
    rawQueryString: '',
    pathParameters: { proxy: path.replace('/admin/', '') },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc',
      domainName: 'abc.execute-api.example.com',
      domainPrefix: 'abc',
      http: {
        method: write?.method ?? 'GET',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.1',
        userAgent: 'kpi',
      },
      requestId: randomUUID(),
      routeKey: 'ANY /admin/{proxy+}',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: userArn
        ? {
            iam: {
              accessKey: 'AKIA',
              accountId: '123456789012',
              callerId: 'AIDA',
              cognitoIdentity: null,
              principalOrgId: 'o-example',
              userArn,
              userId: 'AIDA',
            },
          }
        : (undefined as never),
    },
  };
}

const context = {
  awsRequestId: randomUUID(),
  functionName: 'admin-api',
  getRemainingTimeInMillis: () => 30_000,
} as Context;

describe('admin API with IAM authorization', () => {
  it('serves a request API Gateway authorized, and records the IAM principal as the actor', async () => {
    const engineer = await stack.engineer();
    const read = await handler(
      iamEvent(`/admin/engineers/${engineer.id}`, 'arn:aws:iam::123456789012:user/hr'),
      context,
    );
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body!).id).toBe(engineer.id);

    const principal = 'arn:aws:iam::123456789012:user/hr';
    const exam = { engineerId: engineer.id, month: '2026-10', score: 91 };
    const written = await handler(
      iamEvent('/admin/exam-scores', principal, { method: 'PUT', body: exam }),
      context,
    );
    expect(written.statusCode).toBe(200);
    expect(await listAuditOfEngineerMonth(stack.storage, engineer.id, '2026-10')).toEqual([
      expect.objectContaining({
        actor: principal,
        action: 'created',
        after: expect.objectContaining({ score: 91 }),
      }),
    ]);
  });

  it('refuses an event without an IAM identity, even with the local admin token', async () => {
    const direct = await handler(iamEvent('/admin/engineers', undefined), context);
    expect(direct.statusCode).toBe(401);
    const viaGateway = await fetch(`${stack.url}/admin/engineers`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    expect(viaGateway.status).toBe(401);
  });
});
