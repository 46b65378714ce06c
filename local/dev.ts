// `npm run dev`: starts the local runtime on fixed loopback ports and stops it cleanly on SIGINT/SIGTERM.
import { resolve } from 'node:path';
import { createRuntimeLog, logLevelFrom } from './console-log';
import { startLocalRuntime, type RuntimePorts } from './runtime';

/** LOCAL_PORT_BASE (default 8780) numbers the services consecutively; 0 picks free ports. */
function portsFrom(value: string | undefined): Partial<RuntimePorts> | 0 {
  const base = Number(value ?? 8780);
  if (!Number.isInteger(base) || base < 0 || base > 65_000)
    throw new Error(`LOCAL_PORT_BASE must be a port, got ${value}`);
  if (base === 0) return 0;
  const names: Array<keyof RuntimePorts> = [
    'gateway',
    'token',
    'demo',
    'dynamodb',
    's3',
    'sqs',
    'secretsManager',
    'fakeLlm',
    'admin',
  ];
  return Object.fromEntries(names.map((name, i) => [name, base + i]));
}

async function main(): Promise<void> {
  const log = createRuntimeLog(logLevelFrom(process.env.LOCAL_LOG_LEVEL));
  // Signals are handled from the first moment: endpoints.json appears inside startLocalRuntime, and a
  // client may stop us right after reading it, before that promise has settled here.
  const starting = startLocalRuntime({
    rootDir: resolve(__dirname, '..'),
    stateDir: process.env.LOCAL_STATE_DIR,
    ports: portsFrom(process.env.LOCAL_PORT_BASE),
    log,
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('dev', `${signal}: stopping`);
    starting
      .then((runtime) => runtime.stop())
      .then(
        () => {
          log.info('dev', 'stopped');
          process.exit(0);
        },
        (error: unknown) => {
          log.error('dev', 'stop failed', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  await starting;
}

main().catch((error: unknown) => {
  createRuntimeLog('quiet').error('dev', 'the local runtime could not start', error);
  process.exit(1);
});
