// cdk-nag acknowledgements for CDK's BucketDeployment handler, shared by every static-file deployment of a stack.
import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges a finding on one construct unless it already is: the handler is a stack singleton, so
 * the widget and dashboard deployments both reach it and the second must not record it again.
 */
function acknowledgeOnce(construct: IConstruct, id: string, reason: string): void {
  const recorded = construct.node.metadata.some(
    (entry) =>
      entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY &&
      Object.keys(entry.data as Record<string, string>).some((key) => key === id || key.endsWith(`::${id}`)),
  );
  if (!recorded) Validations.of(construct).acknowledge({ id, reason });
}

/** The `<bucket>/*` resources of the handler's grant, as cdk-nag names them (source asset bucket, destination bucket). */
function wildcardResources(stack: Stack, bucket: s3.IBucket): string[] {
  const qualifier =
    (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? 'hnb659fds';
  const resources = [
    `Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-${stack.account}-${stack.region}/*`,
  ];
  const cfnBucket = bucket.node.defaultChild;
  if (Stack.of(bucket) === stack && cfnBucket instanceof CfnElement) {
    resources.push(`Resource::<${stack.getLogicalId(cfnBucket)}.Arn>/*`);
  }
  return resources;
}

/** The stack-wide singleton Lambda that BucketDeployment uses (same memory limit → one function). */
function singletonHandler(deployment: s3deploy.BucketDeployment): IConstruct {
  const stack = Stack.of(deployment);
  const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('BucketDeployment handler not found in the stack');
  return handler;
}

/**
 * Acknowledges, on the offending constructs only, the findings of CDK's own deployment handler,
 * which we cannot configure: it runs only during `cdk deploy`, never on user traffic.
 */
export function acknowledgeDeploymentHandler(
  deployment: s3deploy.BucketDeployment,
  bucket: s3.IBucket,
  invalidates: boolean,
): void {
  const stack = Stack.of(deployment);
  const handler = singletonHandler(deployment);
  const fn = handler.node.defaultChild ?? handler;
  const role = handler.node.tryFindChild('ServiceRole');
  const policy = role?.node.tryFindChild('DefaultPolicy');
  for (const [id, reason] of [
    [
      'AwsSolutions::AwsSolutions-L1',
      'CDK pins the runtime of its BucketDeployment handler; it runs only at deploy time.',
    ],
    [
      'Serverless::Serverless-LambdaLatestVersion',
      'CDK pins the runtime of its BucketDeployment handler; it runs only at deploy time.',
    ],
    [
      'Serverless::Serverless-LambdaDLQ',
      'A CloudFormation custom resource reports failures to the stack, which rolls back; a DLQ adds nothing.',
    ],
    [
      'NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ',
      'A CloudFormation custom resource reports failures to the stack, which rolls back; a DLQ adds nothing.',
    ],
    [
      'Serverless::Serverless-LambdaTracing',
      'The deploy-time copy of static files has no request path worth tracing.',
    ],
    [
      'NIST.800.53.R5::NIST.800.53.R5-LambdaConcurrency',
      'The handler runs once per deployment, invoked only by CloudFormation.',
    ],
    [
      'NIST.800.53.R5::NIST.800.53.R5-LambdaInsideVPC',
      'It only copies public static files from the CDK asset bucket to the public bucket over AWS APIs.',
    ],
    [
      'PCI.DSS.321::PCI.DSS.321-LambdaInsideVPC',
      'It only copies public static files from the CDK asset bucket to the public bucket over AWS APIs.',
    ],
  ] as const) {
    acknowledgeOnce(fn, id, reason);
  }
  if (role) {
    acknowledgeOnce(
      role,
      'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK attaches the basic execution policy (its own logs) to the deployment handler role.',
    );
  }
  if (policy) {
    for (const pack of ['NIST.800.53.R5', 'PCI.DSS.321']) {
      acknowledgeOnce(
        policy,
        `${pack}::${pack}-IAMNoInlinePolicy`,
        'CDK grants the deployment handler its bucket access through the role default policy.',
      );
    }
    if (bucket.encryptionKey) {
      for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        acknowledgeOnce(
          policy,
          `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
          'CDK grants data-key action families on the bucket key only, to write encrypted objects.',
        );
      }
    }
    for (const finding of [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      ...wildcardResources(stack, bucket),
    ]) {
      acknowledgeOnce(
        policy,
        `AwsSolutions::AwsSolutions-IAM5[${finding}]`,
        'CDK grant for copying build assets into the static bucket; scoped to the asset and destination buckets.',
      );
    }
    if (invalidates) {
      acknowledgeOnce(
        policy,
        'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        'CDK grants cloudfront:CreateInvalidation and GetInvalidation on * for the entry-file invalidation.',
      );
    }
  }
}
