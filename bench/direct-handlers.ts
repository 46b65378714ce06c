// The end-to-end floor (own process): the load generator's messages through direct in-process calls of the
// Connect, ChatRouter and LlmWorker bundles against the same local services — no gateway, no worker threads.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbTenantStore } from '../lambdas/shared/adapters/dynamodb-tenant-store';
import { createRuntimeLog } from '../local/console-log';
import { DEMO_TENANTS, demoTenantSettings } from '../local/demo-tenants';
import { startFakeLlmServer, type FakeLlmServer } from '../local/fake-llm/server';
import { messageEvent, type GatewayIdentity } from '../local/gateway/apigw-events';
import { HOST_AWS_VARIABLES, prepareBundles } from '../local/handlers/load-handlers';
import { lambdaEnvironment } from '../local/lambda-environment';
import { seedKnowledge, seedSecrets } from '../local/seed';
import { closeServer, listen } from '../local/services/http-util';
import { startQueuePoller, type SqsPoller } from '../local/services/sqs-poller';
import { startServices, TURN_QUEUE, type LocalServices } from '../local/services/start-services';
import { createConnectionsSink, type SinkFrame } from './connections-sink';
import { connectDirectly, importHandlers, LOCAL_CELL, type DirectConnection } from './direct-calls';
import { benchMessageText, now, runOpenLoop, type OpenLoopOutcome } from './open-loop';
import { processCpuMs } from './proc-cpu';
import { latencySummary, round, type LatencySummary } from './stats';

const { region: REGION, accountId: ACCOUNT_ID, prefix: PREFIX, stage: STAGE } = LOCAL_CELL;

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

export interface DirectResult extends OpenLoopOutcome {
  /** First-token relay: the sink's first-delta receive time minus the fake provider's first-chunk write time. */
  readonly relayMs: LatencySummary;
  /**
   * Driver CPU (handlers, fakes, poller) + the DynamoDB child's CPU from the first send until all were answered
   * (or the grace ended), per answered message: under overload unanswered messages did not cost their share.
   */
  readonly cpuMsPerMessage: number;
  readonly cpuMs: { readonly driver: number; readonly dynamodb: number };
  /** The DynamoDB child's process id (stopped when the run returns). */
  readonly dynamoPid: number;
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
    const opened: DirectConnection[] = [];
    for (let i = 0; i < options.sockets; i += 100) {
      const batch = Array.from({ length: Math.min(100, options.sockets - i) }, (_, j) => {
        const tenant = DEMO_TENANTS[(i + j) % DEMO_TENANTS.length]!;
        return connectDirectly(invoke.connect, gateway, tenant, `bench-user-${i + j}`, originVerify);
      });
      for (const connection of await Promise.all(batch)) {
        sockets.set(connection.info.connectionId, connection);
        opened.push(connection);
      }
    }

    // The turn queue's event source mapping, invoking the LlmWorker handler in this thread.
    const poller: SqsPoller = startQueuePoller(services.turnQueue, invoke.llmWorker, TURN_QUEUE, REGION, log);
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
      invoke
        .chatRouter(messageEvent(gateway, connection.info, 'sendMessage', body, false, connection.authorizer))
        .then(
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
      cpuMsPerMessage: answered.size === 0 ? 0 : round((driverCpuMs + dynamoCpuMs) / answered.size, 3),
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
