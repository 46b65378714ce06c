// us-east-1 edge: the CLOUDFRONT web ACL (shared with the cells' WebSocket distributions), the static site and the admin routes.
import { Annotations, RemovalPolicy, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as shield from 'aws-cdk-lib/aws-shield';
import type { Construct } from 'constructs';
import type { AppConfig } from '../config/schema';
import { ADMIN_LISTENER_PORT } from '../constructs/admin-api';
import { staticHostName } from '../naming';
import { LogKey } from '../constructs/log-key';
import { SecureBucket } from '../constructs/secure-bucket';
import { SecurityHeaders } from '../constructs/security-headers';
import { WebAcl } from '../constructs/web-acl';

export interface EdgeStackProps extends StackProps {
  /** `livechat-dev`. */
  readonly prefix: string;
  /** Optional custom domain (zone and us-east-1 certificate). @default - CloudFront default host names */
  readonly domain?: AppConfig['domain'];
  /** Requests per client IP per 5 minutes before WAF blocks the IP. */
  readonly rateLimitPer5Min: number;
  readonly logRetentionDays: number;
  /** Days CloudFront and S3 access logs are kept. */
  readonly accessLogDays: number;
  /** Protect the static distribution with Shield Advanced (needs the subscription). @default false */
  readonly shieldAdvanced?: boolean;
  /** Extra CSP connect-src sources (e.g. the admin API origin). @default - none */
  readonly extraConnectSources?: readonly string[];
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The admin dashboard (`admin/*` from the bucket) and, on the same origin, the admin API and sign-in
   * routes of one cell's ALB admin listener (ADR 0074). Needs `domain`: the viewer's Host goes to the
   * listener, which must hold a certificate for it, and no certificate can cover `*.cloudfront.net`.
   * @default - no admin routes
   */
  readonly admin?: EdgeAdminRoutes;
}

export interface EdgeAdminRoutes {
  /**
   * Host name of the cell's admin listener, covered by that cell's ALB certificate (config
   * `cells[].adminHostName` of the primary cell). A literal: a token of the cell's stack would be a
   * cross-region reference back from a stack that depends on this one.
   */
  readonly originHostName: string;
  /** Port of the admin listener. @default ADMIN_LISTENER_PORT (8443) */
  readonly originPort?: number;
  /** CSP connect-src sources of the dashboard besides 'self': the knowledge bucket origin of its uploads. */
  readonly uploadOrigins: readonly string[];
}

/** Paths the ALB admin listener answers: the API, the sign-in entry and the Cognito callback. */
export const ADMIN_ORIGIN_PATHS = ['admin/v1/*', 'admin/login', 'oauth2/*'] as const;
/** Key prefix (and path) of the dashboard files in the static bucket. */
export const DASHBOARD_PATH = 'admin/';

/** Viewer-request function of `admin/*`: a directory path serves its index.html (S3 has no directory index). */
const DIRECTORY_INDEX_FUNCTION = `function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`;

export class EdgeStack extends Stack {
  /** CLOUDFRONT-scope web ACL; cell chat stacks attach `webAcl.attrArn` to their WebSocket distributions. */
  public readonly webAcl: WebAcl;
  /** Customer-managed key of the edge's log groups. */
  public readonly logKey: kms.IKey;
  public readonly staticBucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  /** Receives CloudFront standard logs and the static bucket's S3 access logs. */
  public readonly logBucket: s3.Bucket;
  /** `static.<zone>` when a domain is configured, else the distribution's default host name. */
  public readonly staticHostName: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { crossRegionReferences: true, ...props });
    if (this.region !== 'us-east-1') throw new Error(`${id}: the edge stack must be in us-east-1`);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    const logKey = new LogKey(this, 'EdgeLogKey', {
      description: `${id}: WAF and deployment logs`,
      removalPolicy,
    }).key;
    this.logKey = logKey;
    this.webAcl = new WebAcl(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      name: `${props.prefix}-edge`,
      rateLimitPer5Min: props.rateLimitPer5Min,
      logKey,
      logRetention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy,
    });

    this.logBucket = new SecureBucket(this, 'EdgeLogs', {
      logDelivery: 'cloudfront',
      expirationDays: props.accessLogDays,
      noncurrentVersionDays: 7,
      removalPolicy,
    }).bucket;
    const staticKey = new kms.Key(this, 'StaticKey', {
      description: `${id}: static site bucket`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.staticBucket = new SecureBucket(this, 'StaticFiles', {
      encryptionKey: staticKey,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3-static/',
      removalPolicy,
    }).bucket;
    const rebuildable =
      'The static files are build outputs that CI publishes again; CloudFront caches them globally.';
    Validations.of(this.staticBucket).acknowledge({
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: rebuildable,
    });
    Validations.of(this.staticBucket).acknowledge({
      id: 'PCI.DSS.321-S3BucketReplicationEnabled',
      reason: rebuildable,
    });

    const wssSources = props.domain ? [`wss://*.${props.domain.zoneName}`] : ['wss://*.cloudfront.net'];
    const headers = new SecurityHeaders(this, 'Headers', {
      connectSources: [...wssSources, ...(props.extraConnectSources ?? [])],
      adminConnectSources: props.admin?.uploadOrigins,
    });

    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.staticBucket);
    const behavior = (policy: cloudfront.IResponseHeadersPolicy): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      compress: true,
      responseHeadersPolicy: policy,
    });
    if (props.admin && !props.domain) {
      throw new Error(
        `${id}: admin routes need a custom domain (the admin listener cannot hold a *.cloudfront.net certificate)`,
      );
    }
    this.staticHostName = props.domain ? staticHostName(props.domain.zoneName) : '';
    this.distribution = new cloudfront.Distribution(this, 'Static', {
      comment: `${props.prefix} static site, SDK, widget and admin dashboard`,
      defaultBehavior: behavior(headers.site),
      // Listed before `admin/*`: CloudFront takes the first matching pattern.
      additionalBehaviors: {
        ...(props.admin && headers.admin
          ? this.adminBehaviors(props.admin, behavior(headers.admin), headers.admin)
          : {}),
        'widget/*': behavior(headers.embeddable),
        'sdk/*': behavior(headers.embeddable),
      },
      defaultRootObject: 'index.html',
      // No distribution-wide custom error pages: they would replace the admin API's JSON 403/404 answers.
      domainNames: props.domain ? [this.staticHostName] : undefined,
      certificate: props.domain
        ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.edgeCertificateArn)
        : undefined,
      // TLS 1.2+ needs a custom certificate; the default *.cloudfront.net certificate's policy is fixed.
      minimumProtocolVersion: props.domain ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront-static/',
      webAclId: this.webAcl.webAcl.attrArn,
    });
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
      'The static key admits CloudFront only for distributions of this account (SourceArn), which is the scope we need.',
    );
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'Partners and their end users are worldwide; WAF rate and reputation rules apply instead of geo blocks.',
    });
    if (!props.domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a configured domain the default *.cloudfront.net certificate is the only option (dev).',
      });
      this.staticHostName = this.distribution.distributionDomainName;
    } else {
      const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: props.domain.hostedZoneId,
        zoneName: props.domain.zoneName,
      });
      const target = route53.RecordTarget.fromAlias(new route53Targets.CloudFrontTarget(this.distribution));
      new route53.ARecord(this, 'StaticA', { zone, recordName: this.staticHostName, target });
      new route53.AaaaRecord(this, 'StaticAaaa', { zone, recordName: this.staticHostName, target });
    }
    if (props.shieldAdvanced) {
      new shield.CfnProtection(this, 'ShieldAdvanced', {
        name: `${props.prefix}-static`,
        resourceArn: this.distribution.distributionArn,
      });
    }
  }

  /**
   * The admin API, sign-in and Cognito callback go uncached to the admin listener with every viewer
   * header (the ALB builds the redirect_uri from Host), cookie (its session cookie) and query string; the
   * dashboard files come from the bucket under the same response-headers policy. Because Host is
   * forwarded, CloudFront sends it as SNI and requires the origin certificate to match it: the listener
   * holds a certificate for the edge host name (config `domain.primaryAdminEdgeCertificateArn`).
   */
  private adminBehaviors(
    admin: EdgeAdminRoutes,
    dashboard: cloudfront.BehaviorOptions,
    policy: cloudfront.IResponseHeadersPolicy,
  ): Record<string, cloudfront.BehaviorOptions> {
    if (Token.isUnresolved(admin.originHostName)) {
      throw new Error('admin.originHostName must be a literal host name (config cells[].adminHostName)');
    }
    const origin = new origins.HttpOrigin(admin.originHostName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      httpsPort: admin.originPort ?? ADMIN_LISTENER_PORT,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });
    const toListener: cloudfront.BehaviorOptions = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      compress: false,
      responseHeadersPolicy: policy,
    };
    const directoryIndex = new cloudfront.Function(this, 'DashboardDirectoryIndex', {
      comment: 'admin/ serves admin/index.html',
      code: cloudfront.FunctionCode.fromInline(DIRECTORY_INDEX_FUNCTION),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    return {
      ...Object.fromEntries(ADMIN_ORIGIN_PATHS.map((path) => [path, toListener])),
      [`${DASHBOARD_PATH}*`]: {
        ...dashboard,
        functionAssociations: [
          { function: directoryIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
    };
  }
}
