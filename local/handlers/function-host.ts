// Worker-thread entry (bundled to .local/build/function-host.mjs): one Lambda function's container.
// It imports the function's bundle once (the cold start) and runs each invocation with a Lambda context.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from './lambda-host';
import type { Context } from 'aws-lambda';

export interface FunctionHostData {
  readonly bundleFile: string;
  readonly handlerName: string;
  readonly functionName: string;
  readonly memoryMb: number;
  readonly region: string;
  readonly accountId: string;
}

export type HostRequest = {
  readonly id: number;
  readonly event: unknown;
  readonly deadline: number;
  readonly requestId: string;
};
export type HostReply =
  | { readonly type: 'ready' }
  | { readonly type: 'startError'; readonly error: SerializedError }
  | { readonly type: 'result'; readonly id: number; readonly result: unknown }
  | { readonly type: 'error'; readonly id: number; readonly error: SerializedError };

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

const serialize = (error: unknown): SerializedError =>
  error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { name: 'Error', message: String(error) };

async function main(): Promise<void> {
  const data = workerData as FunctionHostData;
  const port = parentPort;
  if (!port) throw new Error('function-host runs only as a worker thread');
  let handler: (event: unknown, context: Context) => Promise<unknown>;
  try {
    const module = (await import(pathToFileURL(data.bundleFile).href)) as Record<string, unknown>;
    const exported = module[data.handlerName];
    if (typeof exported !== 'function')
      throw new Error(`${data.bundleFile} has no export ${data.handlerName}`);
    handler = exported as typeof handler;
  } catch (error) {
    port.postMessage({ type: 'startError', error: serialize(error) } satisfies HostReply);
    return;
  }
  port.on('message', (request: HostRequest) => {
    const context = lambdaContext(data, request.requestId, request.deadline);
    Promise.resolve()
      .then(() => handler(request.event, context))
      .then(
        (result) => port.postMessage({ type: 'result', id: request.id, result } satisfies HostReply),
        (error: unknown) =>
          port.postMessage({ type: 'error', id: request.id, error: serialize(error) } satisfies HostReply),
      );
  });
  port.postMessage({ type: 'ready' } satisfies HostReply);
}

void main();
