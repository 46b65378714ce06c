// Bundle entry: exposes window.LiveChatWidget and auto-mounts from the embedding <script>'s data attributes.
import { ChatClient } from '../sdk/chat-client';
import { tokenFromEndpoint } from '../sdk/token-endpoint';
import type { ChatClientOptions, TokenProvider } from '../sdk/types';
import { ChatWidget, type ChatWidgetOptions } from './chat-widget';

declare const WIDGET_VERSION: string;

export interface MountOptions extends Omit<ChatWidgetOptions, 'client' | 'container'> {
  /** Element or CSS selector to render into; floating with a launcher when omitted. */
  readonly container?: HTMLElement | string;
  /** Custom token provider; otherwise `tokenEndpoint` is used. */
  readonly getToken?: TokenProvider;
  /** Same-origin URL of the partner backend's token endpoint, e.g. `/api/session-token`. */
  readonly tokenEndpoint?: string;
  readonly tenant?: string;
  /** Extra ChatClient options (backoff, history). */
  readonly client?: Omit<ChatClientOptions, 'getToken'>;
}

export interface MountedWidget {
  readonly widget: ChatWidget;
  readonly client: ChatClient;
}

/** Creates the client and the widget and connects. */
export function mount(options: MountOptions): MountedWidget {
  const getToken =
    options.getToken ??
    (options.tokenEndpoint
      ? tokenFromEndpoint({
          url: options.tokenEndpoint,
          ...(options.tenant ? { tenant: options.tenant } : {}),
        })
      : undefined);
  if (!getToken) throw new Error('LiveChatWidget.mount needs getToken or tokenEndpoint');
  const container =
    typeof options.container === 'string'
      ? document.querySelector<HTMLElement>(options.container)
      : options.container;
  if (typeof options.container === 'string' && !container) {
    throw new Error(`LiveChatWidget.mount: no element matches ${options.container}`);
  }
  const client = new ChatClient({ ...options.client, getToken });
  const widget = new ChatWidget({
    client,
    ...(container ? { container } : {}),
    ...(options.labels ? { labels: options.labels } : {}),
    ...(options.theme ? { theme: options.theme } : {}),
    ...(options.startOpen !== undefined ? { startOpen: options.startOpen } : {}),
  });
  void client.connect();
  return { widget, client };
}

/** Reads `data-token-endpoint`, `data-tenant`, `data-container`, `data-title`, `data-open` from the script tag. */
function autoMount(script: HTMLScriptElement): void {
  const data = script.dataset;
  if (!data.tokenEndpoint || data.autoMount === 'false') return;
  const run = () =>
    mount({
      tokenEndpoint: data.tokenEndpoint,
      ...(data.tenant ? { tenant: data.tenant } : {}),
      ...(data.container ? { container: data.container } : {}),
      ...(data.title ? { labels: { title: data.title } } : {}),
      startOpen: data.open === 'true',
    });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
}

const api = {
  version: typeof WIDGET_VERSION === 'string' ? WIDGET_VERSION : 'dev',
  mount,
  ChatClient,
  ChatWidget,
  tokenFromEndpoint,
};
(globalThis as unknown as { LiveChatWidget: typeof api }).LiveChatWidget = api;
if (document.currentScript instanceof HTMLScriptElement) autoMount(document.currentScript);
