// Open-loop load generator (runs in its own process): mints tokens over mTLS, opens sockets, sends on a
// fixed schedule and measures acknowledgement and first-token latency from the *scheduled* send time.
import { readFileSync } from 'node:fs';
import { request, Agent } from 'node:https';
import { join } from 'node:path';
import WebSocket from 'ws';
import { benchMessageText, now, runOpenLoop, type OpenLoopOutcome } from './open-loop';
import { treeCpuMs } from './proc-cpu';
import { latencySummary, round } from './stats';

interface TenantEndpoint {
  readonly id: string;
  readonly origin: string;
  readonly serverCa: string;
  readonly cert: string;
  readonly key: string;
}
interface Endpoints {
  readonly websocketUrl: string;
  readonly tokenUrl: string;
  readonly tenants: readonly TenantEndpoint[];
}

export interface LoadOptions {
  readonly endpointsFile: string;
  readonly sockets: number;
  /** Messages per second across all sockets. */
  readonly rate: number;
  readonly durationSeconds: number;
  /** How long to wait for stragglers after the last scheduled send. */
  readonly graceSeconds: number;
  /** Makes message ids unique per run (`bench-<label>-<k>`), so runs on one runtime never share ids. */
  readonly runLabel?: string;
  /** The runtime's process: CPU of it and its descendants is measured over the send phase. */
  readonly cpuRootPid?: number;
}

export interface LoadResult extends OpenLoopOutcome {
  readonly connectPerSecond: number;
  /** Wall-clock receive time of the first delta per bench nonce (epoch ms), for relay-latency joins. */
  readonly firstDeltaAt: Record<string, number>;
  /**
   * CPU of the runtime's process tree (gateway, functions, services, DynamoDB server) from the first send until
   * every message was answered (or the grace ended), per answered message.
   */
  readonly runtimeCpuMsPerMessage?: number;
}

