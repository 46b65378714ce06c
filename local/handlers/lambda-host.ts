// Runs a Lambda handler in-process as the Lambda runtime would: a context object, the timeout, one line per call.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { FunctionDefinition } from '../../lambdas/shared/definitions';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;
export type LambdaInvoker = (event: unknown) => Promise<unknown>;

export interface InvocationReport {
  readonly functionId: string;
  readonly requestId: string;
  readonly durationMs: number;
  readonly error?: unknown;
}

export class LambdaTimeoutError extends Error {}

export interface LambdaHostOptions {
  readonly definition: FunctionDefinition;
  readonly handler: LambdaHandler;
  readonly region: string;
  readonly accountId: string;
  readonly onInvoke?: (report: InvocationReport) => void;
}

/** Wraps a handler so every call gets a fresh Lambda context and fails after the function's timeout. */
export function hostLambda(options: LambdaHostOptions): LambdaInvoker {
  const { definition, handler, region, accountId } = options;
  const functionName = `local-${definition.id}`;
  return async (event) => {
    const requestId = randomUUID();
    const started = Date.now();
    const deadline = started + definition.timeoutSeconds * 1000;
    const context: Context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
      memoryLimitInMB: String(definition.memoryMb),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `local/${requestId}`,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LambdaTimeoutError(`Task timed out after ${definition.timeoutSeconds}.00 seconds`)),
        definition.timeoutSeconds * 1000,
      );
    });
    try {
      const result = await Promise.race([handler(event, context), timeout]);
      options.onInvoke?.({ functionId: definition.id, requestId, durationMs: Date.now() - started });
      return result;
    } catch (error) {
      options.onInvoke?.({ functionId: definition.id, requestId, durationMs: Date.now() - started, error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}
