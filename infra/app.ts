// The CDK app (`npx cdk synth`, `npx cdk deploy`): one stack, checked by cdk-nag's AwsSolutions rules on every
// synth — a finding without an acknowledgement and its reason stops the synth.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DeployContextError, readDeployContext } from './context.ts';
import { KpiStack } from './stack.ts';

export function buildApp(app: App = new App()): { app: App; stack: KpiStack } {
  const stack = new KpiStack(app, app.node.tryGetContext('stackName') ?? 'PresalesKpi', {
    context: readDeployContext(app.node),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: 'presales-kpi: monthly KPI scoring of pre-sales technical support engineers',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    buildApp().app.synth();
  } catch (error) {
    // A bad context value is the user's to fix: say which, without a stack trace.
    if (!(error instanceof DeployContextError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
