// Per-cell chat entry: session-token keys and issuer behind the mTLS ALB + regional WAF, and the WebSocket entry.
import { isAbsolute, join } from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ENV, FUNCTIONS, SESSION_TOKEN_CLAIMS } from '../../lambdas/shared/definitions';
import { ChatFunction, REPO_ROOT } from '../constructs/chat-function';
import { acknowledgeChatFunctionBaseline } from '../constructs/function-nag-acknowledgements';
import { PartnerTokenApi, type PartnerTrustFiles } from '../constructs/partner-token-api';
import { RegionalWebAcl } from '../constructs/regional-web-acl';
import { grantSecretKeyUse } from '../constructs/secret-key-grants';
import { SigningKeys } from '../constructs/signing-keys';
import { WebSocketEntry } from '../constructs/websocket-entry';
import type { CellData, CellNetwork, CellRuntimeSettings } from './cell-interfaces';

export interface ChatStackProps extends StackProps {
  readonly settings: CellRuntimeSettings;
  readonly network: CellNetwork;
  readonly data: CellData;
  /** ARN of the edge stack's CLOUDFRONT-scope web ACL (`webAcl`). */
  readonly edgeWebAclArn: string;
  /** Per-IP requests per 5 minutes at the regional ALB. */
  readonly wafRegionalRateLimitPer5Min: number;
  /** Regional ACM certificate for the ALB's HTTPS listeners; required (the token API is HTTPS + mTLS only). */
  readonly albCertificateArn?: string;
  /** Custom WebSocket host name and its us-east-1 certificate. @default - the CloudFront domain */
  readonly domain?: { readonly hostName: string; readonly edgeCertificateArn: string };
  /**
   * Partner CA bundle and CRL (paths relative to the repository root or absolute).
   * @default - the example files under deploy/partner-trust/example (no client can hold a matching certificate)
   */
  readonly partnerTrust?: PartnerTrustFiles;
  /** Reserved concurrency per function (caps the blast radius of a flood). @default authorizer 200, others 100 */
  readonly reservedConcurrency?: {
    readonly authorizer: number;
    readonly connect: number;
    readonly disconnect: number;
    readonly tokenIssuer: number;
  };
  /** @default RETAIN in production, DESTROY otherwise */
  readonly removalPolicy?: RemovalPolicy;
}

export const EXAMPLE_PARTNER_TRUST: PartnerTrustFiles = {
  caBundlePath: 'deploy/partner-trust/example/ca-bundle.example.pem',
  revocationListPath: 'deploy/partner-trust/example/revocation-list.example.crl.pem',
};

const fromRepo = (path: string) => (isAbsolute(path) ? path : join(REPO_ROOT, path));

