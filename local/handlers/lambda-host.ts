// Invokes a function container as the Lambda service would: a request id, the deadline, the timeout, a report.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { FunctionDefinition } from '../../lambdas/shared/definitions';

/** What the gateway, the token endpoint and the poller call: one invocation, resolved with the handler's result. */
export type LambdaInvoker = (event: unknown) => Promise<unknown>;

/** A container able to run one invocation with the given request id and deadline (epoch ms). */
export type ContainerInvoke = (event: unknown, requestId: string, deadline: number) => Promise<unknown>;

export interface InvocationReport {
  readonly functionId: string;
  readonly requestId: string;
  readonly durationMs: number;
  readonly error?: unknown;
}

export class LambdaTimeoutError extends Error {
  override readonly name = 'LambdaTimeoutError';
}

/** Wraps a container so every call gets a request id and fails after the function's timeout. */
export function hostLambda(
  definition: FunctionDefinition,
  invoke: ContainerInvoke,
  onInvoke?: (report: InvocationReport) => void,
): LambdaInvoker {
  return async (event) => {
    const requestId = randomUUID();
    const started = Date.now();
    const timeoutMs = definition.timeoutSeconds * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LambdaTimeoutError(`Task timed out after ${definition.timeoutSeconds}.00 seconds`)),
        timeoutMs,
      );
    });
    try {
      const result = await Promise.race([invoke(event, requestId, started + timeoutMs), timeout]);
      onInvoke?.({ functionId: definition.id, requestId, durationMs: Date.now() - started });
      return result;
    } catch (error) {
      onInvoke?.({ functionId: definition.id, requestId, durationMs: Date.now() - started, error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Stands in for a function whose entry does not exist in this checkout: every call fails with a clear cause. */
export function missingFunction(entry: string): LambdaInvoker {
  return async () => {
    throw new Error(`${entry} does not exist in this checkout, so the function is not served`);
  };
}

/** The Lambda context of one invocation, as the Lambda runtime gives it to a handler. */
export function lambdaContext(
  data: {
    readonly functionName: string;
    readonly memoryMb: number;
    readonly region: string;
    readonly accountId: string;
  },
  requestId: string,
  deadline: number,
): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: data.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${data.region}:${data.accountId}:function:${data.functionName}`,
    memoryLimitInMB: String(data.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${data.functionName}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
