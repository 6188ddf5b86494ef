// Sign-in to the manager console on AWS (console.md "Who signs in"): a Cognito user pool with its managed login
// (the newer managed-login pages on a Cognito domain), the groups the console reads its roles from, and the
// console's app client — a public client (no secret) for the authorization code flow with PKCE, whose only
// callback is the console's. MFA is REQUIRED for every user of the pool (TOTP apps, no SMS): Cognito's ID token
// carries no `amr` claim an app could check per role, so "MFA for admins" is enforced by the pool itself, for
// viewers too. Users federated from the company's SSO (SAML/OIDC, README "Console") bring their own IdP's MFA.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ADMIN_GROUP, VIEWER_GROUP } from '../../shared/console/roles.ts';

interface ConsoleAuthProps {
  /** The console's public base URL (the API's URL or the custom domain). */
  readonly publicUrl: string;
  readonly domainPrefix: string | undefined;
}

export class ConsoleAuth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** The OpenID issuer the console discovers (https://cognito-idp.<region>.amazonaws.com/<pool id>). */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: ConsoleAuthProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: 'presales-kpi-console',
      // Managers are invited by an administrator; nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      // The people who may sign in are not recreated by a redeploy.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Essentials, not Plus: a handful of managers sign in, every one with MFA required (TOTP); threat protection (Plus) is billed per user and can be turned on with featurePlan when the pool grows.',
    });

    new cognito.UserPoolGroup(this, 'Admins', {
      userPool: this.userPool,
      groupName: ADMIN_GROUP,
      description: 'Department managers and HR: everything in the console',
    });
    new cognito.UserPoolGroup(this, 'Viewers', {
      userPool: this.userPool,
      groupName: VIEWER_GROUP,
      description: 'Regional sales managers: read their region(s) only; add each to kpi-region-<region>',
    });

    this.client = this.userPool.addClient('Console', {
      userPoolClientName: 'presales-kpi-console',
      generateSecret: false,
      // The console never handles passwords: sign-in happens on the managed login pages only.
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.publicUrl}/console/callback`],
        logoutUrls: [`${props.publicUrl}/console/signedout`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.minutes(60),
      accessTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.hours(10),
      enableTokenRevocation: true,
    });

    this.domain = this.userPool.addDomain('Login', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `presales-kpi-${Stack.of(this).account}` },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // The newer managed login shows nothing for a client without a branding style: Cognito's own look.
    new cognito.CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
