// cdk-nag acknowledgements that every synchronously invoked ChatFunction of the chat stack needs, each with its reason.
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ChatFunction } from './chat-function';

const ack = (construct: IConstruct, id: string, reason: string) =>
  Validations.of(construct).acknowledge({ id, reason });

export interface FunctionAcknowledgementOptions {
  /** Who invokes the function synchronously, e.g. `API Gateway ($connect authorizer)`. */
  readonly invokedBy: string;
  /** The function has a CDK table/secret grant on a customer-managed key (wildcard KMS data-key actions). */
  readonly kmsTableGrant: boolean;
  /** Reserved concurrency is set. */
  readonly reservedConcurrency: boolean;
}

/**
 * Findings that stem from the ChatFunction baseline (Node 22 per ADR 0001, VPC + X-Ray managed
 * permissions, CDK-generated grant policies) or from synchronous invocation; acknowledged on the
 * function, its role and its role's default policy, one finding at a time.
 */
export function acknowledgeChatFunctionBaseline(
  fn: ChatFunction,
  options: FunctionAcknowledgementOptions,
): void {
  const lambdaFn = fn.function;
  const role = lambdaFn.role!;
  const policy = role.node.findChild('DefaultPolicy');

  ack(
    lambdaFn,
    'AwsSolutions::AwsSolutions-L1',
    'Node.js 22 is the pinned runtime of every Lambda (ADR 0001).',
  );
  ack(
    lambdaFn,
    'Serverless::Serverless-LambdaLatestVersion',
    'Node.js 22 is the pinned runtime of every Lambda (ADR 0001).',
  );
  const syncReason = `Invoked synchronously by ${options.invokedBy}; a DLQ only applies to asynchronous invocations.`;
  ack(lambdaFn, 'Serverless::Serverless-LambdaDLQ', syncReason);
  ack(lambdaFn, 'NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ', syncReason);
  if (!options.reservedConcurrency) {
    ack(
      lambdaFn,
      'NIST.800.53.R5::NIST.800.53.R5-LambdaConcurrency',
      'Concurrency is bounded by the caller.',
    );
  }

  ack(
    role,
    'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The AWS-maintained basic execution policy only lets the function write its own logs.',
  );
  ack(
    role,
    'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
    'The AWS-maintained VPC access policy only manages the network interfaces of a function in private subnets.',
  );
  ack(
    policy,
    'NIST.800.53.R5::NIST.800.53.R5-IAMNoInlinePolicy',
    'CDK grants write the function-specific least-privilege statements into the role’s own default policy.',
  );
  ack(
    policy,
    'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    'X-Ray PutTraceSegments/PutTelemetryRecords and EC2 network-interface actions do not support resource scoping.',
  );
  if (options.kmsTableGrant) {
    const kmsReason =
      'CDK grants on the customer-managed data key use data-key action families, scoped to that key.';
    ack(policy, 'AwsSolutions::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', kmsReason);
    ack(policy, 'AwsSolutions::AwsSolutions-IAM5[Action::kms:ReEncrypt*]', kmsReason);
  }
}
