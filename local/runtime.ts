// startLocalRuntime: the whole cell on one machine with the Lambda handlers' own bundles; writes .local/endpoints.json.
import { mkdir, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { createServer, type Server } from 'node:http';
import { FUNCTIONS, ORIGIN_VERIFY_HEADER, WEBSOCKET_ROUTES } from '../lambdas/shared/definitions';
import { createRuntimeLog } from './console-log';
import { startAdminServer } from './admin-server';
import { createDemoServer } from './demo-server';
import { DEMO_TENANTS } from './demo-tenants';
import { localEndpoints, writeEndpoints } from './endpoints';
import { startFakeLlmServer } from './fake-llm/server';
import { WebSocketGateway } from './gateway/websocket-gateway';
import { missingFunction } from './handlers/lambda-host';
import { loadHandlers, prepareBundles } from './handlers/load-handlers';
import { lambdaEnvironment } from './lambda-environment';
import { ensureLocalPki } from './pki/local-ca';
import { seedKnowledge, seedSecrets, seedTenants } from './seed';
import { closeServer, listen } from './services/http-util';
import { startQueuePoller } from './services/sqs-poller';
import { startServices, TURN_QUEUE } from './services/start-services';
import { createDemoStaticSite } from './static-site';
import type { LocalRuntime, LocalRuntimeOptions, RuntimePorts } from './runtime-options';
import { printSummary } from './summary';
import { createTokenEndpoint } from './token-endpoint';

const REGION = 'eu-west-1';
const ACCOUNT_ID = '000000000000';
const PREFIX = 'livechat-local';
/** The deployed stage name (WebSocketEntry): the socket path and the @connections prefix. */
const STAGE = 'ws';

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const startedAt = Date.now();
  const rootDir = resolve(options.rootDir);
  const localDir = resolve(options.stateDir ?? join(rootDir, '.local'));
  const ports: Partial<RuntimePorts> = options.ports === 0 || !options.ports ? {} : options.ports;
  const hostEnv = options.env ?? process.env;
  const log = options.log ?? createRuntimeLog(options.logLevel ?? 'info');
  await mkdir(localDir, { recursive: true });
  const endpointsFile = join(localDir, 'endpoints.json');
  // A stale file would tell a waiting client the runtime is ready before it is.
  await rm(endpointsFile, { force: true });
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };

  try {
    const gatewayServer = createServer();
    const demoServer = createServer();
    const adminServer = createServer();
    let adminOrigin = '';
    stops.push(
      () => closeServer(gatewayServer),
      () => closeServer(demoServer),
      () => closeServer(adminServer),
    );
    // Each service registers its stop as soon as it runs, so a failed start leaves nothing behind.
    const started = <T>(promise: Promise<T>, stopOf: (value: T) => () => Promise<void>) =>
      promise.then((value) => {
        stops.push(stopOf(value));
        return value;
      });
    const bundling = prepareBundles(rootDir, join(localDir, 'build'), log);
    bundling.catch(() => undefined); // awaited below; a failure surfaces there
    const [pki, services, fakeLlm, gatewayPort, demoPort, adminPort] = await Promise.all([
      ensureLocalPki(
        join(localDir, 'pki'),
        DEMO_TENANTS.map((t) => t.tenantId),
      ),
      started(
        startServices({
          rootDir,
          prefix: PREFIX,
          region: REGION,
          accountId: ACCOUNT_ID,
          log,
          ports: {
            dynamodb: ports.dynamodb ?? 0,
            s3: ports.s3 ?? 0,
            sqs: ports.sqs ?? 0,
            secretsManager: ports.secretsManager ?? 0,
          },
          turnVisibilityTimeoutSeconds: options.turnVisibilityTimeoutSeconds,
          s3CorsOrigins: () => [adminOrigin],
        }),
        (s) => () => s.stop(),
      ),
      started(startFakeLlmServer({ port: ports.fakeLlm ?? 0 }), (f) => () => f.close()),
      listen(gatewayServer, ports.gateway ?? 0),
      listen(demoServer, ports.demo ?? 0),
      listen(adminServer, ports.admin ?? 0),
    ]);
    adminOrigin = `http://127.0.0.1:${adminPort}`;
    log.info(
      'pki',
      `${pki.generated ? 'generated' : 'reused'} CA, server and client certificates in ${relative(rootDir, join(localDir, 'pki'))}`,
    );

    const websocketUrl = `ws://127.0.0.1:${gatewayPort}/${STAGE}`;
    const demoUrl = `http://127.0.0.1:${demoPort}/`;
    const demoOrigins = [`http://127.0.0.1:${demoPort}`, `http://localhost:${demoPort}`];
    const { arns, originVerify } = seedSecrets(services.secrets, PREFIX);
    const knowledgeBucket = `${PREFIX}-knowledge`;
    await seedTenants(services.doc, services.tables.tenants, DEMO_TENANTS, pki, demoOrigins, hostEnv);
    const files = await seedKnowledge(services.s3, knowledgeBucket, rootDir, DEMO_TENANTS);
    log.info('seed', `${DEMO_TENANTS.length} tenants, ${files} FAQ files, signing keys and secrets`);

    const loaded = await loadHandlers({
      bundles: await bundling,
      hostEnv,
      region: REGION,
      accountId: ACCOUNT_ID,
      log,
      environment: lambdaEnvironment({
        region: REGION,
        prefix: PREFIX,
        tables: services.tables,
        turnQueueUrl: services.turnQueue.options.url,
        turnMaxReceiveCount: TURN_QUEUE.maxReceiveCount,
        knowledgeBucket,
        secrets: arns,
        callbackUrl: `http://127.0.0.1:${gatewayPort}/${STAGE}`,
        websocketUrl,
        services: {
          ...services.urls,
          fakeLlm: { openaiBaseUrl: fakeLlm.openaiBaseUrl, anthropicBaseUrl: fakeLlm.url },
        },
        hostEnv,
      }),
    });
    stops.push(() => loaded.stop());
    const handlers = loaded.invokers;

    const chatRoutes = handlers.chatRouter
      ? Object.fromEntries([...WEBSOCKET_ROUTES, '$default'].map((r) => [r, handlers.chatRouter!]))
      : {};
    const gateway = new WebSocketGateway({
      server: gatewayServer,
      identity: {
        apiId: 'local',
        stage: STAGE,
        region: REGION,
        accountId: ACCOUNT_ID,
        domainName: `127.0.0.1:${gatewayPort}`,
      },
      authorizer: handlers.authorizer,
      identitySources: [
        { in: 'query', name: 'token' },
        { in: 'header', name: 'Origin' },
        { in: 'header', name: ORIGIN_VERIFY_HEADER },
      ],
      connect: handlers.connect,
      disconnect: handlers.disconnect,
      routes: chatRoutes,
      originHeaders: () => ({ [ORIGIN_VERIFY_HEADER]: originVerify }),
      log,
    });
    stops.push(() => gateway.close());

    if (handlers.llmWorker) {
      const poller = startQueuePoller(services.turnQueue, handlers.llmWorker, TURN_QUEUE, REGION, log);
      stops.push(() => poller.stop());
    }

    const tokenServer = createTokenEndpoint({
      caPem: pki.ca.cert,
      serverCertPem: pki.server.cert,
      serverKeyPem: pki.server.key,
      tokenIssuer: handlers.tokenIssuer ?? missingFunction(FUNCTIONS.tokenIssuer.entry),
      targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}:targetgroup/${PREFIX}-tokens/local`,
      log,
    });
    const tokenPort = await listen(tokenServer, ports.token ?? 0);
    stops.push(() => closeServer(tokenServer as unknown as Server));
    const tokenUrl = `https://localhost:${tokenPort}/v1/session-tokens`;

    const demo = createDemoServer({
      server: demoServer,
      tokenUrl,
      serverCaPem: pki.ca.cert,
      partners: DEMO_TENANTS.map((t) => ({
        tenantId: t.tenantId,
        displayName: t.displayName,
        certPem: pki.clients[t.tenantId]!.cert,
        keyPem: pki.clients[t.tenantId]!.key,
      })),
      staticHandler: createDemoStaticSite(localDir, [websocketUrl], log),
      log,
    });
    stops.push(() => demo.close());

    const exportsBucket = `${PREFIX}-exports`;
    services.s3.createBucket(exportsBucket);
    const admin = startAdminServer({
      server: adminServer,
      origin: adminOrigin,
      doc: services.doc,
      s3Endpoint: services.urls.s3,
      region: REGION,
      tables: services.tables,
      buckets: { knowledge: knowledgeBucket, exports: exportsBucket },
      tenantIds: DEMO_TENANTS.map((t) => t.tenantId),
      dashboardDir: join(localDir, 'admin-dashboard'),
      log,
    });
    stops.push(() => admin.close());

    const endpoints = localEndpoints({
      rootDir,
      websocketUrl,
      tokenUrl,
      demoUrl,
      allowedOrigin: demoOrigins[0]!,
      pki,
    });
    await writeEndpoints(endpointsFile, endpoints);
    stops.push(() => rm(endpointsFile, { force: true }));
    printSummary(
      log,
      endpoints,
      { ...services.urls, admin: `${adminOrigin}/dev-login` },
      fakeLlm.url,
      Date.now() - startedAt,
    );
    return { endpoints, endpointsFile, adminUrl: `${adminOrigin}/`, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

export type { LocalEndpoints } from './endpoints';
export type { LocalRuntime, LocalRuntimeOptions, RuntimePorts } from './runtime-options';
