// SES: the sender identity and the configuration set every email goes through. Created here when SES is in
// the stack's region and `createSesIdentity` is true; otherwise referenced by ARN (made by hand, see README).
import { Arn, Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import {
  CfnConfigurationSetEventDestination,
  ConfigurationSet,
  ConfigurationSetEventDestination,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
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
  private readonly configurationSet: ConfigurationSet | undefined;
  private readonly inStackRegion: boolean;

  constructor(scope: Construct, id: string, ctx: DeployContext) {
    super(scope, id);
    const stack = Stack.of(this);
    this.senderAddress = ctx.senderAddress;
    this.region = ctx.sesRegion ?? stack.region;
    this.configurationSetName = ctx.sesConfigurationSet;
    const identityName = ctx.sesIdentity ?? ctx.senderAddress;
    const inStackRegion = ctx.sesRegion === undefined || ctx.sesRegion === stack.region;
    this.inStackRegion = inStackRegion;
    let configurationSet: ConfigurationSet | undefined;

    if (ctx.createSesIdentity && inStackRegion) {
      configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
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
    this.configurationSet = configurationSet;
    this.configurationSetArn = this.sesArn(stack, 'configuration-set', ctx.sesConfigurationSet);
    this.sandboxRecipientArns = ctx.sesSandboxRecipients.map((r) => this.sesArn(stack, 'identity', r));
  }

  /**
   * Publishes the configuration set's SEND and DELIVERY events (each with the email's tags) to the default
   * EventBridge bus of the stack's region, where the outbox's claims are confirmed from them. False when SES is
   * in another region: its events reach that region's bus, and sends in doubt then stay in doubt (README).
   */
  publishSendingEvents(): boolean {
    if (!this.inStackRegion) return false;
    const events = [EmailSendingEvent.SEND, EmailSendingEvent.DELIVERY];
    const bus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    if (this.configurationSet) {
      new ConfigurationSetEventDestination(this, 'SendingEvents', {
        configurationSet: this.configurationSet,
        destination: EventDestination.eventBus(bus),
        events,
      });
    } else {
      new CfnConfigurationSetEventDestination(this, 'SendingEvents', {
        configurationSetName: this.configurationSetName,
        eventDestination: {
          enabled: true,
          matchingEventTypes: events,
          eventBridgeDestination: { eventBusArn: bus.eventBusArn },
        },
      });
    }
    return true;
  }

  private sesArn(stack: Stack, resource: string, name: string): string {
    return Arn.format({ service: 'ses', region: this.region, resource, resourceName: name }, stack);
  }
}
