// Acknowledging cdk-nag findings whose id embeds a resource reference (AwsSolutions-IAM5 on a wildcard
// resource): the id is built from the reference exactly as cdk-nag flattens it, so it follows logical ids and
// the stack's environment instead of being a pasted string that silently stops matching.
import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const flat = flattenCfnReference(Stack.of(scope).resolve(resource));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${flat}]`, reason });
}
