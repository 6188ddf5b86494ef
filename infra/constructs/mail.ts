// SES: the sender identity and the configuration set every email goes through. Created here when SES is in
// the stack's region and `createSesIdentity` is true; otherwise referenced by ARN (made by hand, see README).
import { Arn, Stack } from 'aws-cdk-lib';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { DeployContext } from '../context.ts';

export class Mail extends Construct {
  readonly senderAddress: string;
  readonly region: string;
  readonly identityArn: string;
  readonly configurationSetName: string;
  readonly configurationSetArn: string;
  /** Recipient identities the functions may send to while the account is in the SES sandbox. */
  readonly sandboxRecipientArns: string[];

  constructor(scope: Construct, id: string, ctx: DeployContext) {
    super(scope, id);
    const stack = Stack.of(this);
    this.senderAddress = ctx.senderAddress;
    this.region = ctx.sesRegion ?? stack.region;
    this.configurationSetName = ctx.sesConfigurationSet;
    const identityName = ctx.sesIdentity ?? ctx.senderAddress;
    const inStackRegion = ctx.sesRegion === undefined || ctx.sesRegion === stack.region;

    if (ctx.createSesIdentity && inStackRegion) {
      const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
        configurationSetName: ctx.sesConfigurationSet,
        reputationMetrics: true,
        sendingEnabled: true,
        tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
        // Stop mailing addresses that bounced or complained: it protects the account's sending reputation.
        suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      });
      const identity = new EmailIdentity(this, 'Identity', {
        identity: identityName.includes('@') ? Identity.email(identityName) : Identity.domain(identityName),
        configurationSet,
      });
      this.identityArn = identity.emailIdentityArn;
    } else {
      this.identityArn = this.sesArn(stack, 'identity', identityName);
    }
    this.configurationSetArn = this.sesArn(stack, 'configuration-set', ctx.sesConfigurationSet);
    this.sandboxRecipientArns = ctx.sesSandboxRecipients.map((r) => this.sesArn(stack, 'identity', r));
  }

  private sesArn(stack: Stack, resource: string, name: string): string {
    return Arn.format({ service: 'ses', region: this.region, resource, resourceName: name }, stack);
  }
}
