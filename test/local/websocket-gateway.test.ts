// The local WebSocket gateway's API Gateway semantics, driven by a plain ws client and the real management client.
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { WebSocket } from 'ws';
import { createRuntimeLog } from '../../local/console-log';
import { WebSocketGateway } from '../../local/gateway/websocket-gateway';
import { closeServer, listen } from '../../local/services/http-util';

type Event = { requestContext: Record<string, any>; body?: string; headers?: Record<string, string> };

const calls: Array<{ route: string; event: Event }> = [];
const allow = (tenantId: string) => ({
  principalId: `t#${tenantId}`,
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:*' }],
  },
  context: { tenantId, conversationId: 'c1' },
});

let gateway: WebSocketGateway;
let baseUrl: string;
let management: ApiGatewayManagementApiClient;

beforeAll(async () => {
  gateway = new WebSocketGateway({
    identity: {
      apiId: 'local',
      stage: 'ws',
      region: 'eu-west-1',
      accountId: '000000000000',
      domainName: 'gw',
    },
    identitySources: [{ in: 'query', name: 'token' }],
    originHeaders: () => ({ 'x-origin-verify': 'cloudfront-secret' }),
    authorizer: async (event) => {
      const { queryStringParameters, headers } = event as {
        queryStringParameters: Record<string, string>;
        headers: Record<string, string>;
      };
      calls.push({ route: 'authorizer', event: event as Event });
      if (headers['x-origin-verify'] !== 'cloudfront-secret') throw new Error('Unauthorized');
      if (queryStringParameters.token === 'throw') throw new Error('Unauthorized');
      if (queryStringParameters.token === 'deny')
        return {
          ...allow('x'),
          policyDocument: { Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: '*' }] },
        };
      return allow(queryStringParameters.token!);
    },
    connect: async (event) => {
      calls.push({ route: '$connect', event: event as Event });
      // The connect integration of a tenant at its connection limit answers 429 (ADR 0023).
      const tenantId = (event as Event).requestContext.authorizer?.tenantId;
      return { statusCode: tenantId === 'full' ? 429 : 200 };
    },
    disconnect: async (event) => {
      calls.push({ route: '$disconnect', event: event as Event });
      return { statusCode: 200 };
    },
    routes: {
      sendMessage: async (event) => {
        calls.push({ route: 'sendMessage', event: event as Event });
        return { statusCode: 200 };
      },
      $default: async (event) => {
        calls.push({ route: '$default', event: event as Event });
        return { statusCode: 200 };
      },
    },
    log: createRuntimeLog('quiet', () => undefined),
  });
  const port = await listen(gateway.server, 0);
  baseUrl = `127.0.0.1:${port}`;
  management = new ApiGatewayManagementApiClient({
    endpoint: `http://${baseUrl}/ws`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  management.destroy();
  await gateway.close();
  await closeServer(gateway.server);
});

beforeEach(() => {
  calls.length = 0;
});

