// Bundles the functions the flow needs, applies their environment and imports them as hosted invokers.
import { existsSync } from 'node:fs';
import { ENV, FUNCTIONS, type FunctionName } from '../../lambdas/shared/definitions';
import type { RuntimeLog } from '../console-log';
import { bundleFunctions, importHandler } from './bundle-functions';
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
  readonly rootDir: string;
  readonly environment: Record<string, string>;
  readonly region: string;
  readonly accountId: string;
  readonly log: RuntimeLog;
  readonly functions?: readonly FunctionName[];
}

/** Environment variables a developer's shell may hold that would point the SDK elsewhere. */
const HOST_AWS_VARIABLES = ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_CONFIG_FILE'];

export async function loadHandlers(options: LoadHandlersOptions): Promise<Partial<Record<FunctionName, LambdaInvoker>>> {
  const { rootDir, log } = options;
  const started = Date.now();
  const { bundled, missing } = await bundleFunctions(rootDir, options.functions ?? LOCAL_FUNCTIONS, existsSync);
  for (const name of missing) log.error('lambda', `${FUNCTIONS[name].entry} does not exist: ${name} is not served`);
  log.info('lambda', `bundled ${bundled.length} functions into .local/build (${Date.now() - started} ms)`);

  for (const name of HOST_AWS_VARIABLES) delete process.env[name];
  Object.assign(process.env, options.environment);
  process.setSourceMapsEnabled(true);

  const invokers: Partial<Record<FunctionName, LambdaInvoker>> = {};
  for (const bundle of bundled) {
    const definition = FUNCTIONS[bundle.name];
    // Powertools reads the service name when the module is evaluated (the function's cold start).
    process.env[ENV.powertoolsServiceName] = definition.id;
    const handler = await importHandler(bundle);
    invokers[bundle.name] = hostLambda({
      definition,
      handler,
      region: options.region,
      accountId: options.accountId,
      onInvoke: (report) => {
        if (report.error) log.error('lambda', `${report.functionId} ${report.requestId} failed`, report.error);
        else log.debug('lambda', `${report.functionId} ${report.durationMs} ms`);
      },
    });
  }
  delete process.env[ENV.powertoolsServiceName];
  return invokers;
}
