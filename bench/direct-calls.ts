// Calling the Lambda bundles directly: import them into this thread, give each call a Lambda context,
// and build the connection (events and authorizer context) an allowed `$connect` would have established.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { toAuthorizerContextMap } from '../lambdas/shared/authorizer-context';
import { FUNCTIONS, ORIGIN_VERIFY_HEADER, type FunctionName } from '../lambdas/shared/definitions';
import type { DemoTenant } from '../local/demo-tenants';
import {
  connectEvent,
  headerMaps,
  newConnectionId,
  queryMaps,
  type ConnectionInfo,
  type GatewayIdentity,
} from '../local/gateway/apigw-events';
import { hostLambda, lambdaContext, type LambdaInvoker } from '../local/handlers/lambda-host';

/** As in local/runtime.ts: the cell's region, account, resource prefix and WebSocket stage. */
export const LOCAL_CELL = {
  region: 'eu-west-1',
  accountId: '000000000000',
  prefix: 'livechat-local',
  stage: 'ws',
} as const;

/** The functions a chat turn runs through once the socket is open (the authorizer is measured elsewhere). */
export const DIRECT_FUNCTIONS = [
  'connect',
  'chatRouter',
  'llmWorker',
] as const satisfies readonly FunctionName[];
export type DirectFunction = (typeof DIRECT_FUNCTIONS)[number];

/** The Lambda context the runtime's function host gives each invocation (the same function). */
function contextFor(name: FunctionName, requestId: string, deadline: number): Context {
  const functionName = `local-${FUNCTIONS[name].id}`;
  return lambdaContext(
    {
      functionName,
      memoryMb: FUNCTIONS[name].memoryMb,
      region: LOCAL_CELL.region,
      accountId: LOCAL_CELL.accountId,
    },
    requestId,
    deadline,
  );
}

/**
 * Imports each bundle into this thread and wraps its handler as the runtime does (request id, timeout).
 * Call it only once process.env holds the functions' environment: the bundles read it at import.
 */
export async function importHandlers(
  files: ReadonlyMap<FunctionName, string>,
): Promise<Record<DirectFunction, LambdaInvoker>> {
  const invokers: Partial<Record<DirectFunction, LambdaInvoker>> = {};
  for (const name of DIRECT_FUNCTIONS) {
    const file = files.get(name);
    if (!file) throw new Error(`${FUNCTIONS[name].entry} was not bundled`);
    // Each bundle builds its logger at import: give it its own service name, as its container would.
    process.env.POWERTOOLS_SERVICE_NAME = FUNCTIONS[name].id;
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const handler = module[FUNCTIONS[name].handler];
    if (typeof handler !== 'function') throw new Error(`${file} has no export ${FUNCTIONS[name].handler}`);
    const call = handler as (event: unknown, context: Context) => Promise<unknown>;
    invokers[name] = hostLambda(FUNCTIONS[name], (event, requestId, deadline) =>
      call(event, contextFor(name, requestId, deadline)),
    );
  }
  return invokers as Record<DirectFunction, LambdaInvoker>;
}

/** A connection as the gateway holds it after `$connect`: its info and the authorizer's context. */
export interface DirectConnection {
  readonly info: ConnectionInfo;
  readonly authorizer: Record<string, unknown>;
}

/**
 * Calls the Connect handler as the gateway would after the authorizer allowed the upgrade (the context
 * is the one authorizer-policy.ts passes on: the token's claims plus principalId and integrationLatency).
 */
export async function connectDirectly(
  connect: LambdaInvoker,
  gateway: GatewayIdentity,
  tenant: DemoTenant,
  userId: string,
  originVerify: string,
): Promise<DirectConnection> {
  const info: ConnectionInfo = {
    connectionId: newConnectionId(),
    connectedAt: Date.now(),
    sourceIp: '127.0.0.1',
    userAgent: 'bench-direct-handlers',
  };
  const authorizer = {
    ...toAuthorizerContextMap({
      tenantId: tenant.tenantId,
      userId,
      conversationId: randomUUID(),
      jti: randomUUID(),
      cell: gateway.region,
      tokenExpiresAt: Math.floor(Date.now() / 1000) + 3600,
    }),
    principalId: `t#${tenant.tenantId}`,
    integrationLatency: 0,
  };
  const headers = headerMaps(['Origin', tenant.ownOrigin, 'User-Agent', info.userAgent!], {
    'X-Forwarded-For': info.sourceIp,
    'X-Forwarded-Proto': 'https',
    [ORIGIN_VERIFY_HEADER]: originVerify,
  });
  const result = (await connect(
    connectEvent(gateway, info, headers, queryMaps(new URLSearchParams()), authorizer),
  )) as { statusCode?: number } | undefined;
  if (result?.statusCode !== 200) throw new Error(`Connect answered ${result?.statusCode}`);
  return { info, authorizer };
}
