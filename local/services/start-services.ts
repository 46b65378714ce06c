// Starts the local AWS services the handlers talk to: DynamoDB (child process), S3, Secrets Manager and SQS fakes.
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FUNCTIONS, type TableName } from '../../lambdas/shared/definitions';
import type { RuntimeLog } from '../console-log';
import { createTables } from '../create-tables';
import { startDynamo } from './dynamo';
import { closeServer, listen } from './http-util';
import { S3Fake } from './s3-fake';
import { SecretsManagerFake } from './secrets-manager-fake';
import { SqsFake } from './sqs-fake';
import type { SqsQueue } from './sqs-queue';

/** The turn queue and its event source mapping as the stacks configure them (ChatRouting, LlmWorker constructs). */
export const TURN_QUEUE = {
  visibilityTimeoutSeconds: FUNCTIONS.llmWorker.timeoutSeconds * 6,
  maxReceiveCount: 5,
  batchSize: 1,
  maxConcurrency: 50,
} as const;

export interface ServicePorts {
  readonly dynamodb: number;
  readonly s3: number;
  readonly sqs: number;
  readonly secretsManager: number;
}

export interface LocalServices {
  readonly urls: {
    readonly dynamodb: string;
    readonly s3: string;
    readonly sqs: string;
    readonly secretsManager: string;
  };
  /** Process id of the DynamoDB server's child process (in-memory server or dynalite). */
  readonly dynamoPid: number;
  readonly doc: DynamoDBDocumentClient;
  readonly tables: Record<TableName, string>;
  readonly s3: S3Fake;
  readonly secrets: SecretsManagerFake;
  readonly sqs: SqsFake;
  readonly turnQueue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;
  stop(): Promise<void>;
}

export interface StartServicesOptions {
  readonly rootDir: string;
  readonly prefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly ports: ServicePorts;
  /** Visibility timeout of the turn queue; a failed turn comes back after it. @default TURN_QUEUE */
  readonly turnVisibilityTimeoutSeconds?: number;
  /** Browser origins the S3 fake's CORS rules allow (the admin dashboard's presigned POSTs). */
  readonly s3CorsOrigins?: () => readonly string[];
  readonly log: RuntimeLog;
}

export async function startServices(options: StartServicesOptions): Promise<LocalServices> {
  const { log, prefix, region, accountId } = options;
  const onAwsRequest = (service: string) => (operation: string, status: number, error?: string) =>
    status >= 400
      ? log.request(service, `${operation} ${status} ${error ?? ''}`, status >= 500)
      : log.debug(service, `${operation} ${status}`);

  const dynamoPromise = startDynamo(options.rootDir, options.ports.dynamodb);
  const s3 = new S3Fake({
    corsOrigins: options.s3CorsOrigins,
    onRequest: (method, path, status, error) =>
      status >= 400
        ? log.request('s3', `${method} ${path} ${status} ${error ?? ''}`)
        : log.debug('s3', `${method} ${path} ${status}`),
  });
  const secrets = new SecretsManagerFake({ region, accountId, onRequest: onAwsRequest('secrets') });
  const sqs = new SqsFake({ region, accountId, onRequest: onAwsRequest('sqs') });
  const servers: Server[] = [s3.createServer(), secrets.createServer(), sqs.createServer()];
  const [s3Port, secretsPort, sqsPort] = await Promise.all([
    listen(servers[0]!, options.ports.s3),
    listen(servers[1]!, options.ports.secretsManager),
    listen(servers[2]!, options.ports.sqs),
  ]);
  sqs.setBaseUrl(`http://127.0.0.1:${sqsPort}`);
  const deadLetterQueue = sqs.createQueue({ name: `${prefix}-turns-dlq.fifo` });
  const turnQueue = sqs.createQueue({
    name: `${prefix}-turns.fifo`,
    visibilityTimeoutSeconds: options.turnVisibilityTimeoutSeconds ?? TURN_QUEUE.visibilityTimeoutSeconds,
    deadLetterQueue: { name: deadLetterQueue.options.name, maxReceiveCount: TURN_QUEUE.maxReceiveCount },
  });

  const dynamo = await dynamoPromise;
  if (dynamo.implementation === 'memory')
    log.info(
      'dynamodb',
      `in-memory DynamoDB server (pid ${dynamo.pid}); LOCAL_DYNAMO=dynalite selects dynalite`,
    );
  else
    log.request(
      'dynamodb',
      `dynalite (pid ${dynamo.pid}; LOCAL_DYNAMO=dynalite) has no TransactWriteItems: sending a chat message fails (ADR 0077); use it only to compare single-item behaviour`,
      true,
    );
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tables = await createTables(client, prefix);

  return {
    urls: {
      dynamodb: dynamo.endpoint,
      s3: `http://127.0.0.1:${s3Port}`,
      sqs: `http://127.0.0.1:${sqsPort}`,
      secretsManager: `http://127.0.0.1:${secretsPort}`,
    },
    dynamoPid: dynamo.pid,
    doc,
    tables,
    s3,
    secrets,
    sqs,
    turnQueue,
    deadLetterQueue,
    stop: async () => {
      sqs.close();
      client.destroy();
      await Promise.all([...servers.map(closeServer), dynamo.stop()]);
    },
  };
}
