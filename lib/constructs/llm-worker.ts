// The LLM worker: a ChatFunction fed by the FIFO turn queue, with the provider-key secret and least-privilege grants.
import { Arn, ArnFormat, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { Construct } from 'constructs';
import {
  ENV,
  FUNCTIONS,
  MCP_CLIENT_CERTIFICATE_SECRET,
  USAGE_COUNTER_ATTRIBUTES,
  CONNECTION_GONE_ATTRIBUTES,
} from '../../lambdas/shared/definitions';
import { ChatFunction } from './chat-function';
import { grantSecretKeyUse, secretKeyReference } from './secret-key-grants';
import type { TenantScopedAccess } from './tenant-scoped-role';

export interface LlmWorkerProps {
  /** VPC whose private subnets host the worker (egress through NAT on 443 only). */
  readonly vpc: ec2.IVpc;
  /** The FIFO queue of conversation turns (message group = tenant + conversation). */
  /** The FIFO turn queue; its dead-letter redrive's maxReceiveCount is the receive on which a failing turn is recorded as failed. */
  readonly turnQueue: sqs.Queue;
  readonly tenantsTable: dynamodb.ITableV2;
  readonly conversationsTable: dynamodb.ITableV2;
  readonly sessionsTable: dynamodb.ITableV2;
  /** Private FAQ/knowledge bucket (tenant prefixes `t/<tenantId>/`); read only. */
  readonly knowledgeBucket: s3.IBucket;
  /** Customer-managed key encrypting the provider-key secret (and the partner certificate secrets). */
  readonly dataKey: kms.IKey;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** `https://<api>.execute-api.<region>.amazonaws.com/<stage>`: where frames are posted. */
  readonly webSocketCallbackUrl: string;
  /** ARN covering `POST @connections/*` of the WebSocket stage (execute-api:ManageConnections). */
  readonly manageConnectionsArn: string;
  readonly conversationRetentionDays: number;
  /**
   * When given, conversations and the knowledge prefix are reached only through this role (per-tenant
   * credentials, ADR 0021) and the worker's own role gets no grant on them. It must cover the
   * conversations table (read/write) and the knowledge bucket (read).
   * @default - the worker's own role reads the bucket and reads/writes the conversations table
   */
  readonly tenantScopedAccess?: TenantScopedAccess;
  /** Turns per invocation; 1 keeps each turn's deadline its own. @default 1 */
  readonly batchSize?: number;
  /** Most concurrent invocations the queue may drive (bounds provider spend under a flood). @default 50 */
  readonly maxConcurrency?: number;
  /** Removal policy of the log group and the secret. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class LlmWorker extends Construct {
  public readonly chatFunction: ChatFunction;
  /** Secret JSON `{"openai":"…","anthropic":"…"}`, encrypted with the data key; set its value out of band. */
  public readonly apiKeysSecret: secretsmanager.Secret;
  public readonly eventSource: SqsEventSource;

  constructor(scope: Construct, id: string, props: LlmWorkerProps) {
    super(scope, id);
    if (!props.turnQueue.fifo)
      throw new Error('LlmWorker needs a FIFO turn queue (per-conversation ordering)');
    // One source of truth: the worker gives up on exactly the receive after which SQS dead-letters the turn.
    const maxReceiveCount = props.turnQueue.deadLetterQueue?.maxReceiveCount;
    if (maxReceiveCount === undefined)
      throw new Error(
        'LlmWorker needs a turn queue with a dead-letter queue (its last receive records the turn as failed)',
      );
    const batchSize = props.batchSize ?? 1;
    if (batchSize < 1 || batchSize > 10)
      throw new Error('batchSize must be between 1 and 10 for a FIFO queue');

    this.chatFunction = new ChatFunction(this, 'Function', {
      definition: FUNCTIONS.llmWorker,
      vpc: props.vpc,
      logKey: props.logKey,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      internetEgress: true,
      // The event source never drives more than maxConcurrency; reserving it bounds provider spend.
      reservedConcurrentExecutions: props.maxConcurrency ?? 50,
    });
    const fn = this.chatFunction.function;

    this.apiKeysSecret = new secretsmanager.Secret(this, 'ApiKeys', {
      description: 'LLM provider API keys for the worker: JSON {"openai": "...", "anthropic": "..."}',
      // An imported reference: the grant goes on the worker's policy, never on the data stack's key policy.
      encryptionKey: secretKeyReference(this, 'ApiKeysKey', props.dataKey),
      removalPolicy: props.removalPolicy,
    });
    grantSecretKeyUse(fn, props.dataKey, 'read');

    this.chatFunction
      .bindSecret(ENV.llmSecretId, this.apiKeysSecret)
      .bindTable(ENV.tenantsTable, props.tenantsTable, 'read')
      .bindTable(ENV.sessionsTable, props.sessionsTable, 'read');
    if (props.tenantScopedAccess) {
      this.chatFunction
        .addEnvironment(ENV.tenantScopedRoleArn, props.tenantScopedAccess.role.roleArn)
        .addEnvironment(ENV.conversationsTable, props.conversationsTable.tableName)
        .addEnvironment(ENV.knowledgeBucket, props.knowledgeBucket.bucketName);
      if (!fn.role) throw new Error('LlmWorker: the function has no execution role to trust');
      props.tenantScopedAccess.allowAssume(fn.role);
    } else {
      this.chatFunction.bindTable(ENV.conversationsTable, props.conversationsTable, 'readWrite');
      this.bindKnowledgePrefixes(props.knowledgeBucket);
    }
    this.chatFunction
      .addEnvironment(ENV.websocketCallbackUrl, props.webSocketCallbackUrl)
      .addEnvironment(ENV.conversationRetentionDays, String(props.conversationRetentionDays))
      .addEnvironment(ENV.cellRegion, Stack.of(this).region)
      .addEnvironment('TURN_MAX_RECEIVE_COUNT', String(maxReceiveCount));
    // Usage counters are ADD updates on the tenants table: only their attributes, on tenant keys, returning
    // nothing, so text the worker handles cannot rewrite any tenant's settings. Gone connections leave sessions.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'UpdateUsageCountersOnly',
        actions: ['dynamodb:UpdateItem'],
        resources: [props.tenantsTable.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['t#*'] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...USAGE_COUNTER_ATTRIBUTES] },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE'] },
        },
      }),
    );
    // A socket that answered 410 is only marked gone (its $disconnect deletes it and releases its count).
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'MarkGoneConnectionsOnly',
        actions: ['dynamodb:UpdateItem'],
        resources: [props.sessionsTable.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['t#*'] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...CONNECTION_GONE_ATTRIBUTES] },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE'] },
        },
      }),
    );

    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PostToConversationConnections',
        actions: ['execute-api:ManageConnections'],
        resources: [props.manageConnectionsArn],
      }),
    );
    // `livechat/mcp/<tenantId>/client-certificate-XXXXXX`; the code checks the tenant segment per call.
    const mcpSecrets = Arn.format(
      {
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${MCP_CLIENT_CERTIFICATE_SECRET.namePrefix}*${MCP_CLIENT_CERTIFICATE_SECRET.nameSuffix}-??????`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      },
      Stack.of(this),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadTenantMcpClientCertificates',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [mcpSecrets],
      }),
    );
    // The partner certificate secrets use the data key too: grantSecretKeyUse above decrypts only through Secrets Manager.

    this.eventSource = new SqsEventSource(props.turnQueue, {
      batchSize,
      reportBatchItemFailures: true,
      maxConcurrency: props.maxConcurrency ?? 50,
    });
    fn.addEventSource(this.eventSource);
    this.acknowledgeFindings(props.manageConnectionsArn, mcpSecrets, props.knowledgeBucket);
  }

  /** Read access to the tenant prefixes `t/…` only (objects, listing, and decryption through S3). */
  private bindKnowledgePrefixes(bucket: s3.IBucket): void {
    const fn = this.chatFunction.function;
    this.chatFunction.addEnvironment(ENV.knowledgeBucket, bucket.bucketName);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadKnowledgeObjects',
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects('t/*')],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListKnowledgePrefixes',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['t/*'] } },
      }),
    );
    if (bucket.encryptionKey) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'DecryptKnowledgeViaS3',
          actions: ['kms:Decrypt'],
          resources: [bucket.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
  }

  /** The worker's remaining nag findings, each acknowledged on its own construct with its reason. */
  private acknowledgeFindings(connectionsArn: string, mcpSecrets: string, bucket: s3.IBucket): void {
    const fn = this.chatFunction.function;
    const pinnedRuntime = 'Node.js 22 is the runtime the team pins and tests against (ADR 0001).';
    const queueDriven =
      'SQS invokes the worker; failed turns go back to the queue and its redrive policy dead-letters them.';
    Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: pinnedRuntime });
    Validations.of(fn).acknowledge({ id: 'Serverless-LambdaLatestVersion', reason: pinnedRuntime });
    Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason: queueDriven });
    Validations.of(fn).acknowledge({ id: 'NIST.800.53.R5-LambdaDLQ', reason: queueDriven });
    const mapping = fn.node.children.find((c) => c.node.id.startsWith('SqsEventSource:'));
    if (mapping)
      Validations.of(mapping).acknowledge({
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason: queueDriven,
      });
    for (const id of ['AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled'])
      Validations.of(this.apiKeysSecret).acknowledge({
        id,
        reason:
          'Provider API keys are issued in the providers consoles and rotated by the key-rotation runbook.',
      });
    const role = fn.role;
    if (!role) return;
    for (const managed of ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole'])
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${managed}]`,
        reason:
          'AWS maintains this Lambda execution policy (logs, VPC network interfaces) for exactly this use.',
      });
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    const stack = Stack.of(this);
    const wildcards: Array<[string, string]> = [
      ['Resource::*', 'X-Ray trace submission supports no resource-level permissions.'],
      [
        'Action::kms:ReEncrypt*',
        'CDK table grants add the re-encrypt family for the tables customer-managed key.',
      ],
      [
        'Action::kms:GenerateDataKey*',
        'CDK table grants add the data-key family for the tables customer-managed key.',
      ],
      [
        `Resource::${flattenCfnReference(stack.resolve(connectionsArn))}`,
        'Connection ids are minted per socket; the resource is limited to POST @connections of one stage.',
      ],
      [
        `Resource::${flattenCfnReference(stack.resolve(mcpSecrets))}`,
        'Tenant certificate secrets are created at onboarding with this name pattern, and the code binds each to its tenant.',
      ],
      [
        `Resource::${flattenCfnReference(stack.resolve(bucket.arnForObjects('t/*')))}`,
        'The tenant prefixes are the knowledge itself; per-tenant isolation comes from the tenant-scoped role.',
      ],
    ];
    for (const [finding, reason] of wildcards)
      Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    for (const id of ['NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'])
      Validations.of(policy).acknowledge({
        id,
        reason: 'The default policy belongs to this one function role and is versioned with it.',
      });
  }
}
