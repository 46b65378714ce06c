// AWS Config: the recorder (created or adopted) and the managed rules that watch for exposure and drift.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

const ids = config.ManagedRuleIdentifiers;

/** The managed rules of every cell: open ports, public buckets, admin policies, logging and keys. */
export const REGIONAL_RULES: Readonly<
  Record<string, { identifier: string; inputParameters?: Record<string, unknown> }>
> = {
  'restricted-ssh': { identifier: ids.EC2_SECURITY_GROUPS_INCOMING_SSH_DISABLED },
  'restricted-common-ports': {
    identifier: ids.EC2_SECURITY_GROUPS_RESTRICTED_INCOMING_TRAFFIC,
    inputParameters: {
      blockedPort1: '20',
      blockedPort2: '21',
      blockedPort3: '3389',
      blockedPort4: '3306',
      blockedPort5: '5432',
    },
  },
  'nacl-no-unrestricted-ssh-rdp': { identifier: ids.NACL_NO_UNRESTRICTED_SSH_RDP },
  'vpc-default-security-group-closed': { identifier: ids.VPC_DEFAULT_SECURITY_GROUP_CLOSED },
  'vpc-flow-logs-enabled': { identifier: ids.VPC_FLOW_LOGS_ENABLED },
  's3-bucket-public-read-prohibited': { identifier: ids.S3_BUCKET_PUBLIC_READ_PROHIBITED },
  's3-bucket-public-write-prohibited': { identifier: ids.S3_BUCKET_PUBLIC_WRITE_PROHIBITED },
  's3-bucket-level-public-access-prohibited': { identifier: ids.S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED },
  's3-bucket-ssl-requests-only': { identifier: ids.S3_BUCKET_SSL_REQUESTS_ONLY },
  'iam-policy-no-statements-with-admin-access': {
    identifier: ids.IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS,
    inputParameters: { excludePermissionBoundaryPolicy: 'true' },
  },
  'lambda-function-public-access-prohibited': { identifier: ids.LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED },
  'lambda-concurrency-check': { identifier: ids.LAMBDA_CONCURRENCY_CHECK },
  'lambda-inside-vpc': { identifier: ids.LAMBDA_INSIDE_VPC },
  'kms-cmk-not-scheduled-for-deletion': { identifier: ids.KMS_CMK_NOT_SCHEDULED_FOR_DELETION },
  'dynamodb-pitr-enabled': { identifier: ids.DYNAMODB_PITR_ENABLED },
  'alb-http-to-https-redirection-check': { identifier: ids.ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK },
  'alb-waf-enabled': { identifier: ids.ALB_WAF_ENABLED },
  'secretsmanager-using-cmk': { identifier: ids.SECRETSMANAGER_USING_CMK },
};

/** Rules on account-wide (global) resources; evaluated only in the cell that records global resources. */
export const GLOBAL_RULES: typeof REGIONAL_RULES = {
  'root-account-mfa-enabled': { identifier: ids.ROOT_ACCOUNT_MFA_ENABLED },
  'iam-root-access-key-check': { identifier: ids.IAM_ROOT_ACCESS_KEY_CHECK },
  'mfa-enabled-for-iam-console-access': { identifier: ids.MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS },
  'multi-region-cloudtrail-enabled': { identifier: ids.CLOUDTRAIL_MULTI_REGION_ENABLED },
  's3-account-level-public-access-blocks': { identifier: ids.S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC },
};

