// us-east-1 edge: the CLOUDFRONT web ACL (shared with the cells' WebSocket distributions) and the static site.
import { Annotations, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
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
}

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
    this.staticHostName = props.domain ? `static.${props.domain.zoneName}` : '';
    this.distribution = new cloudfront.Distribution(this, 'Static', {
      comment: `${props.prefix} static site, SDK and widget`,
      defaultBehavior: behavior(headers.site),
      additionalBehaviors: {
        'widget/*': behavior(headers.embeddable),
        'sdk/*': behavior(headers.embeddable),
      },
      defaultRootObject: 'index.html',
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.minutes(1),
      })),
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
}
