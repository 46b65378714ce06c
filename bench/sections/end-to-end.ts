// End to end through the local runtime: the runtime and an open-loop load generator in separate processes.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DirectResult } from '../direct-handlers';
import type { LoadResult } from '../load-generator';
import { percentile, round, summarize } from '../stats';
import type { Figure, SectionResult } from '../types';

const REPO_ROOT = join(__dirname, '..', '..');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const PORT_BASE = 18780;
/** The fake LLM's port in local/dev.ts's consecutive numbering (gateway, token, demo, dynamodb, s3, sqs, secrets, fakeLlm). */
const FAKE_LLM_PORT = PORT_BASE + 7;
const run = promisify(execFile);
/** Knee steps (msg/s) above and below the main rate. */
const KNEE_STEPS_UP = [200, 400, 800];
const KNEE_STEPS_DOWN = [70, 50, 35, 25, 15, 10];
/** The floor's CPU figure comes from a run at this share of the main rate, for this long (full mode). */
const FLOOR_SUSTAINED_SHARE = 0.4;
const FLOOR_SUSTAINED_SECONDS = 10;
/** Repeated main runs (full mode): near saturation one run's p99 alone says little. */
const MAIN_RUNS = 2;

/** `a` or `a–b` for a figure label. */
const range = (values: readonly number[]): string => {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? `${low}` : `${low}–${high}`;
};

