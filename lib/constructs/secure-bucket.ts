// An S3 bucket with the house defaults: public access blocked, encrypted, TLS-only, versioned, logged.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface SecureBucketProps {
  /** Customer-managed key for SSE-KMS. @default - SSE-S3 (required for log-delivery targets) */
  readonly encryptionKey?: kms.IKey;
  /**
   * Where this bucket's server access logs go. Leave unset only for a bucket that itself
   * receives logs (`logDelivery`), which must not log into itself.
   * @default - no server access logs (only allowed together with `logDelivery`)
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /** Prefix of this bucket's server access logs in the target bucket. @default - `<construct id>/` */
  readonly serverAccessLogsPrefix?: string;
  /**
   * What log delivery this bucket receives: `s3-access-logs` (S3 server access logs, ALB logs; ACLs
   * disabled) or `cloudfront` (also CloudFront standard logs, which need ACLs: bucket owner
   * preferred). @default - holds data, receives no logs
   */
  readonly logDelivery?: 's3-access-logs' | 'cloudfront';
  /** Versioning keeps overwritten and deleted objects recoverable. @default true */
  readonly versioned?: boolean;
  /** Days after which objects (and noncurrent versions) expire. @default - never for current versions */
  readonly expirationDays?: number;
  /** Days a noncurrent version is kept. @default 90 */
  readonly noncurrentVersionDays?: number;
  /** Physical name; only for buckets other regions must name. @default - generated */
  readonly bucketName?: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** A bucket that satisfies the team's bucket rules; the underlying L2 bucket is `bucket`. */
export class SecureBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, id);
    if (!props.serverAccessLogsBucket && !props.logDelivery) {
      throw new Error(`${this.node.path}: a bucket that holds data needs serverAccessLogsBucket`);
    }
    if (props.logDelivery && props.encryptionKey) {
      throw new Error(`${this.node.path}: log-delivery buckets must use SSE-S3`);
    }
    const noncurrentDays = props.noncurrentVersionDays ?? 90;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: props.encryptionKey ? true : undefined,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: props.versioned ?? true,
      objectOwnership:
        props.logDelivery === 'cloudfront'
          ? s3.ObjectOwnership.BUCKET_OWNER_PREFERRED
          : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: props.serverAccessLogsBucket
        ? (props.serverAccessLogsPrefix ?? `${id}/`)
        : undefined,
      lifecycleRules: [
        {
          id: 'expire',
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          noncurrentVersionExpiration: Duration.days(noncurrentDays),
          expiration: props.expirationDays ? Duration.days(props.expirationDays) : undefined,
        },
      ],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    if (props.logDelivery) this.acknowledgeLogDeliveryTarget();
  }

  /** A log-delivery target cannot log into itself, use SSE-KMS, or replicate its own deliveries usefully. */
  private acknowledgeLogDeliveryTarget(): void {
    const ack = (id: string, reason: string) => Validations.of(this.bucket).acknowledge({ id, reason });
    const noSelfLogging =
      'This bucket receives logs itself, and logging a log bucket into itself would loop.';
    const sseS3Only = 'Log delivery (S3 server access logs, ALB and CloudFront logs) supports SSE-S3 only.';
    const noReplication = 'Log copies are not worth a second region; the trail and backups cover recovery.';
    ack('AwsSolutions-S1', noSelfLogging);
    ack('NIST.800.53.R5-S3BucketLoggingEnabled', noSelfLogging);
    ack('PCI.DSS.321-S3BucketLoggingEnabled', noSelfLogging);
    ack('NIST.800.53.R5-S3DefaultEncryptionKMS', sseS3Only);
    ack('PCI.DSS.321-S3DefaultEncryptionKMS', sseS3Only);
    ack('NIST.800.53.R5-S3BucketReplicationEnabled', noReplication);
    ack('PCI.DSS.321-S3BucketReplicationEnabled', noReplication);
  }
}
