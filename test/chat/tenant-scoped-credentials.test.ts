// Runtime tenant scoping: STS AssumeRole with the tenant session tag, cached per tenant, used to sign that tenant's calls.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { StsTenantCredentials } from '../../lambdas/shared/adapters/sts-tenant-credentials';
import { tenantPortsFactory } from '../../lambdas/chat-router/tenant-ports';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const roleArn = 'arn:aws:iam::111111111111:role/tenant-scoped';
const sts = mockClient(STSClient);
afterEach(() => sts.reset());
afterAll(() => sts.restore());

let now = 1_700_000_000_000;
const clock = { now: () => now };
const issue = () =>
  sts.on(AssumeRoleCommand).callsFake((input: { Tags: Array<{ Value: string }> }) => ({
    Credentials: {
      AccessKeyId: `AKIA${input.Tags[0]!.Value.toUpperCase()}`,
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(now + 900_000),
    },
  }));

describe('StsTenantCredentials', () => {
  it('assumes the tenant-scoped role with the tenant as session tag and a tenant session name', async () => {
    issue();
    const credentials = new StsTenantCredentials(new STSClient({ region: 'eu-west-1' }), roleArn, { clock });

    const c = await credentials.credentialsFor('tenant-a');

    expect(c.accessKeyId).toBe('AKIATENANT-A');
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toEqual({
      RoleArn: roleArn,
      RoleSessionName: 'tenant-tenant-a',
      DurationSeconds: 900,
      Tags: [{ Key: 'tenant', Value: 'tenant-a' }],
    });
  });

  it('calls STS once per tenant while the credentials are fresh, also under concurrency', async () => {
    issue();
    const credentials = new StsTenantCredentials(new STSClient({ region: 'eu-west-1' }), roleArn, { clock });

    await Promise.all([1, 2, 3].map(() => credentials.credentialsFor('tenant-a')));
    await credentials.credentialsFor('tenant-a');
    await credentials.credentialsFor('tenant-b');

    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.Tags?.[0]?.Value)).toEqual([
      'tenant-a',
      'tenant-b',
    ]);
  });

  it('refreshes credentials before they expire', async () => {
    issue();
    const credentials = new StsTenantCredentials(new STSClient({ region: 'eu-west-1' }), roleArn, { clock });
    await credentials.credentialsFor('tenant-a');
    now += 800_000; // within the 120 s refresh margin of the 900 s lifetime

    await credentials.credentialsFor('tenant-a');

    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('refuses a tenant id that could widen the policy pattern', async () => {
    const credentials = new StsTenantCredentials(new STSClient({ region: 'eu-west-1' }), roleArn, { clock });

    await expect(credentials.credentialsFor('*')).rejects.toThrow('invalid tenant id');
    expect(() => credentials.providerFor('a#b')).toThrow('invalid tenant id');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });
});

describe('tenant ports signed with tenant-scoped credentials', () => {
  let dynamo: LocalDynamo;
  let proxy: Server;
  const signedWith: Array<{ accessKey: string; body: string }> = [];

  beforeAll(async () => {
    dynamo = await startDynalite('scoped');
    const target = new URL(dynamo.endpoint);
    // A recording proxy in front of dynalite: which access key signed which request.
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const accessKey = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? 'unsigned';
        signedWith.push({ accessKey, body: body.toString('utf8') });
        const upstream = request(
          {
            host: target.hostname,
            port: target.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (up) => {
            res.writeHead(up.statusCode ?? 500, up.headers);
            up.pipe(res);
          },
        );
        upstream.end(body);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    await dynamo.stop();
  });

  it("signs each tenant's DynamoDB calls with that tenant's credentials", async () => {
    issue();
    const portsFor = tenantPortsFactory({
      env: {
        region: 'eu-west-1',
        conversationsTable: dynamo.tables.conversations,
        sessionsTable: dynamo.tables.sessions,
        tenantsTable: dynamo.tables.tenants,
        turnQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111111111111/turns.fifo',
        callbackUrl: 'https://example.execute-api.eu-west-1.amazonaws.com/prod',
        retentionDays: 30,
      },
      credentials: new StsTenantCredentials(new STSClient({ region: 'eu-west-1' }), roleArn, { clock }),
      sharedDoc: dynamo.doc,
      publisher: { post: async () => 'sent' },
      turns: { enqueue: async () => undefined },
    });

    await portsFor('tenant-a').conversations.claimConversation('tenant-a', 'c1', 'alice');
    await portsFor('tenant-b').conversations.claimConversation('tenant-b', 'c1', 'bob');

    const byKey = (key: string) =>
      signedWith
        .filter((s) => s.accessKey === key)
        .map((s) => s.body)
        .join('\n');
    expect(byKey('AKIATENANT-A')).toContain('t#tenant-a#conv#c1');
    expect(byKey('AKIATENANT-A')).not.toContain('t#tenant-b#');
    expect(byKey('AKIATENANT-B')).toContain('t#tenant-b#conv#c1');
    expect(byKey('AKIATENANT-B')).not.toContain('t#tenant-a#');
    expect(portsFor('tenant-a')).toBe(portsFor('tenant-a'));
  });
});
