// The one opinionated Lambda construct: runtime, architecture, tracing, log group, VPC placement, bundling.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, type FunctionDefinition } from '../../lambdas/shared/definitions';
import { bundledLambdaCode } from '../lambda-code';

/** Repository root, resolved from this file so synth works from any working directory. */
export { REPO_ROOT } from '../bundling';

export interface ChatFunctionProps {
  /** The function's entry, handler, timeout and memory from `lambdas/shared/definitions`. */
  readonly definition: FunctionDefinition;
  /** The VPC whose private subnets host the function. */
  readonly vpc: ec2.IVpc;
  /** Log retention of the function's own log group. */
  readonly logRetention: logs.RetentionDays;
  /** Customer-managed key encrypting the log group (needs the logs service principal in its policy). */
  readonly logKey: kms.IKey;
  /** Removal policy of the log group. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Extra environment variables. @default - none */
  readonly environment?: Record<string, string>;
  /** Reserved concurrency caps the blast radius of a flood. @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /** Whether the function may reach the internet through NAT (LLM providers, @connections, MCP). @default true */
  readonly internetEgress?: boolean;
  /** Code-signing config the deployed code is checked against (docs/adr/0041). @default - none */
  readonly codeSigningConfig?: lambda.ICodeSigningConfig;
}

/** A Node.js 22 arm64 Lambda in private subnets with its own security group, X-Ray tracing and an encrypted log group. */
export class ChatFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ChatFunctionProps) {
    super(scope, id);
    const { definition } = props;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${definition.id}: egress only, no inbound`,
      allowAllOutbound: false,
    });
    const egressPeer =
      props.internetEgress === false ? ec2.Peer.ipv4(props.vpc.vpcCidrBlock) : ec2.Peer.anyIpv4();
    this.securityGroup.addEgressRule(
      egressPeer,
      ec2.Port.tcp(443),
      'HTTPS to AWS APIs and allowed providers',
    );

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      // Bundled by lib/bundling.ts (the bench and the local runtime build the same bundle), AWS SDK included.
      code: bundledLambdaCode(definition.entry),
      handler: `index.${definition.handler}`,
      description: definition.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: definition.memoryMb,
      timeout: Duration.seconds(definition.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      codeSigningConfig: props.codeSigningConfig,
      environment: {
        [ENV.powertoolsServiceName]: definition.id,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
  }

  /** Sets an environment variable. */
  public addEnvironment(name: string, value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }

  /** Adds the table's env var and the matching grant together. */
  public bindTable(
    envName: string,
    table: dynamodb.ITableV2 | dynamodb.ITable,
    access: 'read' | 'readWrite',
  ): this {
    this.function.addEnvironment(envName, table.tableName);
    if (access === 'read') table.grantReadData(this.function);
    else table.grantReadWriteData(this.function);
    const policy = this.function.role?.node.tryFindChild('DefaultPolicy');
    if (policy) {
      const indexes = flattenCfnReference(Stack.of(this).resolve(`${table.tableArn}/index/*`));
      Validations.of(policy).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${indexes}]`,
        reason: 'The grant covers only the secondary indexes of the bound table itself.',
      });
    }
    return this;
  }

  /** Adds the secret's env var (its ARN) and read access together. */
  public bindSecret(envName: string, secret: secretsmanager.ISecret): this {
    this.function.addEnvironment(envName, secret.secretArn);
    secret.grantRead(this.function);
    return this;
  }

  /** Adds the queue's env var (its URL) and send access together. */
  public bindQueueForSending(envName: string, queue: sqs.IQueue): this {
    this.function.addEnvironment(envName, queue.queueUrl);
    queue.grantSendMessages(this.function);
    return this;
  }

  /** Adds the bucket's env var and read access together. */
  public bindBucket(envName: string, bucket: s3.IBucket, access: 'read' | 'readWrite'): this {
    this.function.addEnvironment(envName, bucket.bucketName);
    if (access === 'read') bucket.grantRead(this.function);
    else bucket.grantReadWrite(this.function);
    return this;
  }
}

export { ENV };
