// Main-thread side of a function container: a worker thread running function-host.mjs, one per function.
import { Worker } from 'node:worker_threads';
import type { FunctionHostData, HostReply, HostRequest, SerializedError } from './function-host';

export interface FunctionWorker {
  /** Runs one invocation; rejects with the handler's error (name and message preserved). */
  invoke(event: unknown, requestId: string, deadline: number): Promise<unknown>;
  stop(): Promise<void>;
}

const revive = (e: SerializedError): Error =>
  Object.assign(new Error(e.message), { name: e.name, stack: e.stack });

/**
 * Starts the worker with the function's own environment and no loader hooks (the bundle is plain
 * ESM, as in Lambda), and resolves once its module finished its cold start.
 */
export function startFunctionWorker(
  hostFile: string,
  data: FunctionHostData,
  env: Record<string, string>,
): Promise<FunctionWorker> {
  // LOCAL_CPU_PROFILE_DIR=<dir> writes a V8 CPU profile per container when it stops (performance work).
  const profileDir = process.env.LOCAL_CPU_PROFILE_DIR;
  const execArgv = [
    '--enable-source-maps',
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  ];
  const worker = new Worker(hostFile, { workerData: data, env, execArgv });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  worker.on('exit', () => {
    exited = true;
    for (const p of pending.values()) p.reject(new Error(`${data.functionName} container exited`));
    pending.clear();
  });
  const handle: FunctionWorker = {
    invoke: (event, requestId, deadline) => {
      if (exited) return Promise.reject(new Error(`${data.functionName} container is stopped`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, event, deadline, requestId } satisfies HostRequest);
      });
    },
    stop: async () => {
      if (!exited) await worker.terminate();
    },
  };
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (reply: HostReply) => {
      if (reply.type === 'ready') return resolve(handle);
      if (reply.type === 'startError') {
        void worker.terminate();
        return reject(revive(reply.error));
      }
      const entry = pending.get(reply.id);
      if (!entry) return;
      pending.delete(reply.id);
      if (reply.type === 'result') entry.resolve(reply.result);
      else entry.reject(revive(reply.error));
    });
  });
}
