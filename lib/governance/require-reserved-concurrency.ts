// Guards the blast radius of a flood: every product Lambda (ChatFunction) must reserve its concurrency.
import { Annotations, type IAspect } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { ChatFunction } from '../constructs/chat-function';

/**
 * Fails synthesis (an error annotation) for a ChatFunction without reserved concurrency, so one tenant's
 * flood cannot take the account's whole regional concurrency from the other functions.
 */
export class RequireReservedConcurrency implements IAspect {
  public visit(node: IConstruct): void {
    if (!(node instanceof ChatFunction)) return;
    const cfn = node.function.node.defaultChild as lambda.CfnFunction;
    if (cfn.reservedConcurrentExecutions === undefined) {
      Annotations.of(node).addError(
        `${node.node.path}: set reservedConcurrentExecutions (reserved concurrency caps a flood's blast radius)`,
      );
    }
  }
}
