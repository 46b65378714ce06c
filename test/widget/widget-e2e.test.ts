// End to end: the real widget on the local runtime's demo page, through the real token API, gateway, router and worker.
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { buildWidget } from '../../widget/build';
import { browserAvailability, launchChromium, resultsDir } from './support/browser';
import {
  cspViolations,
  dropSockets,
  installSocketProbe,
  receivedFrames,
  sentFrames,
} from './support/socket-probe';

const REPO_ROOT = resolve(__dirname, '../..');

const browser = browserAvailability();
if (!browser.run) console.warn(browser.reason);
const e2eSuite = browser.run ? describe : describe.skip;

const INPUT = '[data-testid="chat-input"]';
const SEND = '[data-testid="chat-send"]';
const LIST = '[data-testid="chat-messages"]';

e2eSuite('chat widget on the local runtime demo page (Chromium)', () => {
  let runtime: LocalRuntime;
  let context: BrowserContext;
  let page: Page;
  const tokenResponses: Array<{ request: Record<string, unknown>; conversationId: string }> = [];
  const pageErrors: string[] = [];

  const state = (name: string) => page.waitForSelector(`.lcw[data-state="${name}"]`, { timeout: 30_000 });
  /** Waits until the list holds exactly n messages, each persisted (with a seq) and final. */
  const settled = (n: number) =>
    page.waitForFunction(
      (count) => {
        const lis = Array.from(document.querySelectorAll('[data-testid="chat-messages"] > li'));
        return (
          lis.length === count &&
          lis.every(
            (li) => li.hasAttribute('data-seq') && /^(sent|done)$/.test(li.getAttribute('data-status') ?? ''),
          )
        );
      },
      n,
      { timeout: 30_000 },
    );
  const items = () =>
    page.$$eval(`${LIST} > li`, (lis) =>
      lis.map((li) => ({
        role: li.getAttribute('data-role'),
        seq: li.getAttribute('data-seq'),
        id: li.getAttribute('data-message-id'),
        status: li.getAttribute('data-status'),
        text: li.textContent ?? '',
      })),
    );

  /** On failure, adds what the page sent and received and the token hand-offs to the error. */
  const withDiagnostics = async (check: () => Promise<void>) => {
    try {
      await check();
    } catch (error) {
      const detail = [
        `tokens: ${JSON.stringify(tokenResponses)}`,
        `sent: ${JSON.stringify(await sentFrames(page))}`,
        `received:\n${(await receivedFrames(page)).join('\n')}`,
        `list: ${JSON.stringify(await items())}`,
      ].join('\n');
      throw new Error(`${(error as Error).message}\n--- diagnostics ---\n${detail}`, { cause: error });
    }
  };

  beforeAll(async () => {
    buildWidget(); // widget/dist, which the runtime's demo site serves
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
    await settled(2);

    const list = await items();
    expect(list.map((m) => `${m.seq}:${m.role}:${m.status}`)).toEqual(['1:user:sent', '2:assistant:done']);
    expect(list[0]!.text).toBe('How many days do I have to return an item?');
    expect(list[1]!.text).toMatch(/30 days/);
    // It was streamed: deltas reached the page before the final frame.
    expect((await receivedFrames(page)).some((f) => f.includes('"type":"assistant.delta"'))).toBe(true);
  });

  test('a dropped connection resumes with a fresh token, without losing or duplicating messages', async () => {
    await withDiagnostics(async () => {
      await page.fill(INPUT, 'How many business days until my refund arrives?');
      await page.click(SEND);
      expect(await dropSockets(page)).toBe(1);
      await state('reconnecting');
      await state('online');
      await settled(4);

      expect(tokenResponses).toHaveLength(2);
      expect(tokenResponses[1]!.request.conversationId).toBe(tokenResponses[0]!.conversationId);
      // The resume asks for everything after what the first socket delivered (the ack of the new
      // question may or may not have beaten the drop).
      const seqsOnFirstSocket = (await receivedFrames(page))
        .filter((f) => f.startsWith('#1 '))
        .map((f) => (JSON.parse(f.slice(3)) as { seq?: number }).seq ?? 0);
      expect((await sentFrames(page)).filter((f) => f.action === 'resume')).toEqual([
        { action: 'resume', afterSeq: Math.max(...seqsOnFirstSocket) },
      ]);
      const list = await items();
      expect(list.map((m) => `${m.seq}:${m.role}:${m.status}`)).toEqual([
        '1:user:sent',
        '2:assistant:done',
        '3:user:sent',
        '4:assistant:done',
      ]);
      expect(list[2]!.text).toBe('How many business days until my refund arrives?');
      expect(list[3]!.text).toMatch(/5 business days/);
    });
  });

  test('protocol: deltas stream under the message id the answer is stored and replayed with', async () => {
    const frames = (await receivedFrames(page)).map(
      (f) => JSON.parse(f.slice(f.indexOf(' ') + 1)) as Record<string, unknown>,
    );
    const streamedIds = new Set(frames.filter((f) => f.type === 'assistant.delta').map((f) => f.messageId));
    const storedIds = new Set(
      frames.filter((f) => f.type === 'assistant.done' || f.type === 'message').map((f) => f.messageId),
    );
    expect(streamedIds.size).toBeGreaterThan(0);
    expect([...streamedIds].filter((id) => !storedIds.has(id))).toEqual([]);
  });

  test('the second tenant page answers from that tenant FAQ only', async () => {
    const globex = await context.newPage();
    await globex.goto(new URL('/widget/demo/globex.html', runtime.endpoints.demoUrl).href);
    await globex.waitForSelector('.lcw[data-state="online"]', { timeout: 30_000 });
    await globex.fill(INPUT, 'How many days do I have to return an item?');
    await globex.keyboard.press('Enter');
    const answer = await globex.waitForSelector(`${LIST} [data-role="assistant"][data-status="done"]`, {
      timeout: 30_000,
    });
    const text = (await answer.textContent()) ?? '';
    expect(text).toMatch(/14 days/);
    expect(text).not.toMatch(/30 days/);
    const path = join(resultsDir(), 'widget-e2e-second-tenant.png');
    await globex.screenshot({ path, fullPage: true });
    console.log(`widget e2e screenshot (second tenant): ${path}`);
    await globex.close();
  });

  test('the page ran under its strict CSP without a violation, and a screenshot is saved', async () => {
    expect(await cspViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    const path = join(resultsDir(), 'widget-e2e-local-runtime.png');
    await page.screenshot({ path, fullPage: true });
    console.log(`widget e2e screenshot: ${path}`);
  });
});
