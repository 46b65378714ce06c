// The end-to-end floor (own process): the load generator's messages through direct in-process calls of the
// Connect, ChatRouter and LlmWorker bundles against the same local services — no gateway, no worker threads.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { DynamoDbTenantStore } from '../lambdas/shared/adapters/dynamodb-tenant-store';
import { toAuthorizerContextMap } from '../lambdas/shared/authorizer-context';
import { FUNCTIONS, ORIGIN_VERIFY_HEADER, type FunctionName } from '../lambdas/shared/definitions';
import { createRuntimeLog } from '../local/console-log';
import { DEMO_TENANTS, demoTenantSettings } from '../local/demo-tenants';
import { startFakeLlmServer, type FakeLlmServer } from '../local/fake-llm/server';
import {
  connectEvent,
  headerMaps,
  messageEvent,
  newConnectionId,
  queryMaps,
  type ConnectionInfo,
  type GatewayIdentity,
} from '../local/gateway/apigw-events';
import { hostLambda, type LambdaInvoker } from '../local/handlers/lambda-host';
import { HOST_AWS_VARIABLES, prepareBundles } from '../local/handlers/load-handlers';
import { lambdaEnvironment } from '../local/lambda-environment';
import { seedKnowledge, seedSecrets } from '../local/seed';
import { closeServer, listen } from '../local/services/http-util';
import { startQueuePoller, type SqsPoller } from '../local/services/sqs-poller';
import { startServices, TURN_QUEUE, type LocalServices } from '../local/services/start-services';
import { createConnectionsSink, type SinkFrame } from './connections-sink';
import { benchMessageText, runOpenLoop } from './open-loop';
import { latencySummary, round, type LatencySummary } from './stats';

/** As in local/runtime.ts: the cell's region, account, resource prefix and WebSocket stage. */
const REGION = 'eu-west-1';
const ACCOUNT_ID = '000000000000';
const PREFIX = 'livechat-local';
const STAGE = 'ws';
/** The functions a chat turn runs through once the socket is open (the authorizer is measured elsewhere). */
const DIRECT_FUNCTIONS = ['connect', 'chatRouter', 'llmWorker'] as const satisfies readonly FunctionName[];

export interface DirectOptions {
  readonly sockets: number;
  readonly rate: number;
  readonly durationSeconds: number;
  /** Longest wait for stragglers after the last scheduled send (the run ends early once all are answered). */
  readonly graceSeconds: number;
  readonly rootDir: string;
  /** Where the bundles are built (reused when up to date). @default a temporary directory */
  readonly buildDir?: string;
}

export interface DirectResult {
  readonly sockets: number;
  readonly rate: number;
  readonly scheduled: number;
  readonly acked: number;
  readonly lost: number;
  readonly answered: number;
  /** `error` frames by code, plus `invoke:<reason>` for failed or non-200 ChatRouter invocations. */
  readonly errors: Record<string, number>;
  readonly ackMs: LatencySummary;
  readonly firstDeltaMs: LatencySummary;
  /** First-token relay: the sink's first-delta receive time minus the fake provider's first-chunk write time. */
  readonly relayMs: LatencySummary;
  /** Driver CPU (handlers, fakes, poller) + dynalite child CPU from the first send until all were answered, per message. */
  readonly cpuMsPerMessage: number;
  readonly cpuMs: { readonly driver: number; readonly dynamodb: number };
  /** The dynalite child's process id (stopped when the run returns). */
  readonly dynamoPid: number;
}

interface DirectConnection {
  readonly info: ConnectionInfo;
  readonly authorizer: Record<string, unknown>;
}

const now = () => performance.timeOrigin + performance.now();

