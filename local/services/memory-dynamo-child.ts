// Child process entry: runs the in-memory DynamoDB server on loopback so DynamoDB work uses the second CPU core.
import { createMemoryDynamoServer } from './memory-dynamo/server';
import { serveInChild } from './serve-in-child';

const server = createMemoryDynamoServer();
server.keepAliveTimeout = 60_000;
serveInChild(server);
