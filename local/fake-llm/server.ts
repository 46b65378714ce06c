// Fake LLM provider: speaks OpenAI Chat Completions and Anthropic Messages (streaming or not), with scripted faults.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { replyTo, type FakeConversation, type FakeReply } from './answer';

export type FakeFault =
  | '429'
  | '529'
  | '500'
  | 'bad-request'
  | 'auth'
  | 'mid-stream-error'
  | 'truncated'
  | 'stall'
  | 'slow-first-token';

export const FAKE_FAULTS: readonly FakeFault[] = [
  '429',
  '529',
  '500',
  'bad-request',
  'auth',
  'mid-stream-error',
  'truncated',
  'stall',
  'slow-first-token',
];

export interface FakeLlmServerOptions {
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** @default 127.0.0.1 */
  readonly host?: string;
  /** Delay before the first token for `slow-first-token`. @default 300 */
  readonly slowFirstTokenMs?: number;
  /** Delay between streamed chunks. @default 2 */
  readonly chunkDelayMs?: number;
  /** Value of `retry-after` (seconds) sent with 429. @default 1 */
  readonly retryAfterSeconds?: number;
}

export interface RecordedRequest {
  readonly api: 'openai' | 'anthropic';
  readonly model: string;
  readonly stream: boolean;
  readonly fault?: FakeFault;
  readonly body: Record<string, unknown>;
}

