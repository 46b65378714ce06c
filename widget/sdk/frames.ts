// Parses untrusted server frames into typed ones; anything malformed is rejected, never half-used.
import type { ServerFrame } from '../../lambdas/shared/types';

export type { ServerFrame };

const isString = (v: unknown): v is string => typeof v === 'string';
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isRole = (v: unknown): v is 'user' | 'assistant' => v === 'user' || v === 'assistant';

/** Returns the typed frame, or undefined when the data is not a well-formed server frame. */
export function parseServerFrame(data: unknown): ServerFrame | undefined {
  if (!isString(data)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const f = value as Record<string, unknown>;
  switch (f.type) {
    case 'ack':
      return isString(f.clientMessageId) && isString(f.messageId) && isSeq(f.seq)
        ? { type: 'ack', clientMessageId: f.clientMessageId, messageId: f.messageId, seq: f.seq }
        : undefined;
    case 'assistant.delta':
      return isString(f.messageId) && isString(f.text)
        ? { type: 'assistant.delta', messageId: f.messageId, text: f.text }
        : undefined;
    case 'assistant.done':
      return isString(f.messageId) && isSeq(f.seq) && isString(f.text)
        ? { type: 'assistant.done', messageId: f.messageId, seq: f.seq, text: f.text }
        : undefined;
    case 'message':
      return isString(f.messageId) && isSeq(f.seq) && isRole(f.role) && isString(f.text)
        ? { type: 'message', messageId: f.messageId, seq: f.seq, role: f.role, text: f.text }
        : undefined;
    case 'typing':
      return isRole(f.role) ? { type: 'typing', role: f.role } : undefined;
    case 'error':
      if (!isString(f.code) || !isString(f.message)) return undefined;
      return {
        type: 'error',
        code: f.code as Extract<ServerFrame, { type: 'error' }>['code'],
        message: f.message,
        ...(isString(f.clientMessageId) ? { clientMessageId: f.clientMessageId } : {}),
      };
    case 'pong':
      return { type: 'pong' };
    default:
      return undefined;
  }
}
