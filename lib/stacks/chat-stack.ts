// Per-cell chat entry: session-token keys and issuer behind the mTLS ALB + regional WAF, and the WebSocket entry.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Annotations, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ENV, FUNCTIONS, SESSION_TOKEN_CLAIMS } from '../../lambdas/shared/definitions';
import { ChatFunction, REPO_ROOT } from '../constructs/chat-function';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { AdminApi, ADMIN_LISTENER_PORT } from '../constructs/admin-api';
import { AdminIdentity } from '../constructs/admin-identity';
import { ChatRouting } from '../constructs/chat-routing';
import { TranscriptDownloads } from '../constructs/transcript-downloads';
import { LlmWorker } from '../constructs/llm-worker';
import { acknowledgeChatFunctionBaseline } from '../constructs/function-nag-acknowledgements';
import { PartnerTokenApi, type PartnerTrustFiles } from '../constructs/partner-token-api';
import { RegionalWebAcl } from '../constructs/regional-web-acl';
import { grantSecretKeyUse } from '../constructs/secret-key-grants';
import { ShieldAdvancedProtection } from '../constructs/shield-advanced-protection';
import { SigningKeys } from '../constructs/signing-keys';
import { WebSocketEntry } from '../constructs/websocket-entry';
import type { CellData, CellNetwork, CellRuntimeSettings } from './cell-interfaces';

export interface ChatStackProps extends StackProps {
  readonly settings: CellRuntimeSettings;
  readonly network: CellNetwork;
  readonly data: CellData;
  /** ARN of the edge stack's CLOUDFRONT-scope web ACL (`webAcl`). */
  readonly edgeWebAclArn: string;
  /** The cell's security alert topic (queue and worker alarms). */
  readonly alertTopic: sns.ITopic;
  /**
   * Protect the cell's ALB with Shield Advanced (an active subscription is required; CloudFront
   * distributions are protected from us-east-1 by the edge stack). @default false
   */
  readonly shieldAdvanced?: boolean;
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
  /**
   * Host name of this cell's admin listener, covered by `albCertificateArn` (config `cells[].adminHostName`);
   * admins reach it directly at `https://<adminHostName>:8443`.
   */
  readonly adminHostName: string;
  /**
   * Set for the cell whose admin listener is the edge distribution's admin origin (the primary cell, with a
   * custom domain): the edge host name, serving the dashboard, and a certificate in this region covering it.
   * The listener adds that certificate (CloudFront forwards the viewer's Host and checks the origin
   * certificate against it), the Cognito client accepts the callback on that host, and `/admin/login`
   * redirects to its dashboard (ADR 0074). @default - admins use this cell's listener directly
   */
  readonly adminEdge?: { readonly hostName: string; readonly certificateArn: string };
  /**
   * Public key (PEM) CloudFront verifies transcript download URLs with.
   * @default - deploy/transcript-signing/example-public-key.pem (its private key was discarded)
   */
  readonly transcriptSigningPublicKeyPath?: string;
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
  /** Shield Advanced on the ALB, when configured. */
  public readonly shield?: ShieldAdvancedProtection;
  public readonly regionalWebAcl: RegionalWebAcl;
  public readonly websocket: WebSocketEntry;
  public readonly cdnLogsBucket: s3.Bucket;
  public readonly chatRouting: ChatRouting;
  public readonly llmWorker: LlmWorker;
  public readonly adminIdentity: AdminIdentity;
  public readonly transcriptDownloads: TranscriptDownloads;
  public readonly adminApi: AdminApi;

