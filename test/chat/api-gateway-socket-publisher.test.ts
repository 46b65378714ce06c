// ApiGatewaySocketPublisher: against a local @connections server (stage in path, encoded id, 410) and a mock.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApiGatewayManagementApiClient,
  ForbiddenException,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { ApiGatewaySocketPublisher } from '../../lambdas/shared/adapters/api-gateway-socket-publisher';

describe('against a local @connections server', () => {
  const received: Array<{ url: string; body: string }> = [];
  const live = new Set(['live+conn=']);
  let server: Server;
  let client: ApiGatewayManagementApiClient;

  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await readBody(req);
      const match = /^\/dev\/@connections\/([^/]+)$/.exec(req.url ?? '');
      received.push({ url: req.url ?? '', body });
      if (!match || req.method !== 'POST') {
        res.writeHead(404).end();
      } else if (live.has(decodeURIComponent(match[1]!))) {
        res.writeHead(200).end();
      } else {
        res.writeHead(410, { 'x-amzn-errortype': 'GoneException', 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Gone' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new ApiGatewayManagementApiClient({
      endpoint: `http://127.0.0.1:${port}/dev`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('posts the JSON frame to /<stage>/@connections/<url-encoded id>', async () => {
    const outcome = await new ApiGatewaySocketPublisher(client).post('live+conn=', { type: 'pong' });

    expect(outcome).toBe('sent');
    expect(received.at(-1)).toEqual({ url: '/dev/@connections/live%2Bconn%3D', body: '{"type":"pong"}' });
  });

  it("maps a 410 with x-amzn-errortype GoneException to 'gone'", async () => {
    expect(await new ApiGatewaySocketPublisher(client).post('closed', { type: 'pong' })).toBe('gone');
  });
});

describe('with aws-sdk-client-mock', () => {
  let api: AwsClientStub<ApiGatewayManagementApiClient>;
  beforeAll(() => {
    api = mockClient(ApiGatewayManagementApiClient);
  });
  afterEach(() => api.reset());
  afterAll(() => api.restore());
  const publisher = () =>
    new ApiGatewaySocketPublisher(new ApiGatewayManagementApiClient({ region: 'eu-west-1' }));

  it("returns 'gone' for GoneException", async () => {
    api.on(PostToConnectionCommand).rejects(new GoneException({ message: 'gone', $metadata: {} }));

    expect(await publisher().post('x', { type: 'pong' })).toBe('gone');
  });

  it('rethrows any other failure', async () => {
    api.on(PostToConnectionCommand).rejects(new ForbiddenException({ message: 'no', $metadata: {} }));

    await expect(publisher().post('x', { type: 'pong' })).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('sends the frame as UTF-8 JSON bytes', async () => {
    api.on(PostToConnectionCommand).resolves({});

    await publisher().post('abc', { type: 'typing', role: 'assistant' });

    const input = api.commandCalls(PostToConnectionCommand)[0]!.args[0].input;
    expect(input.ConnectionId).toBe('abc');
    expect(new TextDecoder().decode(input.Data as Uint8Array)).toBe('{"type":"typing","role":"assistant"}');
  });
});
