// The built widget in Debian's Chromium against an in-test chat server: chat, streaming, resume, CSP, a11y.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { buildWidget } from '../../widget/build';
import { browserAvailability, launchChromium, resultsDir } from './support/browser';
import { faqAnswer, startFakeChatServer, type FakeChatServer } from './support/fake-chat-server';
import { axeViolations, contrastOf, labelOf } from './support/page-checks';

const availability = browserAvailability();
if (!availability.run) console.warn(availability.reason);
const browserSuite = availability.run ? describe : describe.skip;

const INPUT = '[data-testid="chat-input"]';
const SEND = '[data-testid="chat-send"]';
const LIST = '[data-testid="chat-messages"]';
const ASSISTANT_DONE = `${LIST} [data-role="assistant"][data-status="done"]`;

browserSuite('chat widget in Chromium (in-test chat server)', () => {
  let server: FakeChatServer;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const state = (name: string) => page.waitForSelector(`.lcw[data-state="${name}"]`, { timeout: 15_000 });
  const messageTexts = () =>
    page.$$eval(`${LIST} > li`, (items) =>
      items.map((li) => `${li.getAttribute('data-role')}:${li.textContent}`),
    );

  beforeAll(async () => {
    const distDir = mkdtempSync(join(tmpdir(), 'widget-dist-'));
    buildWidget({ outDir: distDir });
    server = await startFakeChatServer(distDir);
    context = await launchChromium();
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = violations;
      document.addEventListener('securitypolicyviolation', (e) =>
        violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.goto(server.demoUrl);
    await state('online');
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
  });

  test('asks a FAQ question with the keyboard and sees the answer stream in', async () => {
    await page.focus(INPUT);
    await page.keyboard.type('How many days do I have to return an item?');
    await page.keyboard.press('Enter');

    await page.waitForSelector(`${LIST} [data-role="user"][data-status="sent"]`);
    await page.waitForSelector(`${LIST} [data-role="assistant"][data-status="streaming"]`);
    await page.waitForSelector(ASSISTANT_DONE);
    expect(await messageTexts()).toEqual([
      'user:How many days do I have to return an item?',
      `assistant:${faqAnswer('return')}`,
    ]);
    expect(await page.$eval(INPUT, (el) => (el as HTMLTextAreaElement).value)).toBe('');
  });

  test('drops the connection mid-answer, reconnects with a fresh token and resumes without duplicates', async () => {
    await page.fill(INPUT, 'And what about html?');
    await page.click(SEND);
    await page.waitForSelector(`${LIST} [data-role="assistant"][data-status="streaming"]`);

    server.dropConnections();
    await state('reconnecting');
    await state('online');
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, ASSISTANT_DONE, {
      timeout: 15_000,
    });

    expect(server.tokensIssued).toHaveLength(2);
    expect(server.tokenRequests[0]!.conversationId).toBeUndefined();
    expect(server.tokenRequests[1]!.conversationId).toBe(server.conversationsIssued[0]);
    expect(server.clientFrames.filter((f) => f.action === 'resume')).toEqual([
      { action: 'resume', afterSeq: 3 },
    ]);
    expect(await messageTexts()).toEqual([
      'user:How many days do I have to return an item?',
      `assistant:${faqAnswer('return')}`,
      'user:And what about html?',
      `assistant:${faqAnswer('html')}`,
    ]);
    expect(
      await page.$$eval(`${LIST} > li`, (items) => items.map((li) => li.getAttribute('data-seq'))),
    ).toEqual(['1', '2', '3', '4']);
  });

  test('renders model output as text, never as HTML', async () => {
    const last = await page.$(`${LIST} > li:last-child`);
    expect(await last!.textContent()).toContain('<img src=x onerror="window.__pwned=1"><b>bold?</b>');
    expect(await page.$$(`${LIST} img, ${LIST} b`)).toHaveLength(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test('runs under the strict CSP (no inline script or style, Trusted Types) without a violation', async () => {
    const response = await page.request.get(server.demoUrl);
    const csp = response.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('accessibility: labels, live region, keyboard send, focus return and contrast', async () => {
    expect(await labelOf(page, INPUT)).toBe('Your message');
    expect(await labelOf(page, SEND)).toBe('Send');
    expect(await page.$eval(LIST, (el) => [el.tagName, el.getAttribute('aria-live')])).toEqual([
      'OL',
      'polite',
    ]);
    expect(await page.$eval(LIST, (el) => el.getAttribute('aria-busy'))).toBe('false');

    await page.fill(INPUT, 'Do you ship abroad?');
    await page.click(SEND);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('chat-input');
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 3, ASSISTANT_DONE);

    await page.keyboard.press('Shift+Tab'); // keyboard reaches the list (scrollable region) and back
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('chat-input');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('chat-send');

    const themed = await contrastOf(page, textSelectors());
    // Without the demo page's theme overrides: the widget's default theme.
    await page.evaluate(() =>
      document.querySelector('link[href$="demo.css"]')?.setAttribute('media', 'not all'),
    );
    const defaults = await contrastOf(page, textSelectors());
    await page.evaluate(() => document.querySelector('link[href$="demo.css"]')?.removeAttribute('media'));
    for (const sample of [...themed, ...defaults]) {
      expect({ ...sample, ok: sample.ratio >= 4.5 }).toMatchObject({ ok: true });
    }
    expect(defaults.find((s) => s.selector === SEND)!.background).toBe('rgb(11, 87, 208)');
  });

  test('axe-core finds no WCAG 2.1 A/AA violation in the widget', async () => {
    const violations = await axeViolations(page, '.lcw');
    expect(violations).toEqual([]);
  });

  test('is responsive and leaves a screenshot in test-results/', async () => {
    await page.setViewportSize({ width: 390, height: 780 });
    const box = await page.$eval('.lcw-panel', (el) => el.getBoundingClientRect().width);
    expect(box).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1100, height: 800 });
    const path = join(resultsDir(), 'widget-fake-server.png');
    await page.screenshot({ path, fullPage: true });
    console.log(`widget screenshot: ${path}`);
  });

  test('floating mode: the launcher opens the panel into the text box and Escape returns focus to it', async () => {
    await page.evaluate(() => {
      const api = (window as unknown as { LiveChatWidget: { mount(o: object): unknown } }).LiveChatWidget;
      api.mount({ tokenEndpoint: '/api/session-token' });
    });
    const launcher = '.lcw[data-mode="floating"] [data-testid="chat-launcher"]';
    expect(await page.getAttribute(launcher, 'aria-expanded')).toBe('false');
    await page.focus(launcher);
    await page.keyboard.press('Enter');
    expect(await page.getAttribute(launcher, 'aria-expanded')).toBe('true');
    expect(
      await page.evaluate(() => document.activeElement?.closest('.lcw')?.getAttribute('data-mode')),
    ).toBe('floating');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('chat-input');
    await page.keyboard.press('Escape');
    expect(await page.getAttribute(launcher, 'aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'chat-launcher',
    );
    expect(await page.isHidden('.lcw[data-mode="floating"] .lcw-panel')).toBe(true);
  });
});

function textSelectors(): string[] {
  return [
    `${LIST} [data-role="user"]`,
    `${LIST} [data-role="assistant"]`,
    SEND,
    '.lcw-title',
    '.lcw-status-text',
    INPUT,
  ];
}
