// The real handler wiring against the in-memory DynamoDB server, a local @connections server and a mocked SQS FIFO queue.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ENV, keys } from '../../lambdas/shared/definitions';
import { DynamoDbConnectionRegistry } from '../../lambdas/shared/adapters/dynamodb-connection-registry';
import { DynamoDbConversationStore } from '../../lambdas/shared/adapters/dynamodb-conversation-store';
import { DynamoDbTenantStore } from '../../lambdas/shared/adapters/dynamodb-tenant-store';
import type { WebSocketRouteEvent } from '../../lambdas/chat-router/router';
import type { ConversationTurn, ServerFrame } from '../../lambdas/shared/types';
import { startMemoryDynamo, type LocalDynamo } from '../support/memory-dynamo';
import { tenantSettings } from './support/fakes';

const sqs = mockClient(SQSClient);
const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/111111111111/livechat-test-turns.fifo';

let dynamo: LocalDynamo;
let gateway: Server;
/** Frames each connection received through the local @connections API. */
const inbox = new Map<string, ServerFrame[]>();
/** Connections the local gateway reports as closed (410 GoneException). */
const closed = new Set<string>();
let handler: (event: WebSocketRouteEvent, context: Context) => Promise<{ statusCode: number }>;
let registry: DynamoDbConnectionRegistry;
let store: DynamoDbConversationStore;

