// The WebSocket frame protocol (docs/protocol.md): client-frame schemas and parser, server-frame builders.
import * as z from 'zod';
import { ID_PATTERN, PROTOCOL_LIMITS, WEBSOCKET_ROUTES } from './definitions';
import type { ErrorCode, MessageRole, ServerFrame, StoredMessage } from './types';

/** C0 controls except tab, line feed and carriage return; DEL; C1 controls; bidi overrides/isolates. */
const FORBIDDEN_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** A UTF-16 surrogate that is not part of a pair (not valid Unicode text). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const sendMessageFrameSchema = z.strictObject({
  action: z.literal('sendMessage'),
  clientMessageId: z.string().regex(ID_PATTERN),
  text: z.string(),
});
export const resumeFrameSchema = z.strictObject({
  action: z.literal('resume'),
  afterSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export const typingFrameSchema = z.strictObject({ action: z.literal('typing') });
export const pingFrameSchema = z.strictObject({ action: z.literal('ping') });

export type SendMessageFrame = z.infer<typeof sendMessageFrameSchema>;
export type ResumeFrame = z.infer<typeof resumeFrameSchema>;
export type ClientFrame =
  SendMessageFrame | ResumeFrame | z.infer<typeof typingFrameSchema> | z.infer<typeof pingFrameSchema>;
export type ClientAction = (typeof WEBSOCKET_ROUTES)[number];

export type ParseResult =
  | { readonly ok: true; readonly frame: ClientFrame }
  | {
      readonly ok: false;
      readonly code: ErrorCode;
      readonly message: string;
      readonly clientMessageId?: string;
    };

const schemas = {
  sendMessage: sendMessageFrameSchema,
  resume: resumeFrameSchema,
  typing: typingFrameSchema,
  ping: pingFrameSchema,
} as const;

const fail = (code: ErrorCode, message: string, clientMessageId?: string): ParseResult => ({
  ok: false,
  code,
  message,
  ...(clientMessageId ? { clientMessageId } : {}),
});

/** Parses a raw frame body into a typed client frame, or the error code the sender gets back. */
export function parseClientFrame(body: string | null | undefined): ParseResult {
  if (typeof body !== 'string' || body.length === 0) return fail('invalid_frame', 'The frame is empty.');
  if (Buffer.byteLength(body, 'utf8') > PROTOCOL_LIMITS.maxFrameBytes)
    return fail('message_too_large', `A frame is at most ${PROTOCOL_LIMITS.maxFrameBytes} bytes.`);
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return fail('invalid_frame', 'The frame is not valid JSON.');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('invalid_frame', 'The frame must be a JSON object.');
  const action = (raw as Record<string, unknown>).action;
  if (typeof action !== 'string' || !(WEBSOCKET_ROUTES as readonly string[]).includes(action))
    return fail('unknown_action', `The action must be one of ${WEBSOCKET_ROUTES.join(', ')}.`);
  const candidateId = (raw as Record<string, unknown>).clientMessageId;
  const clientMessageId =
    typeof candidateId === 'string' && ID_PATTERN.test(candidateId) ? candidateId : undefined;
  const parsed = schemas[action as ClientAction].safeParse(raw);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'frame'))].join(', ');
    return fail('invalid_frame', `Invalid ${action} frame (${fields}).`, clientMessageId);
  }
  if (parsed.data.action === 'sendMessage') {
    const textError = validateText(parsed.data.text);
    if (textError) return fail(textError.code, textError.message, parsed.data.clientMessageId);
  }
  return { ok: true, frame: parsed.data };
}

/** Checks message text: not blank, at most maxTextChars characters, no control or bidi-override characters. */
export function validateText(text: string): { code: ErrorCode; message: string } | undefined {
  if ([...text].length > PROTOCOL_LIMITS.maxTextChars)
    return {
      code: 'message_too_large',
      message: `A message is at most ${PROTOCOL_LIMITS.maxTextChars} characters.`,
    };
  if (text.trim().length === 0) return { code: 'invalid_text', message: 'The message is empty.' };
  if (FORBIDDEN_CHARACTERS.test(text) || LONE_SURROGATE.test(text))
    return { code: 'invalid_text', message: 'The message contains control characters.' };
  return undefined;
}

export const frames = {
  ack: (clientMessageId: string, messageId: string, seq: number): ServerFrame => ({
    type: 'ack',
    clientMessageId,
    messageId,
    seq,
  }),
  message: (m: StoredMessage): ServerFrame => ({
    type: 'message',
    messageId: m.messageId,
    seq: m.seq,
    role: m.role,
    text: m.text,
  }),
  assistantDelta: (messageId: string, text: string): ServerFrame => ({
    type: 'assistant.delta',
    messageId,
    text,
  }),
  assistantDone: (messageId: string, seq: number, text: string): ServerFrame => ({
    type: 'assistant.done',
    messageId,
    seq,
    text,
  }),
  typing: (role: MessageRole): ServerFrame => ({ type: 'typing', role }),
  error: (code: ErrorCode, message: string, clientMessageId?: string): ServerFrame => ({
    type: 'error',
    code,
    message,
    ...(clientMessageId ? { clientMessageId } : {}),
  }),
  pong: (): ServerFrame => ({ type: 'pong' }),
} as const;