function mintToken(
  endpoints: Endpoints,
  agent: Agent,
  userId: string,
): Promise<{ token: string; websocketUrl: string }> {
  const body = JSON.stringify({ userId });
  return new Promise((resolve, reject) => {
    const req = request(
      endpoints.tokenUrl,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 201) reject(new Error(`token API answered ${res.statusCode}: ${text}`));
          else resolve(JSON.parse(text) as { token: string; websocketUrl: string });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function openSocket(url: string, token: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?token=${encodeURIComponent(token)}`, {
      origin,
      perMessageDeflate: false,
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused with ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });
}

export async function runLoad(options: LoadOptions, rootDir: string): Promise<LoadResult> {
  const endpoints = JSON.parse(readFileSync(options.endpointsFile, 'utf8')) as Endpoints;
  const agents = endpoints.tenants.map(
    (t) =>
      new Agent({
        keepAlive: true,
        maxSockets: 16,
        ca: readFileSync(join(rootDir, t.serverCa)),
        cert: readFileSync(join(rootDir, t.cert)),
        key: readFileSync(join(rootDir, t.key)),
      }),
  );

  // Mint tokens (not timed), then open sockets (timed: authorizer + registry write per connect).
  const tokens: Array<{ token: string; websocketUrl: string; tenant: TenantEndpoint }> = [];
  for (let i = 0; i < options.sockets; i += 50) {
    const batch = Array.from({ length: Math.min(50, options.sockets - i) }, (_, j) => {
      const index = (i + j) % endpoints.tenants.length;
      const tenant = endpoints.tenants[index];
      return mintToken(endpoints, agents[index], `bench-user-${i + j}`).then((t) => ({
        ...t,
        tenant,
      }));
    });
    tokens.push(...(await Promise.all(batch)));
  }
  const connectStarted = now();
  const sockets: WebSocket[] = [];
  for (let i = 0; i < tokens.length; i += 100) {
    const batch = tokens
      .slice(i, i + 100)
      .map((t) => openSocket(t.websocketUrl || endpoints.websocketUrl, t.token, t.tenant.origin));
    sockets.push(...(await Promise.all(batch)));
  }
  const connectPerSecond = round(sockets.length / ((now() - connectStarted) / 1000), 1);

  const scheduledAt = new Map<string, number>();
  const ackLatency: number[] = [];
  const firstDeltaLatency: number[] = [];
  const firstDeltaAt: Record<string, number> = {};
  const pendingFirstDelta = new Map<string, string>(); // messageId of the answer is unknown: key by socket
  const acked = new Set<string>();
  const answered = new Set<string>();
  const errors: Record<string, number> = {};
  const lastSentOnSocket = new Map<WebSocket, string>();

  sockets.forEach((ws) => {
    ws.on('message', (data) => {
      const at = now();
      const frame = JSON.parse(String(data)) as { type: string; clientMessageId?: string; code?: string };
      if (
        frame.type === 'ack' &&
        frame.clientMessageId &&
        scheduledAt.has(frame.clientMessageId) &&
        !acked.has(frame.clientMessageId)
      ) {
        acked.add(frame.clientMessageId);
        ackLatency.push(at - (scheduledAt.get(frame.clientMessageId) ?? at));
      } else if (frame.type === 'assistant.delta') {
        const id = lastSentOnSocket.get(ws);
        if (id && pendingFirstDelta.has(id)) {
          pendingFirstDelta.delete(id);
          firstDeltaAt[id] = at;
          firstDeltaLatency.push(at - (scheduledAt.get(id) ?? at));
        }
      } else if (frame.type === 'assistant.done') {
        const id = lastSentOnSocket.get(ws);
        if (id) answered.add(id);
      } else if (frame.type === 'error') {
        errors[frame.code ?? 'unknown'] = (errors[frame.code ?? 'unknown'] ?? 0) + 1;
      }
    });
  });

  // Open loop: message k is due at start + k / rate, whatever happened to earlier ones.
  const total = Math.round(options.rate * options.durationSeconds);
  const cpuAtStart = options.cpuRootPid ? treeCpuMs(options.cpuRootPid) : 0;
  await runOpenLoop(total, options.rate, (k, due) => {
    const ws = sockets[k % sockets.length];
    const clientMessageId = `bench-${options.runLabel ?? 'r'}-${k}`;
    scheduledAt.set(clientMessageId, due);
    pendingFirstDelta.set(clientMessageId, clientMessageId);
    lastSentOnSocket.set(ws, clientMessageId);
    ws.send(
      JSON.stringify({ action: 'sendMessage', clientMessageId, text: benchMessageText(clientMessageId) }),
    );
  });
  // Stragglers: wait until every message is acked and answered, at most the grace period.
  const graceEnds = now() + options.graceSeconds * 1000;
  while (now() < graceEnds && (acked.size < total || answered.size < total))
    await new Promise((r) => setTimeout(r, 20));
  const runtimeCpuMs = options.cpuRootPid ? treeCpuMs(options.cpuRootPid) - cpuAtStart : undefined;
  sockets.forEach((ws) => ws.close(1000));
  agents.forEach((a) => a.destroy());

  return {
    sockets: sockets.length,
    rate: options.rate,
    scheduled: total,
    acked: acked.size,
    lost: total - acked.size,
    answered: answered.size,
    errors,
    connectPerSecond,
    ackMs: latencySummary(ackLatency),
    firstDeltaMs: latencySummary(firstDeltaLatency),
    firstDeltaAt,
    ...(runtimeCpuMs !== undefined
      ? { runtimeCpuMsPerMessage: answered.size === 0 ? 0 : round(runtimeCpuMs / answered.size, 3) }
      : {}),
  };
}

if (require.main === module) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const root = join(__dirname, '..');
  const endpointsArg = process.argv.indexOf('--endpoints');
  runLoad(
    {
      endpointsFile:
        endpointsArg > 0 ? process.argv[endpointsArg + 1] : join(root, '.local', 'endpoints.json'),
      sockets: arg('sockets', 1000),
      rate: arg('rate', 100),
      durationSeconds: arg('duration', 20),
      graceSeconds: arg('grace', 5),
      ...(arg('cpu-root', 0) > 0 ? { cpuRootPid: arg('cpu-root', 0) } : {}),
      ...(process.argv.includes('--run')
        ? { runLabel: process.argv[process.argv.indexOf('--run') + 1] }
        : {}),
    },
    root,
  )
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
