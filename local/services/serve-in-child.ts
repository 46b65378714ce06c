// Runs a DynamoDB-compatible HTTP server as a child process of the local runtime: reports its port, exits with its parent.
import type { Server } from 'node:http';

/** Listens on loopback, tells the parent (IPC) the bound port, and stops on SIGTERM or when the parent goes. */
export function serveInChild(server: Server, port = Number(process.argv[2] ?? 0)): void {
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    process.send?.({ ready: true, port: bound });
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  // Ctrl+C reaches the whole process group: the parent decides when its services stop.
  process.on('SIGINT', () => undefined);
}
