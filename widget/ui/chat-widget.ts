// The embeddable chat widget: accessible DOM around a ChatClient, themed by CSS variables, text-only output.
import type { ChatClient } from '../sdk/chat-client';
import type { ChatError, ConnectionState } from '../sdk/types';
import { h, uniqueId } from './dom';
import { mergeLabels, type WidgetLabels } from './labels';
import { MessageList } from './message-list';

/** CSS custom properties a partner may set (also from CSS, on the widget or any ancestor). */
export const THEME_VARIABLES = [
  '--lcw-font',
  '--lcw-bg',
  '--lcw-text',
  '--lcw-muted',
  '--lcw-border',
  '--lcw-accent',
  '--lcw-accent-text',
  '--lcw-user-bg',
  '--lcw-user-text',
  '--lcw-assistant-bg',
  '--lcw-assistant-text',
  '--lcw-error',
  '--lcw-focus',
  '--lcw-radius',
  '--lcw-height',
] as const;
export type ThemeVariable = (typeof THEME_VARIABLES)[number];

export interface ChatWidgetOptions {
  readonly client: ChatClient;
  /** Render inline into this element; without it the widget floats with a launcher button. */
  readonly container?: HTMLElement;
  readonly labels?: Partial<WidgetLabels>;
  /** Theme values set through the CSSOM (allowed under a CSP without 'unsafe-inline'). */
  readonly theme?: Partial<Record<ThemeVariable, string>>;
  /** Floating mode only: start opened. @default false */
  readonly startOpen?: boolean;
}

const SILENT_ERRORS = new Set(['empty_message', 'token_unavailable', 'connection_lost', 'invalid_frame']);
const TYPING_TIMEOUT_MS = 8000;