/** Opens a socket; resolves with it, or with the HTTP status the upgrade was refused with. */
function open(query: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${baseUrl}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

async function connected(token = 'acme'): Promise<{ ws: WebSocket; connectionId: string }> {
  const ws = (await open(`?token=${token}`)) as WebSocket;
  const connectionId = calls.find((c) => c.route === '$connect')!.event.requestContext.connectionId as string;
  return { ws, connectionId };
}

const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
const nextMessage = (ws: WebSocket) =>
  new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe('$connect', () => {
  it('refuses with 401 before the authorizer runs when the token identity source is missing', async () => {
    expect(await open('')).toBe(401);
    expect(calls).toEqual([]);
  });

  it('refuses with 401 when the authorizer throws Unauthorized and 403 when its policy denies', async () => {
    expect(await open('?token=throw')).toBe(401);
    expect(await open('?token=deny')).toBe(403);
    expect(calls.some((c) => c.route === '$connect')).toBe(false);
  });

  it("refuses the upgrade with the $connect integration's non-2xx status and never runs $disconnect for it", async () => {
    expect(await open('?token=full')).toBe(429);
    const refused = calls.find((c) => c.route === '$connect')!.event.requestContext;
    expect(typeof refused.connectedAt).toBe('number');
    calls.length = 0;
    // A later socket's $disconnect is the only one: the refused connection never became a socket.
    const { ws, connectionId } = await connected();
    ws.close();
    await until(() => calls.some((c) => c.route === '$disconnect'));
    const disconnected = calls.filter((c) => c.route === '$disconnect');
    expect(disconnected.map((c) => c.event.requestContext.connectionId)).toEqual([connectionId]);
    expect(connectionId).not.toBe(refused.connectionId);
  });

  it('adds the origin-verify header as CloudFront does, replacing a client-sent copy', async () => {
    const { ws } = await connected();
    ws.close();
    const spoofed = await open('?token=acme', { 'x-origin-verify': 'forged' });
    expect(spoofed).toBeInstanceOf(WebSocket);
    (spoofed as WebSocket).close();
    const headers = calls
      .filter((c) => c.route === 'authorizer')
      .map((c) => c.event.headers!['x-origin-verify']);
    expect(headers).toEqual(['cloudfront-secret', 'cloudfront-secret']);
  });
});

describe('routes', () => {
  it('selects the route on action, falls back to $default, and passes the authorizer context to every route', async () => {
    const { ws, connectionId } = await connected('globex');
    ws.send(JSON.stringify({ action: 'sendMessage', text: 'hi' }));
    ws.send(JSON.stringify({ action: 'unknown' }));
    ws.send('not json');
    await until(() => calls.filter((c) => c.route === 'sendMessage' || c.route === '$default').length === 3);
    const routed = calls.filter((c) => c.route === 'sendMessage' || c.route === '$default');
    expect(routed.map((c) => c.event.requestContext.routeKey).sort()).toEqual([
      '$default',
      '$default',
      'sendMessage',
    ]);
    for (const c of routed)
      expect(c.event.requestContext.authorizer).toMatchObject({
        tenantId: 'globex',
        principalId: 't#globex',
      });
    ws.close();
    const isMine = (c: (typeof calls)[number]) =>
      c.route === '$disconnect' && c.event.requestContext.connectionId === connectionId;
    await until(() => calls.some(isMine));
    expect(calls.find(isMine)!.event.requestContext.authorizer.tenantId).toBe('globex');
  });

  it('closes with 1009 on a frame over 32 KB', async () => {
    const { ws } = await connected();
    ws.send('x'.repeat(32 * 1024 + 1));
    expect(await closed(ws)).toBe(1009);
  });

  it('closes with 1009 on a message over 128 KB sent as frames under 32 KB', async () => {
    const { ws } = await connected();
    const chunk = 'y'.repeat(30 * 1024);
    for (let i = 0; i < 5; i += 1) ws.send(chunk, { fin: i === 4 });
    expect(await closed(ws)).toBe(1009);
  });

  it('accepts a 100 KB message sent as frames under 32 KB', async () => {
    const { ws } = await connected();
    const chunk = 'z'.repeat(25 * 1024);
    for (let i = 0; i < 4; i += 1) ws.send(chunk, { fin: i === 3 });
    await until(() => calls.some((c) => c.route === '$default'));
    expect(calls.find((c) => c.route === '$default')!.event.body).toHaveLength(100 * 1024);
    ws.close();
  });
});

describe('@connections management API', () => {
  it('posts to, describes and deletes a connection whose id needs URL encoding', async () => {
    const { ws, connectionId } = await connected();
    expect(connectionId).toMatch(/=$/);
    const received = nextMessage(ws);
    await management.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('{"type":"pong"}') }),
    );
    expect(await received).toBe('{"type":"pong"}');
    const info = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.Identity?.SourceIp).toBe('127.0.0.1');
    const closing = closed(ws);
    await management.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    expect(await closing).toBe(1000);
    await until(() => calls.some((c) => c.route === '$disconnect'));
  });

  it('answers 410 GoneException for a connection that no longer exists', async () => {
    const post = management.send(
      new PostToConnectionCommand({ ConnectionId: 'gone+id/x==', Data: Buffer.from('x') }),
    );
    await expect(post).rejects.toBeInstanceOf(GoneException);
    const raw = await fetch(`http://${baseUrl}/ws/@connections/${encodeURIComponent('gone+id/x==')}`, {
      method: 'POST',
      body: 'x',
    });
    expect(raw.status).toBe(410);
    expect(raw.headers.get('x-amzn-errortype')).toBe('GoneException');
  });

  it('keeps the stage in the path: another stage is forbidden', async () => {
    const { ws, connectionId } = await connected();
    const other = new ApiGatewayManagementApiClient({
      endpoint: `http://${baseUrl}/prod`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await expect(other.send(new GetConnectionCommand({ ConnectionId: connectionId }))).rejects.toMatchObject({
      name: 'ForbiddenException',
    });
    other.destroy();
    ws.close();
  });
});

describe('connection lifetime', () => {
  it('closes an idle connection with 1001 and runs $disconnect', async () => {
    const seen: string[] = [];
    const short = new WebSocketGateway({
      identity: {
        apiId: 'local',
        stage: 'ws',
        region: 'eu-west-1',
        accountId: '000000000000',
        domainName: 'gw',
      },
      routes: {},
      disconnect: async (event) => {
        seen.push((event as Event).requestContext.disconnectStatusCode);
        return { statusCode: 200 };
      },
      limits: { idleTimeoutMs: 150, maxConnectionMs: 60_000 },
      log: createRuntimeLog('quiet', () => undefined),
    });
    const port = await listen(short.server, 0);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    await new Promise((resolve) => ws.once('open', resolve));
    expect(await closed(ws)).toBe(1001);
    await until(() => seen.length === 1);
    expect(seen).toEqual([1001]);
    await short.close();
    await closeServer(short.server);
  });
});
