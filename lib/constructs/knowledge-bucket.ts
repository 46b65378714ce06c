// The private FAQ/knowledge bucket of a cell: KMS, versioned, TLS-only, VPC-only reads, tenant prefixes, replication.
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SecureBucket } from './secure-bucket';

/** Tenant files live under `t/<tenantId>/`; nothing may be written outside that prefix. */
export const TENANT_PREFIX_PATTERN = 't/*';

/** Object reads and deletes that must arrive through the cell's S3 gateway endpoint. */
export const VPC_ONLY_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
];

export interface ReplicationTarget {
  readonly region: string;
  readonly bucketName: string;
  /** Key or alias ARN of the destination cell's data key. */
  readonly keyArn: string;
}

export interface KnowledgeBucketProps {
  readonly bucketName: string;
  readonly dataKey: kms.IKey;
  readonly accessLogsBucket: s3.IBucket;
  /** Id of this cell's S3 gateway endpoint (`vpce-…`). */
  readonly s3EndpointId: string;
  /**
   * Principals (ARN patterns) exempt from the VPC-only rule: the AWS Backup role and break-glass
   * administrators. @default - none
   */
  readonly exemptPrincipalArnPatterns?: readonly string[];
  /** Buckets of the other cells this (primary) bucket replicates to. @default - no replication */
  readonly replicateTo?: readonly ReplicationTarget[];
  /** Pattern of the destination keys' alias (for the replication role's kms:Encrypt condition). */
  readonly destinationKeyAlias?: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class KnowledgeBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly replicationRole?: iam.Role;

  constructor(scope: Construct, id: string, props: KnowledgeBucketProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, 'Secure', {
      bucketName: props.bucketName,
      encryptionKey: props.dataKey,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'knowledge/',
      removalPolicy: props.removalPolicy,
    }).bucket;

    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyObjectReadsOutsideTheVpcEndpoint',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: VPC_ONLY_ACTIONS,
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          StringNotEquals: { 'aws:SourceVpce': props.s3EndpointId },
          ...(props.exemptPrincipalArnPatterns?.length
            ? { ArnNotLike: { 'aws:PrincipalArn': [...props.exemptPrincipalArnPatterns] } }
            : {}),
        },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyWritesOutsideTenantPrefixes',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        notResources: [this.bucket.arnForObjects(TENANT_PREFIX_PATTERN)],
      }),
    );

    if (props.replicateTo?.length) {
      this.replicationRole = this.configureReplication(props);
    } else {
      const reason =
        'This bucket is a replica: the primary cell replicates into it, and a loop back is not wanted.';
      Validations.of(this.bucket).acknowledge({ id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason });
      Validations.of(this.bucket).acknowledge({ id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason });
    }
  }

  /** Replicates every object (and delete markers) to each target with its cell's key, with metrics. */
  private configureReplication(props: KnowledgeBucketProps): iam.Role {
    const targets = props.replicateTo ?? [];
    const { account } = Stack.of(this);
    // The source ARN is built from the name: referencing the bucket would make bucket → role → policy → bucket.
    const sourceArn = `arn:aws:s3:::${props.bucketName}`;
    const policy = new iam.ManagedPolicy(this, 'ReplicationPolicy', {
      description: 'Read the knowledge bucket versions; write replicas with the destination cells keys',
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          resources: [sourceArn],
        }),
        new iam.PolicyStatement({
          actions: [
            's3:GetObjectVersionForReplication',
            's3:GetObjectVersionAcl',
            's3:GetObjectVersionTagging',
          ],
          resources: [`${sourceArn}/*`],
        }),
        new iam.PolicyStatement({
          actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          resources: targets.map((t) => `arn:aws:s3:::${t.bucketName}/*`),
        }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.dataKey.keyArn] }),
        new iam.PolicyStatement({
          actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
          resources: targets.map((t) => `arn:aws:kms:${t.region}:${account}:key/*`),
          conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': props.destinationKeyAlias } },
        }),
      ],
    });
    const objectReason = 'Replication reads and writes every object version, so the object ARNs end in /*.';
    const keyReason =
      'Destination key ids differ per region; the kms:ResourceAliases condition pins them to the data key alias.';
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${sourceArn}/*]`,
      reason: objectReason,
    });
    for (const target of targets) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:aws:s3:::${target.bucketName}/*]`,
        reason: objectReason,
      });
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:aws:kms:${target.region}:${account}:key/*]`,
        reason: keyReason,
      });
    }
    const role = new iam.Role(this, 'ReplicationRole', {
      assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'),
      description: 'S3 replication of the knowledge bucket to the other cells',
      managedPolicies: [policy],
    });
    const cfnBucket = this.bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.replicationConfiguration = {
      role: role.roleArn,
      rules: targets.map((target, i) => ({
        id: `to-${target.region}`,
        priority: i,
        status: 'Enabled',
        filter: { prefix: '' },
        deleteMarkerReplication: { status: 'Enabled' },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
        destination: {
          bucket: `arn:aws:s3:::${target.bucketName}`,
          encryptionConfiguration: { replicaKmsKeyId: target.keyArn },
          metrics: { status: 'Enabled' },
        },
      })),
    };
    return role;
  }
}
