// User-facing strings of the widget (English defaults; every one can be overridden at mount time).
import type { ChatErrorCode, ConnectionState } from '../sdk/types';

export interface WidgetLabels {
  readonly title: string;
  readonly inputLabel: string;
  readonly inputPlaceholder: string;
  readonly send: string;
  readonly retry: string;
  readonly open: string;
  readonly close: string;
  readonly you: string;
  readonly assistant: string;
  readonly typing: string;
  readonly notSent: string;
  readonly incomplete: string;
  readonly states: Readonly<Record<ConnectionState, string>>;
  readonly errors: Readonly<Partial<Record<ChatErrorCode, string>>>;
}

export const DEFAULT_LABELS: WidgetLabels = {
  title: 'Chat with our assistant',
  inputLabel: 'Your message',
  inputPlaceholder: 'Ask a question…',
  send: 'Send',
  retry: 'Retry',
  open: 'Open chat',
  close: 'Close chat',
  you: 'You',
  assistant: 'Assistant',
  typing: 'The assistant is typing…',
  notSent: 'Not sent',
  incomplete: 'Incomplete answer',
  states: {
    idle: 'Not connected',
    connecting: 'Connecting…',
    online: 'Online',
    reconnecting: 'Connection lost. Reconnecting…',
    offline: 'Offline',
  },
  errors: {
    rate_limited: 'You are sending messages too quickly. Please wait a moment.',
    assistant_unavailable: 'The assistant cannot answer right now. Please try again later.',
    budget_exceeded: 'The assistant is not available any more today.',
    message_too_large: 'That message is too long.',
    invalid_text: 'That message cannot be sent.',
    reconnect_exhausted: 'Could not reconnect. Check your connection and press Retry.',
    unauthorized: 'Your chat session has expired.',
    forbidden: 'This chat is not available on this page.',
    internal_error: 'Something went wrong. Please try again.',
  },
};

/** Merges overrides into the defaults, one level deep for states and errors. */
export function mergeLabels(overrides: Partial<WidgetLabels> = {}): WidgetLabels {
  return {
    ...DEFAULT_LABELS,
    ...overrides,
    states: { ...DEFAULT_LABELS.states, ...overrides.states },
    errors: { ...DEFAULT_LABELS.errors, ...overrides.errors },
  };
}
