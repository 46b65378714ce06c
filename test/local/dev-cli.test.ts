// `npm run dev` as a process: writes endpoints.json when ready, stops cleanly on SIGTERM, reuses its certificates.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const rootDir = resolve(__dirname, '..', '..');
const stateDir = mkdtempSync(join(tmpdir(), 'livechat-dev-'));
const endpointsFile = join(stateDir, 'endpoints.json');

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

function startDev(): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(rootDir, 'local', 'dev.ts')], {
    cwd: rootDir,
    env: {
      ...process.env,
      LOCAL_STATE_DIR: stateDir,
      LOCAL_PORT_BASE: '0',
      OPENAI_API_KEY: '',
      ANTHROPIC_API_KEY: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, output: () => output, exited };
}

async function waitForEndpoints(output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!existsSync(endpointsFile)) {
    if (Date.now() > deadline) throw new Error(`endpoints.json never appeared:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm run dev', () => {
  it('writes endpoints.json, stops cleanly on SIGTERM and reuses the certificates on the next start', async () => {
    const first = startDev();
    await waitForEndpoints(first.output);
    const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8')) as { tenants: Array<{ cert: string }> };
    const cert = readFileSync(join(rootDir, endpoints.tenants[0]!.cert), 'utf8');
    expect(first.output()).toContain('generated CA');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped');
    expect(existsSync(endpointsFile)).toBe(false);

    const second = startDev();
    await waitForEndpoints(second.output);
    expect(second.output()).toContain('reused CA');
    expect(readFileSync(join(rootDir, endpoints.tenants[0]!.cert), 'utf8')).toBe(cert);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });
});
