// Guards the stateful resources of production: RETAIN on data, and termination protection on their stacks.
import { Annotations, CfnResource, type IAspect, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** CloudFormation types that hold data we cannot recreate. */
export const STATEFUL_RESOURCE_TYPES = [
  'AWS::DynamoDB::GlobalTable',
  'AWS::DynamoDB::Table',
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::Backup::BackupVault',
  'AWS::Cognito::UserPool',
  'AWS::SecretsManager::Secret',
] as const;

/**
 * In production, fails synthesis (an error annotation) when a stateful resource would be deleted or
 * replaced-and-deleted with its stack, and turns on termination protection for every stack holding one.
 */
export class RetainStatefulResources implements IAspect {
  constructor(private readonly production: boolean) {}

  public visit(node: IConstruct): void {
    if (!this.production || !(node instanceof CfnResource)) return;
    if (!(STATEFUL_RESOURCE_TYPES as readonly string[]).includes(node.cfnResourceType)) return;
    const policy = node.cfnOptions.deletionPolicy;
    if (policy !== 'Retain' && policy !== 'RetainExceptOnCreate') {
      Annotations.of(node).addError(
        `${node.cfnResourceType} must use RemovalPolicy.RETAIN in production (deletion policy is ${policy ?? 'Delete'})`,
      );
    }
    const stack = Stack.of(node);
    if (!stack.terminationProtection) stack.terminationProtection = true;
  }
}
