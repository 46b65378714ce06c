// The OpenAI adapter bundled like the LlmWorker (stand-ins applied) still streams Chat Completions through the SDK.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { esbuildOptionsFor } from '../../lib/bundling';
import { startFakeLlmServer, type FakeLlmServer } from '../../local/fake-llm/server';

const providers = join(__dirname, '..', '..', 'lambdas', 'llm-worker', 'providers');

let server: FakeLlmServer;
let bundle: string;
beforeAll(async () => {
  server = await startFakeLlmServer({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'openai-bundled-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    [
      `export { OpenAiProvider } from ${JSON.stringify(join(providers, 'openai-provider'))};`,
      `export { ApiKeyResolver } from ${JSON.stringify(join(providers, 'api-keys'))};`,
    ].join('\n'),
  );
  bundle = join(dir, 'providers.mjs');
  await build(esbuildOptionsFor(entry, bundle));
}, 60_000);
afterAll(() => server.close());

/** Streams one request through the bundled provider in a fresh Node process; returns its events and error. */
async function streamInBundle(
  question: string,
): Promise<{ events: { type: string; text?: string }[]; error?: string }> {
  const script = `
    const { OpenAiProvider, ApiKeyResolver } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
    const keys = new ApiKeyResolver({ environmentKeys: { openai: 'test-key' } });
    const provider = new OpenAiProvider({ keys, baseURL: ${JSON.stringify(server.openaiBaseUrl)},
      timeouts: { firstTokenMs: 5000, idleMs: 2000 }, requestTimeoutMs: 10000 });
    const events = [];
    try {
      for await (const e of provider.stream({ model: 'fake-model', system: 'You are a test assistant.',
        maxOutputTokens: 200, messages: [{ role: 'user', content: ${JSON.stringify(question)} }] })) events.push(e);
      process.stdout.write(JSON.stringify({ events }));
    } catch (error) {
      process.stdout.write(JSON.stringify({ events, error: error.message }));
    }`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '' },
  });
  return JSON.parse(stdout) as { events: { type: string; text?: string }[]; error?: string };
}

describe('bundled OpenAI provider', () => {
  it('is built with the unused API resources replaced by stand-ins', () => {
    expect(readFileSync(bundle, 'utf8')).toContain(
      'not bundled into the Lambda (openai/lib/ChatCompletionStream.mjs',
    );
  });

  it('streams a Chat Completions answer from the fake provider through the official client', async () => {
    const { events, error } = await streamInBundle('How long do parcels to Norway take?');
    expect(error).toBeUndefined();
    expect(
      events
        .filter((e) => e.type === 'text')
        .map((e) => e.text)
        .join(''),
    ).not.toBe('');
    expect(events.at(-1)).toEqual({ type: 'end', reason: 'stop' });
  });
});