export class ChatWidget {
  readonly root: HTMLElement;
  readonly input: HTMLTextAreaElement;
  readonly sendButton: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly list: MessageList;
  private readonly status: HTMLElement;
  private readonly retryButton: HTMLButtonElement;
  private readonly errorBox: HTMLElement;
  private readonly typing: HTMLElement;
  private readonly launcher: HTMLButtonElement | undefined;
  private readonly labels: WidgetLabels;
  private readonly unsubscribe: Array<() => void> = [];
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ChatWidgetOptions) {
    const doc = options.container?.ownerDocument ?? document;
    const labels = (this.labels = mergeLabels(options.labels));
    const titleId = uniqueId('lcw-title');
    const inputId = uniqueId('lcw-input');
    const panelId = uniqueId('lcw-panel');

    this.list = new MessageList(doc, labels, titleId);
    this.status = h(doc, 'span', { class: 'lcw-status-text', role: 'status', 'data-testid': 'chat-status' });
    this.retryButton = h(
      doc,
      'button',
      { type: 'button', class: 'lcw-retry', 'data-testid': 'chat-retry', hidden: true },
      [labels.retry],
    );
    this.errorBox = h(doc, 'p', {
      class: 'lcw-error',
      role: 'alert',
      'data-testid': 'chat-error',
      hidden: true,
    });
    this.typing = h(doc, 'p', { class: 'lcw-typing', 'data-testid': 'chat-typing', hidden: true }, [
      labels.typing,
    ]);
    this.input = h(doc, 'textarea', {
      id: inputId,
      class: 'lcw-input',
      'data-testid': 'chat-input',
      rows: '2',
      maxlength: '4000',
      placeholder: labels.inputPlaceholder,
      autocomplete: 'off',
      enterkeyhint: 'send',
    });
    this.sendButton = h(doc, 'button', { type: 'submit', class: 'lcw-send', 'data-testid': 'chat-send' }, [
      labels.send,
    ]);
    const form = h(doc, 'form', { class: 'lcw-composer', novalidate: true }, [
      h(doc, 'label', { for: inputId, class: 'lcw-visually-hidden' }, [labels.inputLabel]),
      this.input,
      this.sendButton,
    ]);
    const header = h(doc, 'header', { class: 'lcw-header' }, [
      h(doc, 'h2', { id: titleId, class: 'lcw-title' }, [labels.title]),
      h(doc, 'p', { class: 'lcw-status' }, [this.status, this.retryButton]),
    ]);
    this.panel = h(doc, 'section', { id: panelId, class: 'lcw-panel', 'aria-labelledby': titleId }, [
      header,
      this.list.element,
      this.typing,
      this.errorBox,
      form,
    ]);

    this.root = h(doc, 'div', { class: 'lcw', 'data-mode': options.container ? 'inline' : 'floating' });
    if (options.container) {
      this.root.append(this.panel);
      options.container.append(this.root);
    } else {
      this.launcher = h(
        doc,
        'button',
        {
          type: 'button',
          class: 'lcw-launcher',
          'aria-controls': panelId,
          'aria-expanded': 'false',
          'data-testid': 'chat-launcher',
        },
        [labels.open],
      );
      this.launcher.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
      // On small screens the open panel covers the launcher, so the panel has its own close button.
      const closeButton = h(
        doc,
        'button',
        { type: 'button', class: 'lcw-close', 'data-testid': 'chat-close' },
        [labels.close],
      );
      closeButton.addEventListener('click', () => this.close());
      header.append(closeButton);
      this.panel.hidden = true;
      this.root.append(this.panel, this.launcher);
      doc.body.append(this.root);
      this.panel.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') this.close();
      });
    }
    for (const [name, value] of Object.entries(options.theme ?? {})) {
      if ((THEME_VARIABLES as readonly string[]).includes(name) && value)
        this.root.style.setProperty(name, value);
    }

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => options.client.notifyTyping());
    this.retryButton.addEventListener('click', () => {
      this.showError(undefined);
      void options.client.connect();
      this.input.focus();
    });

    const client = options.client;
    this.unsubscribe.push(
      client.on('messages', (messages) => this.list.render(messages)),
      client.on('message', (m) => m.role === 'assistant' && this.setTyping(false)),
      client.on('typing', (t) => t.role === 'assistant' && this.setTyping(true)),
      client.on('state', (s) => this.renderState(s.state)),
      client.on('error', (e) => this.showError(e)),
    );
    this.list.render(client.messages);
    this.renderState(client.state);
    if (!options.container && options.startOpen) this.open();
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  /** Floating mode: shows the panel and moves focus to the text box. */
  open(): void {
    this.panel.hidden = false;
    this.launcher?.setAttribute('aria-expanded', 'true');
    if (this.launcher) this.launcher.textContent = this.labels.close;
    this.input.focus();
  }

  /** Floating mode: hides the panel and returns focus to the launcher. */
  close(): void {
    if (!this.launcher) return;
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.textContent = this.labels.open;
    this.launcher.focus();
  }

  /** Removes the widget and its listeners; the client is left to the caller. */
  destroy(): void {
    this.unsubscribe.forEach((off) => off());
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.root.remove();
  }

  private submit(): void {
    const text = this.input.value;
    if (text.trim().length > 0 && this.options.client.send(text) !== undefined) {
      this.input.value = '';
      this.showError(undefined);
    }
    this.input.focus();
  }

  private renderState(state: ConnectionState): void {
    this.root.setAttribute('data-state', state);
    this.status.textContent = this.labels.states[state];
    this.retryButton.hidden = state !== 'offline';
    if (state === 'online' && this.errorBox.dataset.code === 'reconnect_exhausted') this.showError(undefined);
  }

  private showError(error: ChatError | undefined): void {
    if (error && SILENT_ERRORS.has(error.code)) return;
    this.errorBox.hidden = !error;
    this.errorBox.textContent = error ? (this.labels.errors[error.code] ?? error.message) : '';
    if (error) this.errorBox.dataset.code = error.code;
    else delete this.errorBox.dataset.code;
    if (error?.code === 'assistant_unavailable') this.setTyping(false);
  }

  private setTyping(visible: boolean): void {
    this.typing.hidden = !visible;
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = visible ? setTimeout(() => this.setTyping(false), TYPING_TIMEOUT_MS) : undefined;
  }
}
