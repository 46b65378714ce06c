// Child process entry: runs dynalite (in-memory) on loopback so DynamoDB work uses the second CPU core.
import dynalite from 'dynalite';

const port = Number(process.argv[2] ?? 0);
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  process.send?.({ ready: true, port: bound });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => undefined);
