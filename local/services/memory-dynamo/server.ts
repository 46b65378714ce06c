// HTTP server speaking DynamoDB's JSON 1.0 protocol over the in-memory tables: one POST per operation.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { batchGetItem, batchWriteItem } from './batch-operations';
import { DynamoError } from './errors';
import { deleteItem, getItem, putItem, updateItem } from './item-operations';
import { query, scan } from './query-scan';
import { TableCatalog } from './table-catalog';
import { RequestTokens, transactGetItems, transactWriteItems } from './transactions';

const TARGET_PREFIX = 'DynamoDB_20120810.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const ERROR_NAMESPACE = 'com.amazonaws.dynamodb.v20120810#';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

type Operation = (input: Record<string, unknown>) => unknown;

export interface MemoryDynamoOptions {
  /** Called once per failed request (the local console prints it). */
  readonly onError?: (operation: string, error: DynamoError) => void;
}

/** The operations by name over one catalog of tables. */
export function createOperations(catalog = new TableCatalog()): Record<string, Operation> {
  const tokens = new RequestTokens();
  return {
    CreateTable: (input) => catalog.createTable(input),
    DescribeTable: (input) => catalog.describeTable(input),
    DeleteTable: (input) => catalog.deleteTable(input),
    ListTables: (input) => catalog.listTables(input),
    GetItem: (input) => getItem(catalog, input),
    PutItem: (input) => putItem(catalog, input),
    UpdateItem: (input) => updateItem(catalog, input),
    DeleteItem: (input) => deleteItem(catalog, input),
    Query: (input) => query(catalog, input),
    Scan: (input) => scan(catalog, input),
    BatchGetItem: (input) => batchGetItem(catalog, input),
    BatchWriteItem: (input) => batchWriteItem(catalog, input),
    TransactWriteItems: (input) => transactWriteItems(catalog, tokens, input),
    TransactGetItems: (input) => transactGetItems(catalog, input),
  };
}

/** An HTTP server with its own empty set of tables; call `listen` on it. */
export function createMemoryDynamoServer(options: MemoryDynamoOptions = {}): Server {
  const operations = createOperations();
  const requestIds = { prefix: `${process.pid.toString(36)}-${Date.now().toString(36)}-`, next: 0 };
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      respond(
        operations,
        options,
        req,
        res,
        size > MAX_BODY_BYTES ? undefined : chunks,
        `${requestIds.prefix}${requestIds.next++}`,
      ),
    );
  });
}

function respond(
  operations: Record<string, Operation>,
  options: MemoryDynamoOptions,
  req: IncomingMessage,
  res: ServerResponse,
  chunks: Buffer[] | undefined,
  requestId: string,
): void {
  const target = String(req.headers['x-amz-target'] ?? '');
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  let status = 200;
  let body: unknown;
  try {
    const operation = req.method === 'POST' ? operations[name] : undefined;
    if (!operation)
      throw new DynamoError('UnknownOperationException', `Unknown operation: ${target || '(none)'}`);
    if (!chunks) throw new DynamoError('ValidationException', 'Request body is too large', {}, 413);
    let input: unknown;
    try {
      input = JSON.parse(
        chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'),
      );
    } catch {
      throw new DynamoError('SerializationException', 'Start of structure or map found where not expected');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new DynamoError('SerializationException', 'The request body must be a JSON object');
    }
    body = operation(input as Record<string, unknown>);
  } catch (error) {
    const failure =
      error instanceof DynamoError
        ? error
        : new DynamoError(
            'InternalServerError',
            error instanceof Error ? error.message : String(error),
            {},
            500,
          );
    status = failure.status;
    body = { __type: ERROR_NAMESPACE + failure.type, message: failure.message, ...failure.extra };
    options.onError?.(name || target, failure);
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}
