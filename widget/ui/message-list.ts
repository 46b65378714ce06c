// Renders the SDK's ordered message snapshot into the list, reusing one <li> per message; text only.
import type { ChatMessage } from '../sdk/types';
import { h } from './dom';
import type { WidgetLabels } from './labels';

export class MessageList {
  readonly element: HTMLOListElement;
  private readonly items = new Map<string, HTMLLIElement>();

  constructor(
    private readonly doc: Document,
    private readonly labels: WidgetLabels,
    labelledBy: string,
  ) {
    // A list (keeps list semantics) that is a polite live region; aria-busy holds announcements while an answer streams.
    this.element = h(doc, 'ol', {
      class: 'lcw-messages',
      'data-testid': 'chat-messages',
      'aria-live': 'polite',
      'aria-relevant': 'additions text',
      'aria-labelledby': labelledBy,
      tabindex: '0',
    });
  }

  render(messages: readonly ChatMessage[]): void {
    const keep = new Set(messages.map((m) => m.key));
    for (const [key, item] of this.items) {
      if (!keep.has(key)) {
        item.remove();
        this.items.delete(key);
      }
    }
    let previous: Element | null = null;
    for (const message of messages) {
      const item = this.items.get(message.key) ?? this.create(message);
      this.update(item, message);
      const expectedNext: Element | null = previous
        ? previous.nextElementSibling
        : this.element.firstElementChild;
      if (expectedNext !== item) {
        if (previous) previous.after(item);
        else this.element.prepend(item);
      }
      previous = item;
    }
    const streaming = messages.some((m) => m.status === 'streaming');
    this.element.setAttribute('aria-busy', String(streaming));
    const last = this.element.lastElementChild;
    if (last && typeof (last as HTMLElement).scrollIntoView === 'function') {
      (last as HTMLElement).scrollIntoView({ block: 'end' });
    }
  }

  private create(message: ChatMessage): HTMLLIElement {
    const item = h(this.doc, 'li', {
      class: `lcw-msg lcw-msg--${message.role}`,
      'data-role': message.role,
      // Read by screen readers through ::before, so the item's text stays exactly the message.
      'data-author': message.role === 'user' ? this.labels.you : this.labels.assistant,
    });
    this.items.set(message.key, item);
    return item;
  }

  private update(item: HTMLLIElement, message: ChatMessage): void {
    if (item.textContent !== message.text) item.textContent = message.text;
    item.setAttribute('data-status', message.status);
    if (message.messageId) item.setAttribute('data-message-id', message.messageId);
    if (message.seq !== undefined) item.setAttribute('data-seq', String(message.seq));
    if (message.status === 'failed') {
      item.setAttribute(
        'data-status-label',
        message.role === 'user' ? this.labels.notSent : this.labels.incomplete,
      );
    } else item.removeAttribute('data-status-label');
    item.hidden = message.text.length === 0 && message.status !== 'failed';
  }
}