async function startRuntime(stateDir: string): Promise<ChildProcess> {
  const child = spawn(TSX, [join(REPO_ROOT, 'local', 'dev.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      LOCAL_PORT_BASE: String(PORT_BASE),
      LOCAL_STATE_DIR: stateDir,
      LOCAL_LOG_LEVEL: process.env.BENCH_RUNTIME_LOG ?? 'quiet',
    },
    stdio: ['ignore', process.env.BENCH_RUNTIME_LOG ? 'inherit' : 'ignore', 'inherit'],
  });
  const file = join(stateDir, 'endpoints.json');
  const deadline = Date.now() + 90_000;
  while (!existsSync(file)) {
    if (child.exitCode !== null) throw new Error(`local runtime exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('local runtime did not write endpoints.json within 90 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return child;
}

async function load(
  stateDir: string,
  sockets: number,
  rate: number,
  duration: number,
  runLabel: string,
  cpuRootPid?: number,
): Promise<LoadResult> {
  return runDriver<LoadResult>('load-generator.ts', [
    '--endpoints',
    join(stateDir, 'endpoints.json'),
    '--sockets',
    String(sockets),
    '--rate',
    String(rate),
    '--duration',
    String(duration),
    '--grace',
    '5',
    '--run',
    runLabel,
    ...(cpuRootPid ? ['--cpu-root', String(cpuRootPid)] : []),
  ]);
}

/** Runs a driver script of bench/ in its own process; its last stdout line is its JSON result. */
async function runDriver<T>(script: string, args: readonly string[]): Promise<T> {
  const { stdout } = await run(TSX, [join(REPO_ROOT, 'bench', script), ...args], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as T;
}

/**
 * The floor: the same sockets, rate and messages through direct in-process calls of the Connect, ChatRouter
 * and LlmWorker bundles (bench/direct-handlers.ts) in a process of its own with its own services.
 */
async function floor(
  buildDir: string,
  sockets: number,
  rate: number,
  duration: number,
): Promise<DirectResult> {
  return runDriver<DirectResult>('direct-handlers.ts', [
    '--sockets',
    String(sockets),
    '--rate',
    String(rate),
    '--duration',
    String(duration),
    '--grace',
    '5',
    '--build-dir',
    buildDir,
  ]);
}

/** Relay latency: the client's first-delta receive time minus the fake provider's first-chunk write time. */
async function relayLatencies(result: LoadResult): Promise<number[]> {
  const response = await fetch(`http://127.0.0.1:${FAKE_LLM_PORT}/__bench/first-text`);
  const emitted = (await response.json()) as Record<string, number>;
  return Object.entries(result.firstDeltaAt)
    .filter(([id]) => emitted[id] !== undefined)
    .map(([id, at]) => at - emitted[id]);
}

export async function benchEndToEnd(options: { smoke: boolean }): Promise<SectionResult> {
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-runtime-'));
  const sockets = options.smoke ? 100 : 1000;
  const rate = options.smoke ? 20 : 100;
  const duration = options.smoke ? 5 : 20;
  const mains: LoadResult[] = [];
  /** First-token relay latencies per main run, ascending. */
  const relays: number[][] = [];
  let knee = 0;
  /** First-token relay latencies of the knee step (a load the runtime sustains). */
  let kneeRelay: number[] = [];
  const runtime = await startRuntime(stateDir);
  try {
    for (let run = 1; run <= (options.smoke ? 1 : MAIN_RUNS); run++) {
      const result = await load(stateDir, sockets, rate, duration, `main${run}`, runtime.pid);
      mains.push(result);
      relays.push((await relayLatencies(result)).sort((a, b) => a - b));
    }

    // The knee: the highest rate whose ack p99 stays within 100 ms with no loss (short steps, fewer
    // sockets): upwards from the main rate when it holds, otherwise downwards until a step holds.
    const holds = (r: LoadResult) => r.ackMs.p99 <= 100 && r.lost === 0;
    if (!options.smoke) {
      const step = (stepRate: number) => load(stateDir, 200, stepRate, 8, `knee${stepRate}`);
      if (mains.every(holds)) {
        knee = rate;
        kneeRelay = relays.flat().sort((a, b) => a - b);
        for (const stepRate of KNEE_STEPS_UP) {
          const result = await step(stepRate);
          if (!holds(result)) break;
          knee = stepRate;
          kneeRelay = (await relayLatencies(result)).sort((a, b) => a - b);
        }
      } else {
        for (const stepRate of KNEE_STEPS_DOWN) {
          const result = await step(stepRate);
          if (!holds(result)) continue;
          knee = stepRate;
          kneeRelay = (await relayLatencies(result)).sort((a, b) => a - b);
          break;
        }
      }
    }
  } finally {
    runtime.kill('SIGTERM');
    await new Promise((r) => runtime.once('exit', r));
  }
  // The floor runs once the runtime has stopped, so both get the machine's cores to themselves; it
  // reuses the runtime's bundles (same inputs, same esbuild options).
  let direct: DirectResult;
  /**
   * The floor's CPU per message at a rate one process sustains: the floor runs every handler on one
   * thread (≈ 50 msg/s), so at the main rate it is overloaded and its CPU per answered message inflates.
   */
  let directSustained: DirectResult;
  const sustainedRate = Math.max(1, Math.floor(rate * FLOOR_SUSTAINED_SHARE));
  try {
    direct = await floor(join(stateDir, 'build'), sockets, rate, duration);
    directSustained = options.smoke
      ? direct
      : await floor(join(stateDir, 'build'), sockets, sustainedRate, FLOOR_SUSTAINED_SECONDS);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
  const floorOf = (value: number) => ({ label: 'direct handler calls', value: summarize([value]) });
  const each = <T>(pick: (r: LoadResult) => T): T[] => mains.map(pick);
  const total = (pick: (r: LoadResult) => number): number => each(pick).reduce((a, b) => a + b, 0);
  const runs = mains.length === 1 ? 'the run' : `each of ${mains.length} runs`;
  const allRelay = relays.flat().sort((a, b) => a - b);
  const cpu = each((r) => r.runtimeCpuMsPerMessage).filter((v): v is number => v !== undefined);

  const ack: Figure = {
    id: 'e2e.ackP99Ms',
    label: `ack p99 at ${sockets} sockets × ${rate} msg/s, ${runs} (p50 ${range(each((r) => r.ackMs.p50))} ms, max ${range(each((r) => r.ackMs.max))} ms; floor p50 ${direct.ackMs.p50} ms)`,
    unit: 'ms',
    value: summarize(each((r) => r.ackMs.p99)),
    floor: floorOf(direct.ackMs.p99),
    budget: options.smoke ? undefined : { limit: 50, direction: 'max', statistic: 'max' },
  };
  return {
    name: 'End to end through the local runtime',
    figures: [
      ack,
      {
        id: 'e2e.lost',
        label: `messages not acknowledged by the end of the run + 5 s, ${runs} (in all: scheduled ${total((r) => r.scheduled)}, acked ${total((r) => r.acked)}, answered ${total((r) => r.answered)}; floor answered ${direct.answered} of ${direct.scheduled})`,
        unit: 'messages',
        value: summarize(each((r) => r.lost)),
        floor: floorOf(direct.lost),
        budget: { limit: 0, direction: 'max', statistic: 'max' },
        note: JSON.stringify({ runtime: each((r) => r.errors), floor: direct.errors }),
      },
      {
        id: 'e2e.firstDeltaP99Ms',
        label: `first assistant delta after the scheduled send, p99 (p50 ${range(each((r) => r.firstDeltaMs.p50))} ms; floor p50 ${direct.firstDeltaMs.p50} ms)`,
        unit: 'ms',
        value: summarize(each((r) => r.firstDeltaMs.p99)),
        floor: floorOf(direct.firstDeltaMs.p99),
      },
      {
        id: 'e2e.firstTokenRelayP99Ms',
        label: `first-token relay, provider write → client receive, p99 (p50 ${round(percentile(allRelay, 50))} ms, n=${allRelay.length})`,
        unit: 'ms',
        value: summarize(relays.map((r) => round(percentile(r, 99)))),
        ...(Number.isNaN(direct.relayMs.p99) ? {} : { floor: floorOf(direct.relayMs.p99) }),
        // Information only: at a rate the runtime cannot sustain this measures CPU queueing, which the
        // ack and loss budgets above already judge; issue 5's 50 ms is checked at the knee below.
      },
      ...(options.smoke
        ? []
        : [
            {
              id: 'e2e.kneeFirstTokenRelayP99Ms',
              label:
                kneeRelay.length === 0
                  ? 'first-token relay at the knee rate: no step held, so not measured at a sustained rate'
                  : `first-token relay at the knee rate (${knee} msg/s, a load the runtime sustains), p99 (p50 ${round(percentile(kneeRelay, 50))} ms, max ${round(kneeRelay.at(-1) ?? Number.NaN)} ms, n=${kneeRelay.length})`,
              unit: 'ms',
              value: summarize([kneeRelay.length === 0 ? Number.NaN : round(percentile(kneeRelay, 99))]),
              budget: { limit: 50, direction: 'max', statistic: 'max' },
            } satisfies Figure,
          ]),
      {
        id: 'e2e.connectPerSecond',
        label: 'connects per second (authorizer + registry write), 100 concurrent upgrades',
        unit: 'conn/s',
        value: summarize(each((r) => r.connectPerSecond)),
      },
      {
        id: 'e2e.kneeMsgPerSecond',
        label: `knee: highest rate with ack p99 ≤ 100 ms and no loss (steps ${[...KNEE_STEPS_DOWN].reverse().join('/')}/${rate}/${KNEE_STEPS_UP.join('/')})`,
        unit: 'msg/s',
        value: summarize([knee]),
      },
      ...(cpu.length === 0
        ? []
        : [
            {
              id: 'e2e.runtimeCpuMsPerMessage',
              label: `runtime CPU per answered message at ${rate} msg/s: gateway, function threads, local services and the DynamoDB server, from the first send until every message was answered; at most ≈ ${Math.floor(1000 / Math.max(...cpu))} msg/s per core at the highest`,
              unit: 'ms CPU/msg',
              value: summarize(cpu),
              floor: floorOf(directSustained.cpuMsPerMessage),
            } satisfies Figure,
          ]),
      {
        id: 'e2e.floorCpuMsPerMessage',
        label: `floor CPU per answered message: direct handler calls + their DynamoDB server at ${directSustained.rate} msg/s, a rate its one thread sustains (${directSustained.answered} of ${directSustained.scheduled} answered; driver ${directSustained.cpuMs.driver} ms, DynamoDB ${directSustained.cpuMs.dynamodb} ms in all); at most ≈ ${directSustained.cpuMsPerMessage > 0 ? Math.floor(1000 / directSustained.cpuMsPerMessage) : '∞'} msg/s per core (at ${rate} msg/s, overloaded: ${direct.cpuMsPerMessage} ms, ${direct.answered} of ${direct.scheduled} answered)`,
        unit: 'ms CPU/msg',
        value: summarize([directSustained.cpuMsPerMessage]),
      },
    ],
  };
}
