// Child process entry: runs the in-memory DynamoDB server on loopback so DynamoDB work uses the second CPU core.
import { createMemoryDynamoServer } from './memory-dynamo/server';

const port = Number(process.argv[2] ?? 0);
const server = createMemoryDynamoServer();
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  process.send?.({ ready: true, port: bound });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => undefined);
