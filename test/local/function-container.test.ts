// Function containers: a bundle runs in its own thread with its own environment; a crashed container is replaced.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { startFunctionWorker, type FunctionWorker } from '../../local/handlers/function-worker';

const dir = mkdtempSync(join(tmpdir(), 'livechat-container-'));
const hostFile = join(dir, 'function-host.mjs');
const bundleFile = join(dir, 'handler.mjs');
const crashes: Error[] = [];
let container: FunctionWorker;

beforeAll(async () => {
  await build({
    entryPoints: [resolve(__dirname, '..', '..', 'local', 'handlers', 'function-host.ts')],
    outfile: hostFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  writeFileSync(
    bundleFile,
    [
      'const coldStartedAt = Date.now();',
      'export const handler = async (event, context) => {',
      "  if (event.crash) setTimeout(() => { throw new Error('uncaught in the handler'); }, 0);",
      "  if (event.fail) throw Object.assign(new Error('Unauthorized'), { name: 'AuthError' });",
      '  return { table: process.env.TABLE, coldStartedAt, requestId: context.awsRequestId, remaining: context.getRemainingTimeInMillis() > 0 };',
      '};',
    ].join('\n'),
  );
  container = await startFunctionWorker(
    hostFile,
    {
      bundleFile,
      handlerName: 'handler',
      functionName: 'local-Test',
      memoryMb: 128,
      region: 'eu-west-1',
      accountId: '000000000000',
    },
    { TABLE: 'only-this-function' },
    (error) => crashes.push(error),
  );
});

afterAll(async () => {
  await container.stop();
  rmSync(dir, { recursive: true, force: true });
});

const deadline = () => Date.now() + 5000;

describe('function container', () => {
  it("runs the handler with the function's own environment and a Lambda context", async () => {
    const result = (await container.invoke({}, 'req-1', deadline())) as Record<string, unknown>;
    expect(result).toMatchObject({ table: 'only-this-function', requestId: 'req-1', remaining: true });
  });

  it("passes the handler's error through with its name and message", async () => {
    await expect(container.invoke({ fail: true }, 'req-2', deadline())).rejects.toMatchObject({
      name: 'AuthError',
      message: 'Unauthorized',
    });
  });

  it('replaces a container that crashed: the next invocation gets a fresh cold start', async () => {
    const before = (await container.invoke({}, 'req-3', deadline())) as { coldStartedAt: number };
    await container.invoke({ crash: true }, 'req-4', deadline()).catch(() => undefined);
    while (crashes.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(crashes[0]!.message).toContain('uncaught in the handler');
    const after = (await container.invoke({}, 'req-5', deadline())) as { coldStartedAt: number };
    expect(after.coldStartedAt).toBeGreaterThan(before.coldStartedAt);
  });
});
