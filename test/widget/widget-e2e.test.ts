// End to end: the real widget on the local runtime's demo page, through the real token API, gateway, router and worker.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { buildWidget } from '../../widget/build';
import { browserAvailability, launchChromium, resultsDir } from './support/browser';
import { cspViolations, dropSockets, installSocketProbe, sentFrames } from './support/socket-probe';

const REPO_ROOT = resolve(__dirname, '../..');
const RUNTIME_MODULE = join(REPO_ROOT, 'local', 'runtime.ts');

/** The part of local/runtime.ts this test relies on (loaded at run time: the runtime is another helper's module). */
interface LocalRuntimeModule {
  startLocalRuntime(options: {
    rootDir: string;
    logLevel?: 'quiet' | 'info' | 'debug';
    env?: NodeJS.ProcessEnv;
  }): Promise<{ endpoints: { demoUrl: string; websocketUrl: string }; stop(): Promise<void> }>;
}

const browser = browserAvailability();
const runtimePresent = existsSync(RUNTIME_MODULE) || Boolean(process.env.CI);
if (!browser.run) console.warn(browser.reason);
if (!runtimePresent)
  console.warn(`SKIPPED widget e2e: ${RUNTIME_MODULE} is not in this checkout (under CI=true this fails).`);
const e2eSuite = browser.run && runtimePresent ? describe : describe.skip;

const INPUT = '[data-testid="chat-input"]';
const SEND = '[data-testid="chat-send"]';
const LIST = '[data-testid="chat-messages"]';
const ASSISTANT_DONE = `${LIST} [data-role="assistant"][data-status="done"]`;

e2eSuite('chat widget on the local runtime demo page (Chromium)', () => {
  let runtime: Awaited<ReturnType<LocalRuntimeModule['startLocalRuntime']>>;
  let context: BrowserContext;
  let page: Page;
  const tokenResponses: Array<{ request: Record<string, unknown>; conversationId: string }> = [];
  const pageErrors: string[] = [];

  const state = (name: string) => page.waitForSelector(`.lcw[data-state="${name}"]`, { timeout: 30_000 });
  const doneCount = (n: number) =>
    page.waitForFunction(
      (sel) => document.querySelectorAll(sel[0]!).length === Number(sel[1]),
      [ASSISTANT_DONE, String(n)],
      {
        timeout: 30_000,
      },
    );
  const items = () =>
    page.$$eval(`${LIST} > li`, (lis) =>
      lis.map((li) => ({
        role: li.getAttribute('data-role'),
        seq: li.getAttribute('data-seq'),
        text: li.textContent ?? '',
      })),
    );

  beforeAll(async () => {
    if (!existsSync(RUNTIME_MODULE))
      throw new Error(`${RUNTIME_MODULE} is missing: the e2e needs the local runtime`);
    buildWidget(); // widget/dist, which the runtime's demo site serves
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startLocalRuntime } = require(RUNTIME_MODULE) as LocalRuntimeModule;
    const env = { ...process.env };
    delete env.OPENAI_API_KEY; // the deterministic fake LLM, whatever the developer's shell holds
    delete env.ANTHROPIC_API_KEY;
    runtime = await startLocalRuntime({ rootDir: REPO_ROOT, logLevel: 'quiet', env });
    context = await launchChromium();
    await installSocketProbe(context);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('response', async (response) => {
      if (!response.url().endsWith('/api/session-token')) return;
      const body = (await response.json().catch(() => ({}))) as { conversationId?: string };
      tokenResponses.push({
        request: response.request().postDataJSON() ?? {},
        conversationId: body.conversationId ?? '',
      });
    });
    await page.goto(runtime.endpoints.demoUrl);
    await state('online');
  });

  afterAll(async () => {
    await context?.close();
    await runtime?.stop();
  });

  test('a person asks a FAQ question and sees the streamed answer', async () => {
    await page.fill(INPUT, 'How many days do I have to return an item?');
    await page.keyboard.press('Enter');
    await doneCount(1);

    const [user, assistant] = await items();
    expect(user).toEqual({ role: 'user', seq: '1', text: 'How many days do I have to return an item?' });
    expect(assistant).toMatchObject({ role: 'assistant', seq: '2' });
    expect(assistant!.text).toMatch(/30 days/);
  });

  test('a dropped connection resumes with a fresh token, without losing or duplicating messages', async () => {
    await page.fill(INPUT, 'How long does a refund take?');
    await page.click(SEND);
    expect(await dropSockets(page)).toBe(1);
    await state('reconnecting');
    await state('online');
    await doneCount(2);

    expect(tokenResponses).toHaveLength(2);
    expect(tokenResponses[1]!.request.conversationId).toBe(tokenResponses[0]!.conversationId);
    expect((await sentFrames(page)).filter((f) => f.action === 'resume')).toEqual([
      { action: 'resume', afterSeq: 2 },
    ]);
    const list = await items();
    expect(list.map((m) => `${m.seq}:${m.role}`)).toEqual(['1:user', '2:assistant', '3:user', '4:assistant']);
    expect(list[2]!.text).toBe('How long does a refund take?');
    expect(list[3]!.text).toMatch(/5 business days/);
  });

  test('the page ran under its strict CSP without a violation, and a screenshot is saved', async () => {
    expect(await cspViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    const path = join(resultsDir(), 'widget-e2e-local-runtime.png');
    await page.screenshot({ path, fullPage: true });
    console.log(`widget e2e screenshot: ${path}`);
  });
});
