// Client-frame parser: every malformed frame maps to an error code; server-frame builders match docs/protocol.md.
import { PROTOCOL_LIMITS } from '../../lambdas/shared/definitions';
import { frames, parseClientFrame } from '../../lambdas/shared/protocol';

const send = (fields: Record<string, unknown>) =>
  JSON.stringify({ action: 'sendMessage', clientMessageId: 'c-1', text: 'hello', ...fields });

describe('parseClientFrame accepts', () => {
  it.each([
    ['sendMessage', send({}), { action: 'sendMessage', clientMessageId: 'c-1', text: 'hello' }],
    [
      'sendMessage with new lines and tabs',
      send({ text: 'a\n\tb\r\nc' }),
      { action: 'sendMessage', clientMessageId: 'c-1', text: 'a\n\tb\r\nc' },
    ],
    [
      'sendMessage of exactly 4,000 characters (astral counted once)',
      send({ text: '😀'.repeat(PROTOCOL_LIMITS.maxTextChars) }),
      expect.objectContaining({ action: 'sendMessage' }),
    ],
    ['resume', '{"action":"resume","afterSeq":0}', { action: 'resume', afterSeq: 0 }],
    ['typing', '{"action":"typing"}', { action: 'typing' }],
    ['ping', '{"action":"ping"}', { action: 'ping' }],
  ])('%s', (_name, body, frame) => {
    expect(parseClientFrame(body)).toEqual({ ok: true, frame });
  });
});

describe('parseClientFrame refuses', () => {
  it.each([
    ['an empty body', '', 'invalid_frame'],
    ['a missing body', undefined, 'invalid_frame'],
    ['a body that is not JSON', '{"action":', 'invalid_frame'],
    ['a JSON array', '[1,2]', 'invalid_frame'],
    ['a JSON string', '"sendMessage"', 'invalid_frame'],
    ['JSON null', 'null', 'invalid_frame'],
    ['a frame without an action', '{"text":"hi"}', 'unknown_action'],
    ['a non-string action', '{"action":42}', 'unknown_action'],
    ['an unknown action', '{"action":"deleteEverything"}', 'unknown_action'],
    ['an action of another case', '{"action":"SENDMESSAGE"}', 'unknown_action'],
    [
      'sendMessage without clientMessageId',
      JSON.stringify({ action: 'sendMessage', text: 'x' }),
      'invalid_frame',
    ],
    ['sendMessage with a delimiter in clientMessageId', send({ clientMessageId: 'a#b' }), 'invalid_frame'],
    [
      'sendMessage with a 65-character clientMessageId',
      send({ clientMessageId: 'a'.repeat(65) }),
      'invalid_frame',
    ],
    ['sendMessage with a numeric text', send({ text: 5 }), 'invalid_frame'],
    [
      'sendMessage without text',
      JSON.stringify({ action: 'sendMessage', clientMessageId: 'c' }),
      'invalid_frame',
    ],
    ['sendMessage with an extra field (tenantId)', send({ tenantId: 'other-tenant' }), 'invalid_frame'],
    [
      'sendMessage with 4,001 characters',
      send({ text: 'a'.repeat(PROTOCOL_LIMITS.maxTextChars + 1) }),
      'message_too_large',
    ],
    ['a frame over 32 KB', send({ text: 'a'.repeat(PROTOCOL_LIMITS.maxFrameBytes) }), 'message_too_large'],
    ['sendMessage with blank text', send({ text: ' \n\t ' }), 'invalid_text'],
    ['sendMessage with a NUL', send({ text: 'a\u0000b' }), 'invalid_text'],
    ['sendMessage with an escape character', send({ text: '\u001b[31mred' }), 'invalid_text'],
    ['sendMessage with DEL', send({ text: 'a\u007fb' }), 'invalid_text'],
    ['sendMessage with a C1 control', send({ text: 'a\u0085b' }), 'invalid_text'],
    ['sendMessage with a bidi override', send({ text: 'abc\u202Edef' }), 'invalid_text'],
    ['sendMessage with a lone surrogate', send({ text: 'a\uD800b' }), 'invalid_text'],
    ['resume without afterSeq', '{"action":"resume"}', 'invalid_frame'],
    ['resume with a negative afterSeq', '{"action":"resume","afterSeq":-1}', 'invalid_frame'],
    ['resume with a fractional afterSeq', '{"action":"resume","afterSeq":1.5}', 'invalid_frame'],
    ['resume with a string afterSeq', '{"action":"resume","afterSeq":"3"}', 'invalid_frame'],
    ['typing with extra fields', '{"action":"typing","role":"assistant"}', 'invalid_frame'],
    ['ping with extra fields', '{"action":"ping","x":1}', 'invalid_frame'],
  ])('%s with %s', (_name, body, code) => {
    const result = parseClientFrame(body as string | undefined);
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok === false && result.message.length).toBeGreaterThan(0);
  });

  it('echoes a valid clientMessageId in the error so the client can match it', () => {
    expect(parseClientFrame(send({ text: 'a'.repeat(5000) }))).toMatchObject({
      ok: false,
      code: 'message_too_large',
      clientMessageId: 'c-1',
    });
  });
});

describe('frames', () => {
  it('builds the server frames of the public protocol exactly', () => {
    expect(frames.ack('c', 'm', 3)).toEqual({ type: 'ack', clientMessageId: 'c', messageId: 'm', seq: 3 });
    expect(frames.assistantDelta('m', 'he')).toEqual({ type: 'assistant.delta', messageId: 'm', text: 'he' });
    expect(frames.assistantDone('m', 4, 'hello')).toEqual({
      type: 'assistant.done',
      messageId: 'm',
      seq: 4,
      text: 'hello',
    });
    expect(
      frames.message({
        tenantId: 't',
        conversationId: 'c',
        messageId: 'm',
        seq: 2,
        role: 'assistant',
        text: 'x',
        createdAt: '',
        status: 'complete',
      }),
    ).toEqual({ type: 'message', messageId: 'm', seq: 2, role: 'assistant', text: 'x' });
    expect(frames.typing('user')).toEqual({ type: 'typing', role: 'user' });
    expect(frames.error('rate_limited', 'slow', 'c')).toEqual({
      type: 'error',
      code: 'rate_limited',
      message: 'slow',
      clientMessageId: 'c',
    });
    expect(frames.error('invalid_frame', 'bad')).toEqual({
      type: 'error',
      code: 'invalid_frame',
      message: 'bad',
    });
    expect(frames.pong()).toEqual({ type: 'pong' });
  });
});
