// Main-thread side of a function container: a worker thread running function-host.mjs, replaced when it crashes.
import { Worker } from 'node:worker_threads';
import type { FunctionHostData, HostReply, HostRequest, SerializedError } from './function-host';

export interface FunctionWorker {
  /** Runs one invocation; rejects with the handler's error (name and message preserved). */
  invoke(event: unknown, requestId: string, deadline: number): Promise<unknown>;
  stop(): Promise<void>;
}

type Pending = Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>;

/** The error that ended each worker thread, read when it exits. */
const lastErrors = new WeakMap<Worker, Error>();

const revive = (e: SerializedError): Error =>
  Object.assign(new Error(e.message), { name: e.name, stack: e.stack });

/** One worker thread: resolves once the bundle finished its cold start. */
function spawn(
  hostFile: string,
  data: FunctionHostData,
  env: Record<string, string>,
  pending: Pending,
): Promise<Worker> {
  // LOCAL_CPU_PROFILE_DIR=<dir> writes a V8 CPU profile per container when it stops (performance work).
  const profileDir = process.env.LOCAL_CPU_PROFILE_DIR;
  const execArgv = [
    '--enable-source-maps',
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  ];
  const worker = new Worker(hostFile, { workerData: data, env, execArgv });
  // Always listened to: an unhandled 'error' event on a Worker would take the whole runtime down.
  worker.on('error', (error) => lastErrors.set(worker, error));
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (reply: HostReply) => {
      if (reply.type === 'ready') {
        worker.off('error', reject);
        return resolve(worker);
      }
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

/**
 * Starts the container with the function's own environment and no loader hooks (the bundle is
 * plain ESM, as in Lambda). When the thread dies (an uncaught error or unhandled rejection, which
 * also ends a Lambda runtime), its invocations fail and the next one gets a fresh cold start.
 */
export async function startFunctionWorker(
  hostFile: string,
  data: FunctionHostData,
  env: Record<string, string>,
  onCrash: (error: Error) => void = () => undefined,
): Promise<FunctionWorker> {
  const pending: Pending = new Map();
  let stopped = false;
  let nextId = 1;
  let current: Promise<Worker> = spawn(hostFile, data, env, pending);

  const watch = (worker: Worker) => {
    worker.once('exit', (code) => {
      const error =
        lastErrors.get(worker) ?? new Error(`${data.functionName} container exited with code ${code}`);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      if (stopped) return;
      onCrash(error);
      current = spawn(hostFile, data, env, pending);
      current.then(watch, () => undefined);
    });
  };
  watch(await current);

  return {
    invoke: async (event, requestId, deadline) => {
      if (stopped) throw new Error(`${data.functionName} container is stopped`);
      const worker = await current;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, event, deadline, requestId } satisfies HostRequest);
      });
    },
    stop: async () => {
      stopped = true;
      const worker = await current.catch(() => undefined);
      await worker?.terminate();
    },
  };
}
