// Chat routing: the router Lambda on the WebSocket routes, the FIFO turn queue with its DLQ and alarms.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { Construct } from 'constructs';
import { ENV, FUNCTIONS, WEBSOCKET_ROUTES } from '../../lambdas/shared/definitions';
import type { CellData, CellNetwork, CellRuntimeSettings } from '../stacks/cell-interfaces';
import { ChatFunction } from './chat-function';
import { TenantScopedRole } from './tenant-scoped-role';

export interface ChatRoutingProps {
  readonly network: CellNetwork;
  readonly data: CellData;
  readonly settings: CellRuntimeSettings;
  /** The cell's WebSocket API; this construct adds the message routes and `$default`. */
  readonly api: apigwv2.WebSocketApi;
  /** The stage whose `@connections` API the router posts to. */
  readonly stage: apigwv2.WebSocketStage;
  /** `https://<api>.execute-api.<region>.amazonaws.com/<stage>` (never the CloudFront domain). @default stage.callbackUrl */
  readonly callbackUrl?: string;
  /** Timeout of the worker that consumes the queue; the visibility timeout is 6× it. @default FUNCTIONS.llmWorker timeout (120 s) */
  readonly workerTimeout?: Duration;
  /** Deliveries of one turn before it moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** Age of the oldest waiting turn that raises the alarm. @default Duration.minutes(5) */
  readonly oldestTurnAlarmAge?: Duration;
  /** Topic the queue alarms notify (alarm and OK). */
  readonly alarmTopic: sns.ITopic;
  /** Reserved concurrency of the router; caps the blast radius of a flood. @default 100 */
  readonly reservedConcurrentExecutions?: number;
}

export class ChatRouting extends Construct {
  public readonly turnQueue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly router: ChatFunction;
  public readonly tenantScopedRole: TenantScopedRole;
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  public readonly oldestTurnAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ChatRoutingProps) {
    super(scope, id);
    const { data, settings } = props;
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000)
      throw new Error('ChatRouting: maxReceiveCount must be an integer between 1 and 1000');
    const workerTimeout = props.workerTimeout ?? Duration.seconds(FUNCTIONS.llmWorker.timeoutSeconds);
    const removalPolicy = settings.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.deadLetterQueue = new sqs.Queue(this, 'TurnDeadLetterQueue', {
      fifo: true,
      contentBasedDeduplication: false,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: data.dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    const isDlq =
      'This queue is the dead-letter queue of the turn queue; a DLQ of a DLQ would only move the problem.';
    Validations.of(this.deadLetterQueue).acknowledge({ id: 'AwsSolutions-SQS3', reason: isDlq });
    Validations.of(this.deadLetterQueue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason: isDlq });

    this.turnQueue = new sqs.Queue(this, 'TurnQueue', {
      fifo: true,
      contentBasedDeduplication: false,
      deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: data.dataKey,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(workerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
      removalPolicy,
    });

    this.router = new ChatFunction(this, FUNCTIONS.chatRouter.id, {
      definition: FUNCTIONS.chatRouter,
      vpc: props.network.vpc,
      logRetention: settings.logRetentionDays as logs.RetentionDays,
      logKey: data.logKey,
      removalPolicy,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? 100,
    });
    const routerRole = this.router.function.role;
    if (!routerRole) throw new Error('ChatRouting: the router function has no role');

    // Tenant data is reached only through the tenant-scoped role (ADR 0021): the router's own role has no table grants.
    this.tenantScopedRole = new TenantScopedRole(this, 'TenantScopedRole', {
      assumedBy: routerRole,
      readWriteTables: [data.tables.conversations, data.tables.sessions],
      readOnlyTables: [data.tables.tenants],
      knowledgeBucket: data.knowledgeBucket,
      dataKey: data.dataKey,
    });
    this.router
      .addEnvironment(ENV.cellRegion, settings.region)
      .addEnvironment(ENV.conversationsTable, data.tables.conversations.tableName)
      .addEnvironment(ENV.sessionsTable, data.tables.sessions.tableName)
      .addEnvironment(ENV.tenantsTable, data.tables.tenants.tableName)
      .addEnvironment(ENV.conversationRetentionDays, String(settings.conversationRetentionDays))
      .addEnvironment(ENV.websocketCallbackUrl, props.callbackUrl ?? props.stage.callbackUrl)
      .addEnvironment(ENV.tenantScopedRoleArn, this.tenantScopedRole.role.roleArn)
      .bindQueueForSending(ENV.turnQueueUrl, this.turnQueue);
    const manageConnections = props.stage.grantManagementApiAccess(this.router.function);

    const integration = new WebSocketLambdaIntegration('RouterIntegration', this.router.function);
    for (const routeKey of [...WEBSOCKET_ROUTES, '$default']) {
      const route = props.api.addRoute(routeKey, { integration });
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'API Gateway authorizes WebSocket sessions at $connect only; this route acts on that verified context.',
      });
    }

    const alarmAction = new actions.SnsAction(props.alarmTopic);
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'TurnDeadLetterAlarm', {
      alarmDescription: 'A conversation turn failed every delivery and waits in the dead-letter queue.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.oldestTurnAlarm = new cloudwatch.Alarm(this, 'OldestTurnAlarm', {
      alarmDescription: 'Turns wait too long for the assistant worker.',
      metric: this.turnQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) }),
      threshold: (props.oldestTurnAlarmAge ?? Duration.minutes(5)).toSeconds(),
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.deadLetterAlarm, this.oldestTurnAlarm]) {
      alarm.addAlarmAction(alarmAction);
      alarm.addOkAction(alarmAction);
    }
    this.acknowledgeRouterFindings(
      routerRole,
      (manageConnections.principalStatements ?? []).flatMap((s) => s.resources),
    );
  }

  /** The router's remaining nag findings, each acknowledged on its own construct with its reason. */
  private acknowledgeRouterFindings(role: iam.IRole, connectionArns: readonly string[]): void {
    const fn = this.router.function;
    const syncOnly =
      'API Gateway invokes the router synchronously; a Lambda DLQ only applies to asynchronous invocations.';
    const pinnedRuntime = 'Node.js 22 is the runtime the team pins and tests against (ADR 0001).';
    Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: pinnedRuntime });
    Validations.of(fn).acknowledge({ id: 'Serverless-LambdaLatestVersion', reason: pinnedRuntime });
    Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason: syncOnly });
    Validations.of(fn).acknowledge({ id: 'NIST.800.53.R5-LambdaDLQ', reason: syncOnly });
    for (const managed of ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole'])
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${managed}]`,
        reason:
          'AWS maintains this Lambda execution policy (logs, VPC network interfaces) for exactly this use.',
      });
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray trace submission supports no resource-level permissions.',
    });
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*'])
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'SQS needs these data-key actions on the queue key to encrypt turns; the resource is that one key.',
      });
    for (const arn of connectionArns)
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(this).resolve(arn))}]`,
        reason:
          'Connection ids are created at runtime; the grant is limited to the @connections API of this one stage.',
      });
    for (const id of ['NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'])
      Validations.of(policy).acknowledge({
        id,
        reason: 'The grants belong to this one function role and are created with the resources they grant.',
      });
  }
}