export interface FakeLlmServer {
  /** `http://127.0.0.1:<port>`: ANTHROPIC_BASE_URL. */
  readonly url: string;
  /** `<url>/v1`: OPENAI_BASE_URL. */
  readonly openaiBaseUrl: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const FAULT_MARKER = /fault:([a-z0-9-]+)(?:\*(always|\d+))?/;

/** Starts the fake server. Faults: `fault:<name>[*<count>|*always]` in the header `x-fake-fault`, the model name or the user text; a fault hits the first <count> (default 1) matching requests, then the server behaves. */
export async function startFakeLlmServer(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const requests: RecordedRequest[] = [];
  /** Wall-clock time (epoch ms) the first text chunk was written, per `[bench:<id>]` marker: the bench joins it with
   * the time the client received the first delta to measure relay latency. Bounded to the latest 100,000 markers. */
  const firstTextAt = new Map<string, number>();
  const recordFirstText = (userText: string) => {
    const marker = /\[bench:([A-Za-z0-9_-]{1,64})\]/.exec(userText)?.[1];
    if (!marker) return;
    if (firstTextAt.size >= 100_000) firstTextAt.clear();
    firstTextAt.set(marker, performance.timeOrigin + performance.now());
  };
  const faultHits = new Map<string, number>();
  const sockets = new Set<Socket>();
  const settings = {
    slowFirstTokenMs: options.slowFirstTokenMs ?? 300,
    chunkDelayMs: options.chunkDelayMs ?? 2,
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: { type: 'api_error', message: 'fake server failure' } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    const api = /\/chat\/completions$/.test(path)
      ? 'openai'
      : /\/messages$/.test(path)
        ? 'anthropic'
        : undefined;
    if (req.method === 'GET' && path === '/__bench/first-text')
      return send(res, 200, Object.fromEntries(firstTextAt));
    if (req.method !== 'POST' || !api)
      return send(res, 404, { error: { type: 'not_found_error', message: 'unknown route' } });
    const key = req.headers['x-api-key'] || (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const body = await readJson(req);
    if (!body) return send(res, 400, errorBody(api, 'invalid_request_error', 'body must be JSON'));
    if (!key) return send(res, 401, errorBody(api, 'authentication_error', 'missing API key'));
    const conversation = api === 'openai' ? fromOpenAi(body) : fromAnthropic(body);
    const model = String(body.model ?? '');
    const fault = selectFault([String(req.headers['x-fake-fault'] ?? ''), model, lastUserText(conversation)]);
    const stream = body.stream === true;
    requests.push({ api, model, stream, ...(fault ? { fault } : {}), body });

    if (fault === '429') {
      res.setHeader('retry-after', String(settings.retryAfterSeconds));
      return send(res, 429, errorBody(api, 'rate_limit_error', 'rate limited (scripted)'));
    }
    if (fault === '529') return send(res, 529, errorBody(api, 'overloaded_error', 'overloaded (scripted)'));
    if (fault === '500') return send(res, 500, errorBody(api, 'api_error', 'internal error (scripted)'));
    if (fault === 'bad-request')
      return send(res, 400, errorBody(api, 'invalid_request_error', 'bad request (scripted)'));
    if (fault === 'auth')
      return send(res, 401, errorBody(api, 'authentication_error', 'invalid key (scripted)'));

    const reply = continueAfterPrefix(replyTo(conversation), conversation);
    const inputTokens = Math.ceil(JSON.stringify(body).length / 4);
    if (!stream)
      return send(
        res,
        200,
        api === 'openai'
          ? openAiCompletion(model, reply, inputTokens)
          : anthropicMessage(model, reply, inputTokens),
      );

    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    const events =
      api === 'openai' ? openAiEvents(model, reply, inputTokens) : anthropicEvents(model, reply, inputTokens);
    const firstText = events.findIndex((e) => e.text);
    const cutAt = Math.max(firstText + 2, Math.floor(events.length / 2));
    for (let i = 0; i < events.length; i++) {
      if (res.destroyed) return;
      if (i === firstText && fault === 'slow-first-token') await delay(settings.slowFirstTokenMs);
      if (i === cutAt && fault === 'mid-stream-error') {
        res.write(
          api === 'openai'
            ? `data: ${JSON.stringify({ error: { message: 'server error mid-stream (scripted)', type: 'server_error' } })}\n\n`
            : `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded (scripted)' } })}\n\n`,
        );
        return void res.end();
      }
      if (i === cutAt && fault === 'truncated') return void res.end();
      if (i === cutAt && fault === 'stall') return; // keeps the connection open and silent until the client gives up
      res.write(events[i].frame);
      if (i === firstText) recordFirstText(lastUserText(conversation));
      if (events[i].text) await delay(settings.chunkDelayMs);
    }
    res.end();
  }

  function selectFault(sources: string[]): FakeFault | undefined {
    for (const source of sources) {
      const m = FAULT_MARKER.exec(source);
      if (!m || !(FAKE_FAULTS as readonly string[]).includes(m[1])) continue;
      const name = m[1] as FakeFault;
      const limit =
        m[2] === 'always' ? Infinity : Number(m[2] ?? (name === 'slow-first-token' ? Infinity : 1));
      const counterKey = `${name}|${source}`;
      const hits = faultHits.get(counterKey) ?? 0;
      if (hits >= limit) return undefined;
      faultHits.set(counterKey, hits + 1);
      return name;
    }
    return undefined;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface StreamEvent {
  readonly frame: string;
  readonly text?: string;
}

function chunksOf(text: string): string[] {
  return text.match(/\S+\s*\S*\s*/g) ?? (text ? [text] : []);
}

function openAiEvents(model: string, reply: FakeReply, inputTokens: number): StreamEvent[] {
  const id = `chatcmpl-fake-${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`;
  const events: StreamEvent[] = [
    { frame: chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]) },
  ];
  let output = 0;
  if (reply.kind === 'text') {
    for (const piece of chunksOf(reply.text)) {
      events.push({
        frame: chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]),
        text: piece,
      });
    }
    output = Math.ceil(reply.text.length / 4);
  } else {
    events.push({
      frame: chunk([
        {
          index: 0,
          delta: {
            tool_calls: [
              {
                index: 0,
                id: 'call_fake_1',
                type: 'function',
                function: { name: reply.name, arguments: '' },
              },
            ],
          },
          finish_reason: null,
        },
      ]),
      text: reply.name,
    });
    events.push({
      frame: chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, function: { arguments: reply.argumentsJson } }] },
          finish_reason: null,
        },
      ]),
    });
    output = 10;
  }
  events.push({
    frame: chunk([{ index: 0, delta: {}, finish_reason: reply.kind === 'text' ? 'stop' : 'tool_calls' }]),
  });
  events.push({
    frame: chunk([], {
      usage: { prompt_tokens: inputTokens, completion_tokens: output, total_tokens: inputTokens + output },
    }),
  });
  events.push({ frame: 'data: [DONE]\n\n' });
  return events;
}