beforeAll(async () => {
  dynamo = await startMemoryDynamo('router');
  gateway = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/prod\/@connections\/([^/]+)$/.exec(req.url ?? '');
      const id = match ? decodeURIComponent(match[1]!) : '';
      if (!match || closed.has(id)) {
        res.writeHead(410, { 'x-amzn-errortype': 'GoneException' }).end('{"message":"Gone"}');
        return;
      }
      inbox.set(id, [
        ...(inbox.get(id) ?? []),
        JSON.parse(Buffer.concat(chunks).toString('utf8')) as ServerFrame,
      ]);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    [ENV.cellRegion]: 'eu-west-1',
    [ENV.conversationsTable]: dynamo.tables.conversations,
    [ENV.sessionsTable]: dynamo.tables.sessions,
    [ENV.tenantsTable]: dynamo.tables.tenants,
    [ENV.turnQueueUrl]: queueUrl,
    [ENV.websocketCallbackUrl]: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/prod`,
    [ENV.conversationRetentionDays]: '30',
  });
  delete process.env[ENV.tenantScopedRoleArn];
  // The handler reads its environment at import (cold start), so it is loaded after the environment is set.
  const handlerModule = '../../lambdas/chat-router/handler';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ({ handler } = require(handlerModule) as typeof import('../../lambdas/chat-router/handler'));
  const tenants = new DynamoDbTenantStore(dynamo.doc, dynamo.tables.tenants);
  await tenants.putTenant(tenantSettings('ta'));
  await tenants.putTenant(tenantSettings('tb'));
  await tenants.putTenant(tenantSettings('tslow', { messagesPerMinutePerConnection: 2 }));
  registry = new DynamoDbConnectionRegistry(dynamo.doc, dynamo.tables.sessions);
  store = new DynamoDbConversationStore(dynamo.doc, dynamo.tables.conversations, 30);
});
afterAll(async () => {
  sqs.restore();
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
  await dynamo.stop();
});
beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'sqs' });
});

const context = {
  functionName: 'ChatRouter',
  awsRequestId: 'req',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;
let connectionCounter = 0;
async function connect(tenantId: string, conversationId: string, userId = 'alice') {
  const connectionId = `Conn${++connectionCounter}=`;
  await registry.add({
    tenantId,
    conversationId,
    connectionId,
    userId,
    connectedAt: new Date().toISOString(),
    expiresAt: Math.floor(Date.now() / 1000) + 7_300,
  });
  const frame = (routeKey: string, body: unknown) =>
    handler(
      {
        body: typeof body === 'string' ? body : JSON.stringify(body),
        requestContext: {
          routeKey,
          connectionId,
          authorizer: {
            tenantId,
            userId,
            conversationId,
            jti: 'j',
            cell: 'eu-west-1',
            tokenExpiresAt: 1_900_000_000,
          },
        },
      },
      context,
    );
  return {
    connectionId,
    frames: () => inbox.get(connectionId) ?? [],
    send: (clientMessageId: string, text = `text ${clientMessageId}`) =>
      frame('sendMessage', { action: 'sendMessage', clientMessageId, text }),
    resume: (afterSeq: number) => frame('resume', { action: 'resume', afterSeq }),
    raw: frame,
  };
}
const acks = (frames: ServerFrame[]) => frames.filter((f) => f.type === 'ack');
const turnsSent = () => sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);

describe('chat router handler (real adapters)', () => {
  it('enqueues a turn only after the user message is persisted, on the conversation FIFO group', async () => {
    const socket = await connect('ta', 'persist-first');
    const seenAtEnqueue: unknown[] = [];
    sqs.on(SendMessageCommand).callsFake(async (input: { MessageBody: string }) => {
      const turn = JSON.parse(input.MessageBody) as ConversationTurn;
      const stored = await dynamo.doc.send(
        new GetCommand({
          TableName: dynamo.tables.conversations,
          Key: {
            pk: keys.conversationPk(turn.tenantId, turn.conversationId),
            sk: keys.messageSk(turn.userSeq),
          },
        }),
      );
      seenAtEnqueue.push(stored.Item?.messageId === turn.userMessageId);
      return { MessageId: 'sqs' };
    });

    expect(await socket.send('m1')).toEqual({ statusCode: 200 });

    expect(seenAtEnqueue).toEqual([true]);
    const [sent] = turnsSent();
    expect(sent).toMatchObject({ QueueUrl: queueUrl, MessageGroupId: 'ta#persist-first' });
    expect(sent!.MessageDeduplicationId).toBe((acks(socket.frames())[0] as { messageId: string }).messageId);
  });

  it('keeps per-conversation seq gap-free under 20 concurrent sends', async () => {
    const socket = await connect('ta', 'concurrent');
    await Promise.all(Array.from({ length: 20 }, (_, i) => socket.send(`c${i}`)));

    const seqs = acks(socket.frames())
      .map((a) => (a.type === 'ack' ? a.seq : 0))
      .sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(turnsSent()).toHaveLength(20);
    expect(new Set(turnsSent().map((t) => t.MessageGroupId))).toEqual(new Set(['ta#concurrent']));
  });

  it('acks a repeated clientMessageId with the same messageId and stores nothing new', async () => {
    const socket = await connect('ta', 'idempotent');
    await socket.send('same');
    await socket.send('same', 'edited on retry');

    const [first, second] = acks(socket.frames());
    expect(second).toEqual(first);
    expect(await store.listMessagesAfter('ta', 'idempotent', 0, 10)).toHaveLength(1);
  });

  it('replays everything after afterSeq to a reconnecting client, including an answer completed after the drop', async () => {
    const first = await connect('ta', 'resume');
    await first.send('q1');
    await first.send('q2');
    closed.add(first.connectionId); // the socket drops while the assistant is streaming its answer to q2
    const q2 = acks(first.frames())[1] as { messageId: string };
    await store.appendMessage({
      tenantId: 'ta',
      conversationId: 'resume',
      role: 'assistant',
      text: 'the whole answer',
      idempotencyKey: `turn#${q2.messageId}`,
    });

    const second = await connect('ta', 'resume');
    await second.resume(1);

    expect(second.frames()).toEqual([
      expect.objectContaining({ type: 'message', seq: 2, role: 'user', text: 'text q2' }),
      expect.objectContaining({ type: 'message', seq: 3, role: 'assistant', text: 'the whole answer' }),
    ]);
  });

  it('removes a connection that answers 410 from the registry while the others still get the frame', async () => {
    const stale = await connect('ta', 'gone');
    const live = await connect('ta', 'gone');
    const sender = await connect('ta', 'gone');
    closed.add(stale.connectionId);

    await sender.send('hello');

    const remaining = (await registry.list('ta', 'gone')).map((c) => c.connectionId);
    expect(remaining.sort()).toEqual([live.connectionId, sender.connectionId].sort());
    expect(live.frames()).toEqual([
      expect.objectContaining({ type: 'message', role: 'user', text: 'text hello' }),
    ]);
  });

  it("gives tenant B nothing of tenant A's conversation with the same id", async () => {
    const a = await connect('ta', 'shared-id');
    await a.send('a-secret', 'tenant A secret');
    const b = await connect('tb', 'shared-id');

    await b.resume(0);
    await b.send('b1', 'tenant B text');

    expect(b.frames().filter((f) => f.type === 'message')).toEqual([]);
    expect(acks(b.frames())).toEqual([expect.objectContaining({ seq: 1 })]);
    expect(JSON.stringify(b.frames())).not.toContain('tenant A secret');
    expect(a.frames().filter((f) => f.type === 'message')).toEqual([]);
  });

  it('refuses the third message in a minute on a connection limited to two, storing nothing', async () => {
    const socket = await connect('tslow', 'limited');
    for (const id of ['l1', 'l2', 'l3']) await socket.send(id);

    expect(
      socket
        .frames()
        .filter((f) => f.type === 'ack' || f.type === 'error')
        .map((f) => f.type),
    ).toEqual(['ack', 'ack', 'error']);
    expect(socket.frames().find((f) => f.type === 'error')).toMatchObject({
      code: 'rate_limited',
      clientMessageId: 'l3',
    });
    expect(await store.listMessagesAfter('tslow', 'limited', 0, 10)).toHaveLength(2);
  });

  it.each([
    ['$default', 'not json', 'invalid_frame'],
    ['$default', { action: 'nope' }, 'unknown_action'],
    [
      'sendMessage',
      { action: 'sendMessage', clientMessageId: 'x', text: 'a'.repeat(4001) },
      'message_too_large',
    ],
    ['sendMessage', { action: 'sendMessage', clientMessageId: 'x', text: 'bell\u0007' }, 'invalid_text'],
    ['resume', { action: 'resume', afterSeq: 'zero' }, 'invalid_frame'],
  ])(
    'answers a malformed frame on %s with an error frame and keeps serving',
    async (routeKey, body, code) => {
      const socket = await connect('ta', `malformed-${code}`);

      expect(await socket.raw(routeKey, body)).toEqual({ statusCode: 200 });
      await socket.raw('ping', { action: 'ping' });

      expect(socket.frames()).toEqual([expect.objectContaining({ type: 'error', code }), { type: 'pong' }]);
    },
  );
});