export interface SecurityConfigRulesProps {
  /** `livechat-dev`: prefixes every rule name (the compliance alert matches on it). */
  readonly prefix: string;
  /** `create` a recorder and delivery channel in this region, or use the `existing` one. */
  readonly recorder: 'create' | 'existing';
  /** Record IAM and other global resources and run the global rules (exactly one region). */
  readonly recordGlobalResources: boolean;
  /** Server access-log bucket for the delivery bucket. @default - no access logging */
  readonly accessLogsBucket?: s3.IBucket;
  /** Removal policy of the delivery bucket and key. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class SecurityConfigRules extends Construct {
  public readonly rules: config.ManagedRule[] = [];
  /** The delivery bucket, when this construct created the recorder. */
  public readonly deliveryBucket?: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecurityConfigRulesProps) {
    super(scope, id);
    let recorder: config.CfnConfigurationRecorder | undefined;
    let channel: config.CfnDeliveryChannel | undefined;
    if (props.recorder === 'create') {
      const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
      const { account } = Stack.of(this);
      const key = new kms.Key(this, 'DeliveryKey', {
        description: 'Encrypts AWS Config snapshots and history',
        enableKeyRotation: true,
        removalPolicy,
      });
      const accessLogsBucket = props.accessLogsBucket ?? this.ownAccessLogsBucket(removalPolicy);
      const bucket = new s3.Bucket(this, 'DeliveryBucket', {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: accessLogsBucket,
        serverAccessLogsPrefix: 'config-delivery/',
        lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(365) }],
        removalPolicy,
      });
      const notReplicated =
        'Config history is regional evidence that AWS Config also keeps; each region records its own.';
      Validations.of(bucket).acknowledge(
        { id: 'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled', reason: notReplicated },
        { id: 'PCI.DSS.321::PCI.DSS.321-S3BucketReplicationEnabled', reason: notReplicated },
      );
      // The service principal delivers (AWS-documented bucket policy), so the recorder role needs no S3 grants.
      const config_ = new iam.ServicePrincipal('config.amazonaws.com', {
        conditions: { StringEquals: { 'AWS:SourceAccount': account } },
      });
      bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AWSConfigBucketChecks',
          principals: [config_],
          actions: ['s3:GetBucketAcl', 's3:ListBucket'],
          resources: [bucket.bucketArn],
        }),
      );
      bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AWSConfigBucketDelivery',
          principals: [config_],
          actions: ['s3:PutObject'],
          resources: [bucket.arnForObjects(`AWSLogs/${account}/Config/*`)],
          conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }),
      );
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AWSConfigEncryptsDeliveries',
          principals: [config_],
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
        }),
      );
      const role = new iam.Role(this, 'RecorderRole', {
        description: 'AWS Config recorder: reads resource configurations',
        assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
      });
      Validations.of(role).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
        reason: 'AWS maintains the read permissions of every resource type Config records in this policy.',
      });
      recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
        roleArn: role.roleArn,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.recordGlobalResources },
      });
      channel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
        s3BucketName: bucket.bucketName,
        s3KmsKeyArn: key.keyArn,
        configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
      });
      channel.node.addDependency(bucket.policy!);
      this.deliveryBucket = bucket;
    }
    const rules = props.recordGlobalResources ? { ...REGIONAL_RULES, ...GLOBAL_RULES } : REGIONAL_RULES;
    for (const [name, rule] of Object.entries(rules)) {
      const managed = new config.ManagedRule(this, name, {
        configRuleName: `${props.prefix}-${name}`,
        identifier: rule.identifier,
        inputParameters: rule.inputParameters,
      });
      if (recorder && channel) managed.node.addDependency(recorder, channel);
      this.rules.push(managed);
    }
  }

  /** A server access-log bucket of its own when the cell's is not passed in (SSE-S3: log delivery cannot use KMS). */
  private ownAccessLogsBucket(removalPolicy: RemovalPolicy): s3.Bucket {
    const logs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
    });
    const reason = 'This bucket is the access-log destination itself; logging it would recurse.';
    const regional =
      'Access logs of a regional delivery bucket are regional evidence and are not replicated.';
    const sseS3Only = 'S3 server access log delivery supports only SSE-S3 on the destination bucket.';
    Validations.of(logs).acknowledge(
      { id: 'AwsSolutions::AwsSolutions-S1', reason },
      { id: 'NIST.800.53.R5::NIST.800.53.R5-S3BucketLoggingEnabled', reason },
      { id: 'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled', reason: regional },
      { id: 'PCI.DSS.321::PCI.DSS.321-S3BucketReplicationEnabled', reason: regional },
      { id: 'NIST.800.53.R5::NIST.800.53.R5-S3DefaultEncryptionKMS', reason: sseS3Only },
      { id: 'PCI.DSS.321::PCI.DSS.321-S3DefaultEncryptionKMS', reason: sseS3Only },
    );
    return logs;
  }
}
