// The AWS JSON 1.0/1.1 wire protocol the SDK v3 uses for SQS and Secrets Manager: one POST per operation.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readBody, sendJson } from './http-util';

/** An error the service returns as `{ "__type", "message" }` with a 4xx status. */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    /** SQS's awsQueryCompatible code (`x-amzn-query-error`), e.g. `AWS.SimpleQueueService.NonExistentQueue`. */
    readonly queryCode?: string,
  ) {
    super(message);
  }
}

export type AwsJsonOperation = (input: Record<string, unknown>) => Promise<unknown> | unknown;

export interface AwsJsonServerOptions {
  /** `AmazonSQS` or `secretsmanager`: the prefix of the `x-amz-target` header. */
  readonly targetPrefix: string;
  /** `application/x-amz-json-1.0` or `-1.1`. */
  readonly contentType: string;
  /** Namespace of error `__type`s, e.g. `com.amazonaws.sqs`. */
  readonly errorNamespace?: string;
  readonly operations: Record<string, AwsJsonOperation>;
  /** Called once per request with its outcome, for the console. */
  readonly onRequest?: (operation: string, status: number, error?: string) => void;
}

/** An HTTP server dispatching `x-amz-target: <prefix>.<Operation>` to the given operations. */
export function createAwsJsonServer(options: AwsJsonServerOptions): Server {
  return createServer((req, res) => {
    void handle(options, req, res);
  });
}

async function handle(
  options: AwsJsonServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  const headers = { 'x-amzn-requestid': requestId };
  const target = String(req.headers['x-amz-target'] ?? '');
  const [prefix, operationName = ''] = target.split('.');
  const reply = (status: number, body: unknown, extra: Record<string, string> = {}) =>
    sendJson(res, status, body, { ...headers, ...extra }, options.contentType);
  try {
    if (req.method !== 'POST' || prefix !== options.targetPrefix) {
      throw new AwsServiceError('UnknownOperationException', `Unsupported target ${target}`);
    }
    const operation = options.operations[operationName];
    if (!operation)
      throw new AwsServiceError('UnknownOperationException', `Unsupported operation ${operationName}`);
    const raw = await readBody(req);
    let input: Record<string, unknown>;
    try {
      input = raw.length === 0 ? {} : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
    } catch {
      throw new AwsServiceError('SerializationException', 'Request body is not JSON');
    }
    const output = await operation(input);
    reply(200, output ?? {});
    options.onRequest?.(operationName, 200);
  } catch (error) {
    const serviceError =
      error instanceof AwsServiceError
        ? error
        : new AwsServiceError('InternalFailure', error instanceof Error ? error.message : String(error), 500);
    const type = options.errorNamespace
      ? `${options.errorNamespace}#${serviceError.type}`
      : serviceError.type;
    const extra: Record<string, string> = { 'x-amzn-errortype': serviceError.type };
    if (serviceError.queryCode) {
      extra['x-amzn-query-error'] =
        `${serviceError.queryCode};${serviceError.status >= 500 ? 'Receiver' : 'Sender'}`;
    }
    reply(serviceError.status, { __type: type, message: serviceError.message }, extra);
    options.onRequest?.(
      operationName || target,
      serviceError.status,
      `${serviceError.type}: ${serviceError.message}`,
    );
  }
}

/** Reads a required string member of an operation's input. */
export function requireString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AwsServiceError('ValidationException', `${name} is required`, 400, 'MissingParameter');
  }
  return value;
}