function anthropicEvents(model: string, reply: FakeReply, inputTokens: number): StreamEvent[] {
  const sse = (type: string, data: Record<string, unknown>) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const events: StreamEvent[] = [
    {
      frame: sse('message_start', {
        message: {
          id: `msg_fake_${Date.now()}`,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: inputTokens, output_tokens: 1 },
        },
      }),
    },
  ];
  let output = 10;
  if (reply.kind === 'text') {
    events.push({
      frame: sse('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    });
    events.push({ frame: sse('ping', {}) });
    for (const piece of chunksOf(reply.text)) {
      events.push({
        frame: sse('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }),
        text: piece,
      });
    }
    output = Math.ceil(reply.text.length / 4);
  } else {
    events.push({
      frame: sse('content_block_start', {
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_fake_1', name: reply.name, input: {} },
      }),
      text: reply.name,
    });
    events.push({
      frame: sse('content_block_delta', {
        index: 0,
        delta: { type: 'input_json_delta', partial_json: reply.argumentsJson },
      }),
    });
  }
  events.push({ frame: sse('content_block_stop', { index: 0 }) });
  events.push({
    frame: sse('message_delta', {
      delta: { stop_reason: reply.kind === 'text' ? 'end_turn' : 'tool_use', stop_sequence: null },
      usage: { output_tokens: output },
    }),
  });
  events.push({ frame: sse('message_stop', {}) });
  return events;
}

function openAiCompletion(model: string, reply: FakeReply, inputTokens: number): Record<string, unknown> {
  const message =
    reply.kind === 'text'
      ? { role: 'assistant', content: reply.text }
      : {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_fake_1',
              type: 'function',
              function: { name: reply.name, arguments: reply.argumentsJson },
            },
          ],
        };
  const output = reply.kind === 'text' ? Math.ceil(reply.text.length / 4) : 10;
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: reply.kind === 'text' ? 'stop' : 'tool_calls' }],
    usage: { prompt_tokens: inputTokens, completion_tokens: output, total_tokens: inputTokens + output },
  };
}

function anthropicMessage(model: string, reply: FakeReply, inputTokens: number): Record<string, unknown> {
  const content =
    reply.kind === 'text'
      ? [{ type: 'text', text: reply.text }]
      : [
          {
            type: 'tool_use',
            id: 'toolu_fake_1',
            name: reply.name,
            input: JSON.parse(reply.argumentsJson || '{}'),
          },
        ];
  return {
    id: `msg_fake_${Date.now()}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: reply.kind === 'text' ? 'end_turn' : 'tool_use',
    stop_sequence: null,
    usage: {
      input_tokens: inputTokens,
      output_tokens: reply.kind === 'text' ? Math.ceil(reply.text.length / 4) : 10,
    },
  };
}

/** A trailing assistant message is a prefix to continue: the reply drops what the prefix already said. */
function continueAfterPrefix(reply: FakeReply, conversation: FakeConversation): FakeReply {
  const last = conversation.messages[conversation.messages.length - 1];
  if (reply.kind !== 'text' || last?.role !== 'assistant' || !last.text) return reply;
  const prefix = last.text.trimEnd();
  if (!reply.text.startsWith(prefix)) return reply;
  return { kind: 'text', text: reply.text.slice(prefix.length) };
}

function lastUserText(conversation: FakeConversation): string {
  return [...conversation.messages].reverse().find((m) => m.role === 'user')?.text ?? '';
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { type?: string; text?: string; content?: unknown }) =>
      part?.type === 'tool_result' ? textOf(part.content) : typeof part?.text === 'string' ? part.text : '',
    )
    .join('');
}

function fromOpenAi(body: Record<string, unknown>): FakeConversation {
  const messages = Array.isArray(body.messages)
    ? (body.messages as Array<{ role?: string; content?: unknown }>)
    : [];
  return {
    system: messages
      .filter((m) => m.role === 'system' || m.role === 'developer')
      .map((m) => textOf(m.content))
      .join('\n'),
    messages: messages
      .filter((m) => m.role !== 'system' && m.role !== 'developer')
      .map((m) => ({ role: String(m.role), text: textOf(m.content) })),
    toolNames: Array.isArray(body.tools)
      ? (body.tools as Array<{ function?: { name?: string } }>).map((t) => String(t.function?.name))
      : [],
  };
}

function fromAnthropic(body: Record<string, unknown>): FakeConversation {
  const messages = Array.isArray(body.messages)
    ? (body.messages as Array<{ role?: string; content?: unknown }>)
    : [];
  return {
    system: textOf(body.system),
    messages: messages.map((m) => {
      const isToolResult =
        Array.isArray(m.content) &&
        (m.content as Array<{ type?: string }>).some((b) => b?.type === 'tool_result');
      return { role: isToolResult ? 'tool' : String(m.role), text: textOf(m.content) };
    }),
    toolNames: Array.isArray(body.tools)
      ? (body.tools as Array<{ name?: string }>).map((t) => String(t.name))
      : [],
  };
}

function errorBody(api: 'openai' | 'anthropic', type: string, message: string): Record<string, unknown> {
  return api === 'openai'
    ? { error: { message, type, code: type } }
    : { type: 'error', error: { type, message } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
