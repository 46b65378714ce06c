// The admin user pool of a cell: no self sign-up, TOTP MFA required, strong passwords, Plus plan threat protection.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** Group whose members manage every tenant. */
export const PLATFORM_ADMINS_GROUP = 'platform-admins';
/** Prefix of the per-tenant admin groups: `tenant-admins-<tenantId>`. */
export const TENANT_ADMINS_GROUP_PREFIX = 'tenant-admins-';

export interface AdminIdentityProps {
  /** Globally unique prefix of the Cognito hosted domain, e.g. `livechat-dev-eu-west-1-admin`. */
  readonly domainPrefix: string;
  /** OAuth callback URLs of the ALB admin listener: `https://<host>[:port]/oauth2/idpresponse`. */
  readonly callbackUrls: readonly string[];
  /** Where signing out returns to. @default - the callback hosts' root */
  readonly logoutUrls?: readonly string[];
  /** Tenants whose admin group is created with the pool; later tenants get theirs in onboarding. @default [] */
  readonly tenantIds?: readonly string[];
  /** RETAIN the pool (production). @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Access/ID token lifetime. @default 15 minutes */
  readonly tokenValidity?: Duration;
}

/** A Cognito user pool per cell (ADR 0070): the ALB's authenticate-cognito action needs a pool in its own region. */
export class AdminIdentity extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly client: cognito.UserPoolClient;
  public readonly domain: cognito.UserPoolDomain;
  public readonly platformAdminsGroup: cognito.CfnUserPoolGroup;

  constructor(scope: Construct, id: string, props: AdminIdentityProps) {
    super(scope, id);
    if (props.callbackUrls.length === 0 || !props.callbackUrls.every((u) => u.startsWith('https://'))) {
      throw new Error('AdminIdentity: callbackUrls must be one or more https:// URLs');
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
        passwordHistorySize: 12,
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customThreatProtectionMode: cognito.CustomThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy,
    });

    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    const validity = props.tokenValidity ?? Duration.minutes(15);
    this.client = this.userPool.addClient('AlbClient', {
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [
          ...(props.logoutUrls ?? props.callbackUrls.map((u) => u.replace(/\/oauth2\/idpresponse$/, '/'))),
        ],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: validity,
      idTokenValidity: validity,
      refreshTokenValidity: Duration.hours(8),
    });

    this.platformAdminsGroup = new cognito.CfnUserPoolGroup(this, 'PlatformAdmins', {
      userPoolId: this.userPool.userPoolId,
      groupName: PLATFORM_ADMINS_GROUP,
      description: 'Manage every tenant: create, suspend, resume',
      precedence: 0,
    });
    for (const tenantId of props.tenantIds ?? []) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(tenantId))
        throw new Error(`AdminIdentity: bad tenant id ${tenantId}`);
      new cognito.CfnUserPoolGroup(this, `TenantAdmins-${tenantId}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: `${TENANT_ADMINS_GROUP_PREFIX}${tenantId}`,
        description: `Admins of tenant ${tenantId}`,
        precedence: 10,
      });
    }
  }

  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the tokens' issuer. */
  public get issuer(): string {
    return `https://cognito-idp.${this.userPool.env.region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
