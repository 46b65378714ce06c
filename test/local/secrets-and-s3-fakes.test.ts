// The Secrets Manager and S3 fakes through the real SDK clients: versions and stages, objects, listing, presigned POST.
import type { Server } from 'node:http';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { closeServer, listen } from '../../local/services/http-util';
import { S3Fake } from '../../local/services/s3-fake';
import { SecretsManagerFake } from '../../local/services/secrets-manager-fake';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const servers: Server[] = [];
let secrets: SecretsManagerFake;
let secretsClient: SecretsManagerClient;
let s3: S3Fake;
let s3Client: S3Client;
let s3Url: string;

beforeAll(async () => {
  secrets = new SecretsManagerFake({ region: 'eu-west-1', accountId: '000000000000' });
  s3 = new S3Fake({ corsOrigins: () => ['http://127.0.0.1:9999'] });
  servers.push(secrets.createServer(), s3.createServer());
  const [smPort, s3Port] = await Promise.all(servers.map((s) => listen(s, 0)));
  secretsClient = new SecretsManagerClient({
    endpoint: `http://127.0.0.1:${smPort}`,
    region: 'eu-west-1',
    credentials,
  });
  s3Url = `http://127.0.0.1:${s3Port}`;
  s3Client = new S3Client({ endpoint: s3Url, region: 'eu-west-1', credentials, forcePathStyle: true });
  s3.createBucket('knowledge');
});

afterAll(async () => {
  secretsClient.destroy();
  s3Client.destroy();
  await Promise.all(servers.map(closeServer));
});

describe('Secrets Manager fake', () => {
  it('reads a secret by name and by ARN', async () => {
    const arn = secrets.putSecret('cell/origin-verify', '{"current":"x"}');
    for (const id of ['cell/origin-verify', arn]) {
      const out = await secretsClient.send(new GetSecretValueCommand({ SecretId: id }));
      expect(out).toMatchObject({ ARN: arn, SecretString: '{"current":"x"}', VersionStages: ['AWSCURRENT'] });
    }
  });

  it('moves AWSCURRENT through a rotation and keeps AWSPREVIOUS', async () => {
    secrets.putSecret('cell/signing', 'v1');
    const pending = await secretsClient.send(
      new PutSecretValueCommand({
        SecretId: 'cell/signing',
        SecretString: 'v2',
        ClientRequestToken: 'token-2',
        VersionStages: ['AWSPENDING'],
      }),
    );
    expect(
      (
        await secretsClient.send(
          new GetSecretValueCommand({ SecretId: 'cell/signing', VersionStage: 'AWSPENDING' }),
        )
      ).SecretString,
    ).toBe('v2');
    const before = await secretsClient.send(new DescribeSecretCommand({ SecretId: 'cell/signing' }));
    const current = Object.entries(before.VersionIdsToStages ?? {}).find(([, s]) =>
      s.includes('AWSCURRENT'),
    )![0];
    await secretsClient.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 'cell/signing',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: pending.VersionId,
        RemoveFromVersionId: current,
      }),
    );
    expect(
      (await secretsClient.send(new GetSecretValueCommand({ SecretId: 'cell/signing' }))).SecretString,
    ).toBe('v2');
    const previous = await secretsClient.send(
      new GetSecretValueCommand({ SecretId: 'cell/signing', VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previous.SecretString).toBe('v1');
  });

  it('answers ResourceNotFoundException for an unknown secret', async () => {
    await expect(secretsClient.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

describe('S3 fake', () => {
  it('puts, heads, gets and deletes an object', async () => {
    await s3Client.send(
      new PutObjectCommand({
        Bucket: 'knowledge',
        Key: 't/acme/faq/a.md',
        Body: '# A',
        ContentType: 'text/markdown',
      }),
    );
    const head = await s3Client.send(new HeadObjectCommand({ Bucket: 'knowledge', Key: 't/acme/faq/a.md' }));
    expect(head).toMatchObject({ ContentLength: 3, ContentType: 'text/markdown' });
    const got = await s3Client.send(new GetObjectCommand({ Bucket: 'knowledge', Key: 't/acme/faq/a.md' }));
    expect(await got.Body?.transformToString()).toBe('# A');
    await s3Client.send(new DeleteObjectCommand({ Bucket: 'knowledge', Key: 't/acme/faq/a.md' }));
    await expect(
      s3Client.send(new GetObjectCommand({ Bucket: 'knowledge', Key: 't/acme/faq/a.md' })),
    ).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
  });

  it('lists only the requested prefix, page by page', async () => {
    for (const key of ['t/acme/1.md', 't/acme/2.md', 't/acme/3.md', 't/globex/1.md']) {
      await s3Client.send(new PutObjectCommand({ Bucket: 'knowledge', Key: key, Body: key }));
    }
    const first = await s3Client.send(
      new ListObjectsV2Command({ Bucket: 'knowledge', Prefix: 't/acme/', MaxKeys: 2 }),
    );
    expect(first.Contents?.map((o) => o.Key)).toEqual(['t/acme/1.md', 't/acme/2.md']);
    expect(first.IsTruncated).toBe(true);
    const second = await s3Client.send(
      new ListObjectsV2Command({
        Bucket: 'knowledge',
        Prefix: 't/acme/',
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second.Contents?.map((o) => o.Key)).toEqual(['t/acme/3.md']);
  });

  it('answers CORS preflights for the allowed dashboard origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${s3Url}/knowledge`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('http://127.0.0.1:9999');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:9999');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts a presigned POST within its policy and refuses one over the size range or outside the prefix', async () => {
    const post = await createPresignedPost(s3Client, {
      Bucket: 'knowledge',
      Key: 't/acme/uploads/faq.md',
      Conditions: [
        ['content-length-range', 1, 10],
        ['starts-with', '$key', 't/acme/'],
      ],
      Expires: 60,
    });
    const upload = (key: string, body: string) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(post.fields))
        form.append(name, name === 'key' ? key : value);
      form.append('file', new Blob([body]), 'faq.md');
      return fetch(`${s3Url}/knowledge`, { method: 'POST', body: form });
    };
    expect((await upload('t/acme/uploads/faq.md', 'small')).status).toBe(204);
    expect(s3.getObject('knowledge', 't/acme/uploads/faq.md')?.body.toString()).toBe('small');
    expect((await upload('t/acme/uploads/faq.md', 'far too large a body')).status).toBe(400);
    expect((await upload('t/globex/uploads/faq.md', 'small')).status).toBe(403);
  });
});
