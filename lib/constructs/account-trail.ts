// The one account-wide CloudTrail trail: multi-region, validated, KMS, declared bucket, data events for tenant data.
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LogKey } from './log-key';
import { SecureBucket } from './secure-bucket';

export interface AccountTrailProps {
  readonly trailName: string;
  /** Where the trail bucket's own server access logs go. */
  readonly accessLogsBucket: s3.IBucket;
  /** ARNs of the private buckets (every cell) whose object-level events are recorded. */
  readonly dataEventBucketArns: readonly string[];
  /** ARNs of the tables (every cell) whose item-level events are recorded. */
  readonly dataEventTableArns: readonly string[];
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class AccountTrail extends Construct {
  public readonly trail: cloudtrail.Trail;
  public readonly key: kms.Key;
  public readonly bucket: s3.Bucket;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AccountTrailProps) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const trailArn = `arn:${partition}:cloudtrail:${region}:${account}:trail/${props.trailName}`;

    this.key = new LogKey(this, 'Key', {
      description: `${props.trailName}: trail and its logs`,
      removalPolicy,
    }).key;
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptsThisTrail',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceArn': trailArn },
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${account}:trail/*`,
          },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribesKey',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
      }),
    );

    this.bucket = new SecureBucket(this, 'Bucket', {
      encryptionKey: this.key,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'trail/',
      removalPolicy,
    }).bucket;
    const copyReason =
      'Trail files are digest-validated and retained; the trail itself already spans every region.';
    Validations.of(this.bucket).acknowledge({
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: copyReason,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'PCI.DSS.321-S3BucketReplicationEnabled',
      reason: copyReason,
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: this.key,
      retention: props.logRetention,
      removalPolicy,
    });

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: props.trailName,
      bucket: this.bucket,
      encryptionKey: this.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.logGroup,
    });
    const logsPolicy = this.trail.node.findChild('LogsRole').node.findChild('DefaultPolicy');
    const inlineReason =
      'The CDK grant lets CloudTrail write to this one log group and lives and dies with its role.';
    Validations.of(logsPolicy).acknowledge({ id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: inlineReason });
    Validations.of(logsPolicy).acknowledge({ id: 'PCI.DSS.321-IAMNoInlinePolicy', reason: inlineReason });
    // Advanced selectors: every management event, plus object/item events of the tenant data only.
    (this.trail.node.defaultChild as cloudtrail.CfnTrail).advancedEventSelectors = [
      { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
      {
        name: 'Knowledge bucket objects',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          { field: 'resources.ARN', startsWith: props.dataEventBucketArns.map((arn) => `${arn}/`) },
        ],
      },
      {
        name: 'Tables',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::DynamoDB::Table'] },
          { field: 'resources.ARN', equalTo: [...props.dataEventTableArns] },
        ],
      },
    ];
  }
}