export class ChatStack extends Stack {
  public readonly signingKeys: SigningKeys;
  public readonly originVerifySecret: secretsmanager.Secret;
  public readonly tokenIssuer: ChatFunction;
  public readonly partnerApi: PartnerTokenApi;
  public readonly regionalWebAcl: RegionalWebAcl;
  public readonly websocket: WebSocketEntry;
  public readonly cdnLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ChatStackProps) {
    super(scope, id, props);
    const { settings, network, data } = props;
    if (!props.albCertificateArn) {
      throw new Error(
        `Cell ${settings.region}: albCertificateArn is required (the token API is HTTPS with mTLS)`,
      );
    }
    const removalPolicy =
      props.removalPolicy ?? (settings.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
    const logRetention = settings.logRetentionDays as logs.RetentionDays;
    const issuer = SESSION_TOKEN_CLAIMS.issuer(settings.prefix);
    const audience = SESSION_TOKEN_CLAIMS.audience(settings.prefix, settings.region);

    this.signingKeys = new SigningKeys(this, 'SigningKeys', {
      vpc: network.vpc,
      dataKey: data.dataKey,
      logKey: data.logKey,
      logRetention,
      removalPolicy,
    });
    this.originVerifySecret = new secretsmanager.Secret(this, 'OriginVerifySecret', {
      description: 'CloudFront origin-verify header value for the WebSocket API ({"current","previous"?})',
      encryptionKey: this.signingKeys.encryptionKey,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'current',
        passwordLength: 48,
        excludePunctuation: true,
      },
      removalPolicy,
    });
    const manualRotation =
      'Rotated by the origin-verify runbook: set previous=current and a new current, then redeploy CloudFront.';
    Validations.of(this.originVerifySecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: manualRotation,
    });
    Validations.of(this.originVerifySecret).acknowledge({
      id: 'NIST.800.53.R5::NIST.800.53.R5-SecretsManagerRotationEnabled',
      reason: manualRotation,
    });

    this.cdnLogsBucket = new s3.Bucket(this, 'CdnLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      serverAccessLogsBucket: data.accessLogsBucket,
      serverAccessLogsPrefix: `cdn-logs-bucket/${settings.region}/`,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
      autoDeleteObjects: false,
    });
    Validations.of(this.cdnLogsBucket).acknowledge({
      id: 'NIST.800.53.R5::NIST.800.53.R5-S3DefaultEncryptionKMS',
      reason: 'CloudFront standard logging delivers only to SSE-S3 buckets.',
    });
    Validations.of(this.cdnLogsBucket).acknowledge({
      id: 'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'Edge access logs are per cell operational data; each cell keeps its own.',
    });

    this.websocket = new WebSocketEntry(this, 'WebSocket', {
      vpc: network.vpc,
      logKey: data.logKey,
      logRetention,
      removalPolicy,
      tenantsTable: data.tables.tenants,
      sessionsTable: data.tables.sessions,
      verificationKeysSecret: this.signingKeys.verificationKeysSecret,
      originVerifySecret: this.originVerifySecret,
      tokenIssuer: issuer,
      tokenAudience: audience,
      edgeWebAclArn: props.edgeWebAclArn,
      cdnLogsBucket: this.cdnLogsBucket,
      reservedConcurrency: props.reservedConcurrency,
      domain: props.domain && {
        hostName: props.domain.hostName,
        certificateArn: props.domain.edgeCertificateArn,
      },
    });

    this.tokenIssuer = new ChatFunction(this, 'TokenIssuer', {
      definition: FUNCTIONS.tokenIssuer,
      vpc: network.vpc,
      logKey: data.logKey,
      logRetention,
      removalPolicy,
      reservedConcurrentExecutions: props.reservedConcurrency?.tokenIssuer ?? 100,
    })
      .addEnvironment(ENV.tokenIssuer, issuer)
      .addEnvironment(ENV.tokenAudience, audience)
      .addEnvironment(ENV.websocketPublicUrl, this.websocket.publicUrl)
      .addEnvironment(ENV.conversationRetentionDays, String(settings.conversationRetentionDays))
      .bindTable(ENV.tenantsTable, data.tables.tenants, 'read')
      .bindTable(ENV.sessionsTable, data.tables.sessions, 'readWrite')
      .bindTable(ENV.conversationsTable, data.tables.conversations, 'readWrite')
      .bindSecret(ENV.signingKeySecretId, this.signingKeys.signingKeySecret);
    grantSecretKeyUse(this.tokenIssuer.function, this.signingKeys.encryptionKey, 'read');
    acknowledgeChatFunctionBaseline(this.tokenIssuer, {
      invokedBy: 'the ALB (Lambda target)',
      kmsTableGrant: true,
      reservedConcurrency: true,
    });
    grantSecretKeyUse(this.websocket.authorizerFunction.function, this.signingKeys.encryptionKey, 'read');

    this.partnerApi = new PartnerTokenApi(this, 'PartnerApi', {
      vpc: network.vpc,
      certificateArn: props.albCertificateArn,
      tokenFunction: this.tokenIssuer.function,
      partnerTrust: {
        caBundlePath: fromRepo((props.partnerTrust ?? EXAMPLE_PARTNER_TRUST).caBundlePath),
        revocationListPath: fromRepo((props.partnerTrust ?? EXAMPLE_PARTNER_TRUST).revocationListPath),
      },
      logsBucket: data.accessLogsBucket,
      deletionProtection: settings.production,
    });

    this.regionalWebAcl = new RegionalWebAcl(this, 'RegionalWebAcl', {
      namePrefix: `${settings.prefix}-partner`,
      rateLimitPer5Min: props.wafRegionalRateLimitPer5Min,
      logKey: data.logKey,
      logRetention,
      removalPolicy,
    });
    this.regionalWebAcl.associate('AlbAssociation', this.partnerApi.alb.loadBalancerArn);
  }
}
