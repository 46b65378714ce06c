// Starts the DynamoDB-compatible server (dynalite) in a child process and waits until it listens.
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

export interface DynamoServer {
  readonly endpoint: string;
  readonly port: number;
  /** The child's process id (the bench reads its CPU time). */
  readonly pid: number;
  stop(): Promise<void>;
}

/** Forks local/services/dynalite-child.ts under tsx; resolves once the child reports its port. */
export function startDynamo(rootDir: string, port = 0, timeoutMs = 15_000): Promise<DynamoServer> {
  const child: ChildProcess = fork(join(rootDir, 'local', 'services', 'dynalite-child.ts'), [String(port)], {
    cwd: rootDir,
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.LOCAL_CPU_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LOCAL_CPU_PROFILE_DIR}`]
        : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dynalite did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dynalite exited before it was ready (code ${code})`));
    });
    child.once('message', (message: { ready?: boolean; port?: number }) => {
      if (!message.ready || !message.port) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const bound = message.port;
      resolve({
        endpoint: `http://127.0.0.1:${bound}`,
        port: bound,
        pid: child.pid ?? 0,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