  constructor(scope: Construct, id: string, props: ChatStackProps) {
    super(scope, id, props);
    const { settings, network } = props;
    // The knowledge bucket by name: grants and policies then name its ARN directly instead of a cross-stack export.
    const data: CellData = {
      ...props.data,
      knowledgeBucket: s3.Bucket.fromBucketAttributes(this, 'KnowledgeBucketReference', {
        bucketName: props.data.knowledgeBucketName,
        encryptionKey: props.data.dataKey,
      }),
    };
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
    for (const pack of ['NIST.800.53.R5', 'PCI.DSS.321']) {
      Validations.of(this.cdnLogsBucket).acknowledge({
        id: `${pack}::${pack}-S3DefaultEncryptionKMS`,
        reason: 'CloudFront standard logging delivers only to SSE-S3 buckets.',
      });
      Validations.of(this.cdnLogsBucket).acknowledge({
        id: `${pack}::${pack}-S3BucketReplicationEnabled`,
        reason: 'Edge access logs are per cell operational data; each cell keeps its own.',
      });
    }

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
      tenantScopedSessions: true,
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

    if (settings.production && !props.partnerTrust)
      Annotations.of(this).addWarningV2(
        'livechat:example-partner-trust',
        'Production deploys the example partner CA: no partner can get a token. Set config partnerTrust (ADR 0011).',
      );
    if (settings.production && !props.transcriptSigningPublicKeyPath)
      Annotations.of(this).addWarningV2(
        'livechat:example-transcript-key',
        'Production deploys the example transcript-signing key: downloads cannot be signed. Set config transcriptSigningPublicKeyPath (ADR 0072).',
      );
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
    // DDoS: Shield Standard always; Shield Advanced on the ALB (its L7 mitigation uses the web ACL above).
    if (props.shieldAdvanced) {
      this.shield = new ShieldAdvancedProtection(this, 'ShieldAdvanced', {
        prefix: `${settings.prefix}-${settings.region}`,
        resources: [{ name: 'PartnerAlb', arn: this.partnerApi.alb.loadBalancerArn, applicationLayer: true }],
        alertTopic: props.alertTopic,
      });
    }

    this.chatRouting = new ChatRouting(this, 'ChatRouting', {
      network,
      data,
      settings,
      api: this.websocket.api,
      stage: this.websocket.stage,
      callbackUrl: this.websocket.callbackUrl,
      alarmTopic: props.alertTopic,
    });
    this.llmWorker = new LlmWorker(this, 'LlmWorker', {
      vpc: network.vpc,
      turnQueue: this.chatRouting.turnQueue,
      tenantsTable: data.tables.tenants,
      conversationsTable: data.tables.conversations,
      sessionsTable: data.tables.sessions,
      knowledgeBucket: data.knowledgeBucket,
      dataKey: data.dataKey,
      logKey: data.logKey,
      logRetention,
      webSocketCallbackUrl: this.websocket.callbackUrl,
      manageConnectionsArn: this.formatArn({
        service: 'execute-api',
        resource: this.websocket.api.apiId,
        resourceName: `${this.websocket.stage.stageName}/POST/@connections/*`,
      }),
      conversationRetentionDays: settings.conversationRetentionDays,
      tenantScopedAccess: this.chatRouting.tenantScopedRole,
      removalPolicy,
    });
    // Connection records and counters are tenant items: $connect/$disconnect reach them as the tenant.
    this.websocket.useTenantScopedAccess(this.chatRouting.tenantScopedRole);

    this.adminIdentity = new AdminIdentity(this, 'AdminIdentity', {
      domainPrefix: `${settings.prefix}-${settings.region}-admin`,
      // The ALB builds redirect_uri from the Host header: the edge host through CloudFront, else the admin host.
      callbackUrls: [
        ...(props.adminEdge ? [`https://${props.adminEdge.hostName}/oauth2/idpresponse`] : []),
        `https://${props.adminHostName}:${ADMIN_LISTENER_PORT}/oauth2/idpresponse`,
      ],
      removalPolicy,
    });
    this.transcriptDownloads = new TranscriptDownloads(this, 'TranscriptDownloads', {
      signingPublicKeyPem: readFileSync(
        fromRepo(props.transcriptSigningPublicKeyPath ?? 'deploy/transcript-signing/example-public-key.pem'),
        'utf8',
      ),
      // Its own key: CloudFront (OAC) needs a key-policy grant, which this stack can give on a key it owns.
      encryptionKey: new kms.Key(this, 'TranscriptExportsKey', {
        description: `${settings.prefix} ${settings.region}: transcript exports and their signing key secret`,
        enableKeyRotation: true,
        removalPolicy,
      }),
      accessLogsBucket: data.accessLogsBucket,
      webAclArn: props.edgeWebAclArn,
      removalPolicy,
    });
    this.adminApi = new AdminApi(this, 'AdminApi', {
      network,
      data,
      loadBalancer: this.partnerApi.alb,
      certificates: [
        elbv2.ListenerCertificate.fromArn(props.albCertificateArn),
        ...(props.adminEdge ? [elbv2.ListenerCertificate.fromArn(props.adminEdge.certificateArn)] : []),
      ],
      identity: this.adminIdentity,
      downloads: this.transcriptDownloads,
      logRetention,
      dashboardHost: props.adminEdge?.hostName,
    });
  }
}