/** utime + stime of a process in ms (Linux clock ticks at 100/s). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The Lambda context function-host.ts gives each invocation. */
function lambdaContext(name: FunctionName, requestId: string, deadline: number): Context {
  const functionName = `local-${FUNCTIONS[name].id}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: String(FUNCTIONS[name].memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Imports each bundle in this thread (after the environment is set) and wraps it like the runtime's invokers. */
async function importHandlers(
  files: ReadonlyMap<FunctionName, string>,
): Promise<Record<string, LambdaInvoker>> {
  const invokers: Record<string, LambdaInvoker> = {};
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
      call(event, lambdaContext(name, requestId, deadline)),
    );
  }
  return invokers;
}

export async function runDirect(options: DirectOptions): Promise<DirectResult> {
  const log = createRuntimeLog('quiet', (line) => process.stderr.write(`${line}\n`));
  const ownBuildDir = options.buildDir ? undefined : mkdtempSync(join(tmpdir(), 'bench-direct-build-'));
  const stops: Array<() => Promise<void> | void> = [];
  if (ownBuildDir) stops.push(() => rmSync(ownBuildDir, { recursive: true, force: true }));
  const sockets = new Map<string, DirectConnection>();
  const scheduledAt = new Map<string, number>();
  const lastSentOn = new Map<string, string>();
  const pendingFirstDelta = new Set<string>();
  const acked = new Set<string>();
  const answered = new Set<string>();
  const ackLatency: number[] = [];
  const firstDeltaLatency: number[] = [];
  const firstDeltaAt = new Map<string, number>();
  const errors: Record<string, number> = {};
  const count = (key: string) => void (errors[key] = (errors[key] ?? 0) + 1);

  const onFrame = (connectionId: string, frame: SinkFrame, at: number) => {
    const id = lastSentOn.get(connectionId);
    if (frame.type === 'ack' && frame.clientMessageId && scheduledAt.has(frame.clientMessageId)) {
      if (acked.has(frame.clientMessageId)) return;
      acked.add(frame.clientMessageId);
      ackLatency.push(at - scheduledAt.get(frame.clientMessageId)!);
    } else if (frame.type === 'assistant.delta' && id && pendingFirstDelta.delete(id)) {
      firstDeltaAt.set(id, at);
      firstDeltaLatency.push(at - scheduledAt.get(id)!);
    } else if (frame.type === 'assistant.done' && id) {
      answered.add(id);
    } else if (frame.type === 'error') {
      count(frame.code ?? 'unknown');
    }
  };

  try {
    const bundling = prepareBundles(options.rootDir, options.buildDir ?? ownBuildDir!, log);
    bundling.catch(() => undefined); // awaited below
    const sink: Server = createConnectionsSink({ stage: STAGE, isOpen: (id) => sockets.has(id), onFrame });
    stops.push(() => closeServer(sink));
    const [services, fakeLlm, sinkPort] = await Promise.all([
      startServices({
        rootDir: options.rootDir,
        prefix: PREFIX,
        region: REGION,
        accountId: ACCOUNT_ID,
        log,
        ports: { dynamodb: 0, s3: 0, sqs: 0, secretsManager: 0 },
      }).then((s: LocalServices) => (stops.push(() => s.stop()), s)),
      startFakeLlmServer({ port: 0 }).then((f: FakeLlmServer) => (stops.push(() => f.close()), f)),
      listen(sink, 0),
    ]);

    // The runtime's seeding, minus partner certificates (no token endpoint here).
    const { arns, originVerify } = seedSecrets(services.secrets, PREFIX);
    const knowledgeBucket = `${PREFIX}-knowledge`;
    const tenantStore = new DynamoDbTenantStore(services.doc, services.tables.tenants, { ttlMs: 0 });
    for (const tenant of DEMO_TENANTS)
      await tenantStore.putTenant(demoTenantSettings(tenant, [], process.env));
    await seedKnowledge(services.s3, knowledgeBucket, options.rootDir, DEMO_TENANTS);

    const callbackUrl = `http://127.0.0.1:${sinkPort}/${STAGE}`;
    const environment = lambdaEnvironment({
      region: REGION,
      prefix: PREFIX,
      tables: services.tables,
      turnQueueUrl: services.turnQueue.options.url,
      turnMaxReceiveCount: TURN_QUEUE.maxReceiveCount,
      knowledgeBucket,
      secrets: arns,
      callbackUrl,
      websocketUrl: `ws://127.0.0.1:${sinkPort}/${STAGE}`,
      services: {
        ...services.urls,
        fakeLlm: { openaiBaseUrl: fakeLlm.openaiBaseUrl, anthropicBaseUrl: fakeLlm.url },
      },
      hostEnv: { ...process.env },
    });
    for (const name of HOST_AWS_VARIABLES) delete process.env[name];
    Object.assign(process.env, environment);
    const bundles = await bundling;
    const invoke = await importHandlers(new Map(bundles.functions.map((b) => [b.name, b.file])));

    // Connections: the Connect handler writes each registry row, as after an allowed $connect.
    const gateway: GatewayIdentity = {
      apiId: 'local',
      stage: STAGE,
      region: REGION,
      accountId: ACCOUNT_ID,
      domainName: `127.0.0.1:${sinkPort}`,
    };
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const opened: DirectConnection[] = [];
    for (let i = 0; i < options.sockets; i += 100) {
      const batch = Array.from({ length: Math.min(100, options.sockets - i) }, async (_, j) => {
        const tenant = DEMO_TENANTS[(i + j) % DEMO_TENANTS.length]!;
        const info: ConnectionInfo = {
          connectionId: newConnectionId(),
          connectedAt: Date.now(),
          sourceIp: '127.0.0.1',
          userAgent: 'bench-direct-handlers',
        };
        const authorizer = {
          ...toAuthorizerContextMap({
            tenantId: tenant.tenantId,
            userId: `bench-user-${i + j}`,
            conversationId: randomUUID(),
            jti: randomUUID(),
            cell: REGION,
            tokenExpiresAt: expiresAt,
          }),
          principalId: `t#${tenant.tenantId}`,
          integrationLatency: 0,
        };
        const headers = headerMaps(['Origin', tenant.ownOrigin, 'User-Agent', info.userAgent!], {
          'X-Forwarded-For': info.sourceIp,
          'X-Forwarded-Proto': 'https',
          [ORIGIN_VERIFY_HEADER]: originVerify,
        });
        const query = queryMaps(new URLSearchParams());
        const result = (await invoke.connect!(connectEvent(gateway, info, headers, query, authorizer))) as
          { statusCode?: number } | undefined;
        if (result?.statusCode !== 200) throw new Error(`Connect answered ${result?.statusCode}`);
        sockets.set(info.connectionId, { info, authorizer });
        return { info, authorizer };
      });
      opened.push(...(await Promise.all(batch)));
    }

    // The turn queue's event source mapping, invoking the LlmWorker handler in this thread.
    const poller: SqsPoller = startQueuePoller(
      services.turnQueue,
      invoke.llmWorker!,
      TURN_QUEUE,
      REGION,
      log,
    );
    stops.push(() => poller.stop());

    const total = Math.round(options.rate * options.durationSeconds);
    const cpuStart = process.cpuUsage();
    const dynamoCpuStart = processCpuMs(services.dynamoPid);
    await runOpenLoop(total, options.rate, (k, due) => {
      const connection = opened[k % opened.length]!;
      const clientMessageId = `bench-${k}`;
      scheduledAt.set(clientMessageId, due);
      pendingFirstDelta.add(clientMessageId);
      lastSentOn.set(connection.info.connectionId, clientMessageId);
      const body = JSON.stringify({
        action: 'sendMessage',
        clientMessageId,
        text: benchMessageText(clientMessageId),
      });
      invoke.chatRouter!(
        messageEvent(gateway, connection.info, 'sendMessage', body, false, connection.authorizer),
      ).then(
        (result) => {
          const status = (result as { statusCode?: number } | undefined)?.statusCode ?? 200;
          if (status !== 200) count(`invoke:${status}`);
        },
        (error: unknown) => count(`invoke:${error instanceof Error ? error.name : 'error'}`),
      );
    });
    const graceEnd = now() + options.graceSeconds * 1000;
    while (now() < graceEnd && (answered.size < total || acked.size < total)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const cpu = process.cpuUsage(cpuStart);
    const driverCpuMs = (cpu.user + cpu.system) / 1000;
    const dynamoCpuMs = processCpuMs(services.dynamoPid) - dynamoCpuStart;
    const emitted = (await (await fetch(`${fakeLlm.url}/__bench/first-text`)).json()) as Record<
      string,
      number
    >;
    const relay = [...firstDeltaAt]
      .filter(([id]) => emitted[id] !== undefined)
      .map(([id, at]) => at - emitted[id]!);

    return {
      sockets: opened.length,
      rate: options.rate,
      scheduled: total,
      acked: acked.size,
      lost: total - acked.size,
      answered: answered.size,
      errors,
      ackMs: latencySummary(ackLatency),
      firstDeltaMs: latencySummary(firstDeltaLatency),
      relayMs: latencySummary(relay),
      cpuMsPerMessage: total === 0 ? 0 : round((driverCpuMs + dynamoCpuMs) / total, 3),
      cpuMs: { driver: round(driverCpuMs, 1), dynamodb: round(dynamoCpuMs, 1) },
      dynamoPid: services.dynamoPid,
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

if (require.main === module) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const buildDirArg = process.argv.indexOf('--build-dir');
  runDirect({
    sockets: arg('sockets', 1000),
    rate: arg('rate', 100),
    durationSeconds: arg('duration', 20),
    graceSeconds: arg('grace', 5),
    rootDir: join(__dirname, '..'),
    buildDir: buildDirArg > 0 ? process.argv[buildDirArg + 1] : undefined,
  })
    .then((result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      // The handlers' SDK clients keep sockets alive; the services are stopped, so end here.
      process.exit(0);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
