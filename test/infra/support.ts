// Synthesizes the real app (infra/app.ts with cdk.json's context) once per test file, and reads IAM statements
// out of the template in a form tests can compare.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app.ts';
import { PROJECT_ROOT } from '../../infra/bundling.ts';
import type { KpiStack } from '../../infra/stack.ts';

export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8'),
).context;

export interface Synthesized {
  app: App;
  stack: KpiStack;
  template: Template;
  outdir: string;
}

/** The app as `npx cdk synth` builds it, with context overrides as `-c key=value` would give. */
export function synthesize(overrides: Record<string, unknown> = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'kpi-cdk-'));
  // Asset metadata (as the CDK CLI asks for it) names each function's bundle directory in the template.
  const context = { ...CDK_JSON_CONTEXT, 'aws:cdk:enable-asset-metadata': true, ...overrides };
  const { app, stack } = buildApp(new App({ outdir, context }));
  app.synth();
  return { app, stack, template: Template.fromStack(stack), outdir };
}

/** Removes a synthesized assembly (it holds a copy of every bundle). */
export function removeAssembly(s: Synthesized | undefined): void {
  if (s) rmSync(s.outdir, { recursive: true, force: true });
}

export interface Statement {
  actions: string[];
  /** Each resource as JSON text, so tokens ({"Fn::GetAtt": [...]}) compare as strings. */
  resources: string[];
  conditions: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: a synthesized template is untyped CloudFormation JSON; the tests check its shape.
export type CfnJson = any;
type Json = Record<string, CfnJson>;

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The logical id of the function created for declaration `id` (the construct path is `<stack>/<id>/Resource`). */
export function functionLogicalId(s: Synthesized, id: string): string {
  const fn = s.stack.functions.get(id);
  if (!fn) throw new Error(`function ${id} is not in the stack`);
  return s.stack.getLogicalId(fn.node.defaultChild as never);
}

/** Every statement of every policy attached to the function's role. */
export function roleStatements(s: Synthesized, id: string): Statement[] {
  const fnResource = s.template.toJSON().Resources[functionLogicalId(s, id)] as Json;
  const roleId: string = fnResource.Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(s.template.findResources('AWS::IAM::Policy')) as Json[];
  return policies
    .filter((p) => asArray(p.Properties.Roles).some((r: Json) => r.Ref === roleId))
    .flatMap((p) => asArray(p.Properties.PolicyDocument.Statement as Json[]))
    .map((st) => ({
      actions: asArray<string>(st.Action),
      resources: asArray(st.Resource).map((r) => JSON.stringify(r)),
      conditions: st.Condition,
    }));
}

export function ref(logicalId: string): string {
  return JSON.stringify({ Ref: logicalId });
}

export function arnOf(logicalId: string): string {
  return JSON.stringify({ 'Fn::GetAtt': [logicalId, 'Arn'] });
}

export function logicalIdOf(s: Synthesized, construct: { node: { defaultChild?: unknown } }): string {
  return s.stack.getLogicalId(construct.node.defaultChild as never);
}
