// Private downloads: an exports bucket behind CloudFront (OAC) that serves only URLs signed by a trusted key group.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface TranscriptDownloadsProps {
  /** PEM public key of the URL-signing key pair; the private half goes into `signingKeySecret` (runbook). */
  readonly signingPublicKeyPem: string;
  /** Key encrypting the exports bucket and the signing-key secret. */
  readonly encryptionKey: kms.IKey;
  /** Bucket receiving S3 server access logs and CloudFront standard logs (ACLs enabled for CloudFront). */
  readonly accessLogsBucket: s3.IBucket;
  /** Days before exports are deleted. @default 1 */
  readonly exportRetentionDays?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Regional WAF is not possible on CloudFront; pass a CLOUDFRONT-scope web ACL ARN to attach. @default - none */
  readonly webAclArn?: string;
}

/** CloudFront can only read the bucket through OAC and only serves requests signed by the key group. */
export class TranscriptDownloads extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  public readonly publicKey: cloudfront.PublicKey;
  public readonly keyGroup: cloudfront.KeyGroup;
  /** Holds the PEM private key the admin Lambda signs URLs with (value set by the key-rotation runbook). */
  public readonly signingKeySecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: TranscriptDownloadsProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.bucket = new s3.Bucket(this, 'Exports', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'exports-bucket/',
      lifecycleRules: [
        {
          expiration: Duration.days(props.exportRetentionDays ?? 1),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      removalPolicy,
    });

    this.publicKey = new cloudfront.PublicKey(this, 'SigningPublicKey', {
      encodedKey: props.signingPublicKeyPem,
      comment: 'Verifies transcript download URLs signed by the admin API',
    });
    this.keyGroup = new cloudfront.KeyGroup(this, 'KeyGroup', { items: [this.publicKey] });
    this.signingKeySecret = new secretsmanager.Secret(this, 'SigningPrivateKey', {
      description:
        'PEM private key for CloudFront signed transcript URLs (set by runbook, never in templates)',
      encryptionKey: props.encryptionKey,
      removalPolicy,
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Signed, short-lived transcript downloads',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        trustedKeyGroups: [this.keyGroup],
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogsBucket,
      logFilePrefix: 'transcript-downloads/',
      webAclId: props.webAclArn,
    });
    this.acknowledgeFindings(props);
  }

  private acknowledgeFindings(props: TranscriptDownloadsProps): void {
    const ack = (construct: Construct, id: string, reason: string) =>
      Validations.of(construct).acknowledge({ id, reason });
    const secret = this.signingKeySecret;
    const rotation =
      'The key pair rotates by runbook: a new public key joins the key group before the secret changes.';
    ack(secret, 'AwsSolutions::AwsSolutions-SMG4', rotation);
    ack(secret, 'NIST.800.53.R5::NIST.800.53.R5-SecretsManagerRotationEnabled', rotation);
    ack(
      this.bucket,
      'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled',
      'Exports are re-creatable copies that expire within a day; the transcripts themselves replicate.',
    );
    const dist = this.distribution;
    ack(
      dist,
      'AwsSolutions::AwsSolutions-CFR1',
      'Every object needs a URL signed for one admin; geography adds no control.',
    );
    ack(
      dist,
      'AwsSolutions::AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate serves signed one-off download links; a custom domain sets TLS 1.2.',
    );
    if (!props.webAclArn) {
      ack(
        dist,
        'AwsSolutions::AwsSolutions-CFR2',
        'Without a signed URL every request is refused at the edge before any origin work.',
      );
    }
  }

  /** `https://<distribution domain>`: the base of signed URLs. */
  public get baseUrl(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
