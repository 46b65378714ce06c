// Init script for e2e pages: records the widget's WebSockets and outgoing frames, and can drop them (test-only).
import type { BrowserContext, Page } from 'playwright-core';

/** Installed before any page script runs (playwright init scripts are not subject to the page's CSP). */
export async function installSocketProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const NativeWebSocket = window.WebSocket;
    const probe = {
      sockets: [] as WebSocket[],
      sent: [] as string[],
      received: [] as string[],
      csp: [] as string[],
    };
    (window as unknown as { __probe: typeof probe }).__probe = probe;
    class ProbedWebSocket extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        probe.sockets.push(this);
        const index = probe.sockets.length;
        this.addEventListener('message', (e) => probe.received.push(`#${index} ${String(e.data)}`));
      }
      send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
        if (typeof data === 'string') probe.sent.push(data);
        super.send(data);
      }
    }
    window.WebSocket = ProbedWebSocket;
    document.addEventListener('securitypolicyviolation', (e) =>
      probe.csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}

/** Closes every open widget socket from the browser side, as a flaky network would end it. */
export async function dropSockets(page: Page): Promise<number> {
  return page.evaluate(() => {
    const probe = (window as unknown as { __probe: { sockets: WebSocket[] } }).__probe;
    const open = probe.sockets.filter((s) => s.readyState === WebSocket.OPEN);
    open.forEach((s) => s.close(4001, 'test: connection dropped'));
    return open.length;
  });
}

export async function sentFrames(page: Page): Promise<Record<string, unknown>[]> {
  return page.evaluate(() =>
    (window as unknown as { __probe: { sent: string[] } }).__probe.sent.map(
      (s) => JSON.parse(s) as Record<string, unknown>,
    ),
  );
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __probe: { csp: string[] } }).__probe.csp);
}

/** Frames the page received, prefixed with the socket number (#1, #2, …): failure diagnostics. */
export async function receivedFrames(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __probe: { received: string[] } }).__probe.received);
}
