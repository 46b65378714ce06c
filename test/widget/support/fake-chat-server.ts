// In-test chat backend: the demo static files, a demo token endpoint and a WebSocket server speaking the protocol.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createDemoStaticHandler } from '../../../widget/demo/demo-server';

interface StoredMessage {
  messageId: string;
  seq: number;
  role: 'user' | 'assistant';
  text: string;
}

export interface FakeChatServer {
  readonly demoUrl: string;
  readonly websocketUrl: string;
  /** Tokens minted by the token endpoint, in order. */
  readonly tokensIssued: string[];
  /** Frames every socket received from the browser, in order. */
  readonly clientFrames: Record<string, unknown>[];
  /** Conversation ids the token endpoint was asked for (undefined: a new conversation). */
  readonly tokenRequests: Array<{ tenant?: string; conversationId?: string }>;
  /** The conversation id of each minted token. */
  readonly conversationsIssued: string[];
  readonly messages: StoredMessage[];
  /** Terminates every socket as a network failure would (no close frame). */
  dropConnections(): void;
  openConnections(): number;
  close(): Promise<void>;
}

/** Answers every question from a tiny FAQ, streamed in word-sized deltas. */
export function faqAnswer(question: string): string {
  if (/return/i.test(question))
    return 'You can return any unused item within 30 days of delivery for a full refund.';
  if (/html/i.test(question)) return 'Rendered as text: <img src=x onerror="window.__pwned=1"><b>bold?</b>';
  return 'I can help with returns, refunds and shipping.';
}

export async function startFakeChatServer(distDir: string): Promise<FakeChatServer> {
  const tokensIssued: string[] = [];
  const unusedTokens = new Map<string, string>(); // token → conversationId
  const clientFrames: Record<string, unknown>[] = [];
  const tokenRequests: Array<{ tenant?: string; conversationId?: string }> = [];
  const conversationsIssued: string[] = [];
  const messages: StoredMessage[] = [];
  const byClientId = new Map<string, StoredMessage>();
  const sockets = new Set<WebSocket>();
  let websocketUrl = '';
  let serveStatic: ReturnType<typeof createDemoStaticHandler> = () => false;

  const http: Server = createServer((req, res) => {
    if (serveStatic(req, res)) return;
    if (req.method === 'POST' && req.url === '/api/session-token') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const request = JSON.parse(body || '{}') as { tenant?: string; conversationId?: string };
        tokenRequests.push(request);
        const conversationId = request.conversationId ?? `conv-${randomUUID()}`;
        const token = `tok-${randomUUID()}`;
        tokensIssued.push(token);
        conversationsIssued.push(conversationId);
        unusedTokens.set(token, conversationId);
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            token,
            expiresAt: new Date(Date.now() + 300_000).toISOString(),
            websocketUrl,
            conversationId,
          }),
        );
      });
      return;
    }
    res.writeHead(404).end();
  });
  // Like the real authorizer: a token is single use and refused at the upgrade.
  const wss = new WebSocketServer({
    noServer: true,
  });
  http.on('upgrade', (req, socket, head) => {
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
    if (!unusedTokens.has(token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    unusedTokens.delete(token);
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => onFrame(ws, JSON.parse(data.toString()) as Record<string, unknown>));
    });
  });

  const broadcast = (frame: unknown) => sockets.forEach((s) => s.send(JSON.stringify(frame)));
  const persist = (role: StoredMessage['role'], text: string): StoredMessage => {
    const message = { messageId: `msg-${randomUUID()}`, seq: messages.length + 1, role, text };
    messages.push(message);
    return message;
  };

  async function answer(question: string): Promise<void> {
    const text = faqAnswer(question);
    const messageId = `msg-${randomUUID()}`;
    broadcast({ type: 'typing', role: 'assistant' });
    const words = text.split(/(?<= )/);
    for (const word of words) {
      await new Promise((r) => setTimeout(r, 40));
      broadcast({ type: 'assistant.delta', messageId, text: word });
    }
    const seq = messages.length + 1;
    messages.push({ messageId, seq, role: 'assistant', text });
    broadcast({ type: 'assistant.done', messageId, seq, text });
  }

  function onFrame(ws: WebSocket, frame: Record<string, unknown>): void {
    clientFrames.push(frame);
    switch (frame.action) {
      case 'sendMessage': {
        const clientMessageId = String(frame.clientMessageId);
        const existing = byClientId.get(clientMessageId);
        const message = existing ?? persist('user', String(frame.text));
        byClientId.set(clientMessageId, message);
        ws.send(
          JSON.stringify({ type: 'ack', clientMessageId, messageId: message.messageId, seq: message.seq }),
        );
        if (!existing) void answer(message.text);
        return;
      }
      case 'resume':
        for (const m of messages.filter((m) => m.seq > Number(frame.afterSeq))) {
          ws.send(JSON.stringify({ type: 'message', ...m }));
        }
        return;
      case 'ping':
        ws.send(JSON.stringify({ type: 'pong' }));
        return;
      case 'typing':
        return;
      default:
        ws.send(JSON.stringify({ type: 'error', code: 'unknown_action', message: 'Unknown action.' }));
    }
  }

  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const { port } = http.address() as AddressInfo;
  websocketUrl = `ws://127.0.0.1:${port}/ws`;
  serveStatic = createDemoStaticHandler({ distDir, websocketUrls: [websocketUrl] });
  return {
    demoUrl: `http://127.0.0.1:${port}/`,
    websocketUrl,
    tokensIssued,
    clientFrames,
    tokenRequests,
    conversationsIssued,
    messages,
    dropConnections: () => sockets.forEach((s) => s.terminate()),
    openConnections: () => sockets.size,
    close: async () => {
      sockets.forEach((s) => s.terminate());
      wss.close();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
