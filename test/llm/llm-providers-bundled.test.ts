// Both provider adapters bundled like the LlmWorker (SDK stand-ins applied) still stream through the official SDKs.
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
      `export { AnthropicProvider } from ${JSON.stringify(join(providers, 'anthropic-provider'))};`,
      `export { ApiKeyResolver } from ${JSON.stringify(join(providers, 'api-keys'))};`,
    ].join('\n'),
  );
  bundle = join(dir, 'providers.mjs');
  await build(esbuildOptionsFor(entry, bundle));
}, 60_000);
afterAll(() => server.close());

/** Streams one request through the bundled provider in a fresh Node process; returns its events and error. */
async function streamInBundle(
  provider: 'openai' | 'anthropic',
  question: string,
): Promise<{ events: { type: string; text?: string }[]; error?: string }> {
  const script = `
    const { OpenAiProvider, AnthropicProvider, ApiKeyResolver } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
    const keys = new ApiKeyResolver({ environmentKeys: { openai: 'test-key', anthropic: 'test-key' } });
    const options = { keys, timeouts: { firstTokenMs: 5000, idleMs: 2000 }, requestTimeoutMs: 10000 };
    const provider = ${JSON.stringify(provider)} === 'openai'
      ? new OpenAiProvider({ ...options, baseURL: ${JSON.stringify(server.openaiBaseUrl)} })
      : new AnthropicProvider({ ...options, baseURL: ${JSON.stringify(server.url)} });
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

describe('bundled LLM providers', () => {
  it('is built with the unused SDK parts replaced by stand-ins', () => {
    const source = readFileSync(bundle, 'utf8');
    expect(source).toContain('not bundled into the Lambda (openai/lib/ChatCompletionStream.mjs');
    expect(source).toContain('not bundled into the Lambda (@anthropic-ai/sdk/lib/MessageStream.mjs');
  });

  it.each(['openai', 'anthropic'] as const)(
    '%s streams an answer from the fake provider through the official client',
    async (name) => {
      const { events, error } = await streamInBundle(name, 'How long do parcels to Norway take?');
      expect(error).toBeUndefined();
      expect(
        events
          .filter((e) => e.type === 'text')
          .map((e) => e.text)
          .join(''),
      ).not.toBe('');
      expect(events.at(-1)).toEqual({ type: 'end', reason: 'stop' });
    },
  );
});
