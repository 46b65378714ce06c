// Starts the local DynamoDB-compatible server in a child process (in-memory by default, dynalite with LOCAL_DYNAMO=dynalite).
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

export type DynamoImplementation = 'memory' | 'dynalite';

export interface DynamoServer {
  /** Which server runs: the in-memory one (default) or dynalite. */
  readonly implementation: DynamoImplementation;
  readonly endpoint: string;
  readonly port: number;
  /** The child's process id (the bench reads its CPU time). */
  readonly pid: number;
  stop(): Promise<void>;
}

/** `LOCAL_DYNAMO=dynalite` selects dynalite; anything else (or unset) the in-memory server. */
export function dynamoImplementation(env: NodeJS.ProcessEnv = process.env): DynamoImplementation {
  const chosen = env.LOCAL_DYNAMO?.trim().toLowerCase();
  if (chosen === undefined || chosen === '' || chosen === 'memory') return 'memory';
  if (chosen === 'dynalite') return 'dynalite';
  throw new Error(`LOCAL_DYNAMO must be "memory" or "dynalite", not "${env.LOCAL_DYNAMO}"`);
}

const CHILD_ENTRIES: Record<DynamoImplementation, string> = {
  memory: 'memory-dynamo-child.ts',
  dynalite: 'dynalite-child.ts',
};

/** Forks the chosen server's child entry under tsx; resolves once the child reports its port. */
export function startDynamo(
  rootDir: string,
  port = 0,
  timeoutMs = 15_000,
  implementation: DynamoImplementation = dynamoImplementation(),
): Promise<DynamoServer> {
  const child: ChildProcess = fork(
    join(rootDir, 'local', 'services', CHILD_ENTRIES[implementation]),
    [String(port)],
    {
      cwd: rootDir,
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.LOCAL_CPU_PROFILE_DIR
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LOCAL_CPU_PROFILE_DIR}`]
          : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${implementation} DynamoDB did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${implementation} DynamoDB exited before it was ready (code ${code})`));
    });
    child.once('message', (message: { ready?: boolean; port?: number }) => {
      if (!message.ready || !message.port) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const bound = message.port;
      resolve({
        implementation,
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
