// Bundles the functions the flow needs and starts one container (worker thread) per function with its environment.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { ENV, FUNCTIONS, type FunctionName } from '../../lambdas/shared/definitions';
import type { RuntimeLog } from '../console-log';
import { bundleFunctions, type Bundles } from './bundle-functions';
import { type FunctionWorker, startFunctionWorker } from './function-worker';
import { hostLambda, type LambdaInvoker } from './lambda-host';

/** The functions the local flow runs (rotation and admin run only on demand). */
export const LOCAL_FUNCTIONS: readonly FunctionName[] = [
  'tokenIssuer',
  'authorizer',
  'connect',
  'disconnect',
  'chatRouter',
  'llmWorker',
];

export interface LoadHandlersOptions {
  readonly bundles: Bundles;
  readonly environment: Record<string, string>;
  /** The developer's environment the containers inherit (minus AWS account variables). */
  readonly hostEnv: NodeJS.ProcessEnv;
  readonly region: string;
  readonly accountId: string;
  readonly log: RuntimeLog;
}

export interface LoadedHandlers {
  readonly invokers: Partial<Record<FunctionName, LambdaInvoker>>;
  stop(): Promise<void>;
}

/** Variables of a developer's shell that would point the SDK at a real account. */
export const HOST_AWS_VARIABLES = ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_CONFIG_FILE'];

function baseEnvironment(hostEnv: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(hostEnv)) {
    if (value !== undefined && !HOST_AWS_VARIABLES.includes(name)) env[name] = value;
  }
  return env;
}

/** Bundles the functions (or reuses the bundles); needs no environment, so it runs while the services start. */
export async function prepareBundles(
  rootDir: string,
  buildDir: string,
  log: RuntimeLog,
  functions: readonly FunctionName[] = LOCAL_FUNCTIONS,
): Promise<Bundles> {
  const started = Date.now();
  const bundles = await bundleFunctions(rootDir, buildDir, functions, existsSync);
  for (const name of bundles.missing) {
    log.error('lambda', `${FUNCTIONS[name].entry} does not exist: ${name} is not served`);
  }
  const verb = bundles.reused ? 'reused' : 'bundled';
  log.info(
    'lambda',
    `${verb} ${bundles.functions.length} functions in ${relative(rootDir, buildDir)} (${Date.now() - started} ms)`,
  );
  return bundles;
}

/** Starts one container per bundled function with the function's environment. */
export async function loadHandlers(options: LoadHandlersOptions): Promise<LoadedHandlers> {
  const { log, bundles } = options;
  const workers: FunctionWorker[] = [];
  const invokers: Partial<Record<FunctionName, LambdaInvoker>> = {};
  const coldStart = Date.now();
  try {
    await Promise.all(
      bundles.functions.map(async (bundle) => {
        const definition = FUNCTIONS[bundle.name];
        const functionName = `local-${definition.id}`;
        const worker = await startFunctionWorker(
          bundles.hostFile,
          {
            bundleFile: bundle.file,
            handlerName: definition.handler,
            functionName,
            memoryMb: definition.memoryMb,
            region: options.region,
            accountId: options.accountId,
          },
          {
            ...baseEnvironment(options.hostEnv),
            ...options.environment,
            [ENV.powertoolsServiceName]: definition.id,
          },
          (error) =>
            log.error(
              'lambda',
              `${definition.id} container crashed; the next invocation starts a new one`,
              error,
            ),
        );
        workers.push(worker);
        invokers[bundle.name] = hostLambda(definition, worker.invoke, (report) => {
          if (report.error)
            log.error('lambda', `${report.functionId} ${report.requestId} failed`, report.error);
          else log.debug('lambda', `${report.functionId} ${report.durationMs} ms`);
        });
      }),
    );
  } catch (error) {
    await Promise.all(workers.map((w) => w.stop()));
    throw error;
  }
  log.info(
    'lambda',
    `${workers.length} function containers started (${Date.now() - coldStart} ms cold start)`,
  );
  return { invokers, stop: async () => void (await Promise.all(workers.map((w) => w.stop()))) };
}
