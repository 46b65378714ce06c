// Adapter tests: the audit log never overwrites an entry; CloudFront URL signing follows the canned-policy format;
// tenant admin groups are created in the pool idempotently.
import { generateKeyPairSync, createVerify } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  GroupExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { CognitoTenantAdminGroups } from '../../lambdas/shared/adapters/cognito-tenant-admin-groups';
import { DynamoDbAuditLog } from '../../lambdas/shared/adapters/dynamodb-audit-log';
import {
  cannedPolicy,
  CloudFrontUrlSigner,
  cloudFrontBase64,
} from '../../lambdas/shared/adapters/cloudfront-url-signer';
import { keys } from '../../lambdas/shared/definitions';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo.stop());

const entry = {
  id: 'e1',
  tenantId: 'tenant-a',
  action: 'tenant.settings.update',
  who: { sub: 'sub-1', email: 'a@example.com' },
  before: { allowedOrigins: [] },
  after: { allowedOrigins: ['https://a.example.com'] },
  at: '2026-11-23T12:00:00.000Z',
  requestId: 'req-1',
};

describe('DynamoDbAuditLog', () => {
  it('stores who, tenant, action, before/after, time and request id under the tenant audit key', async () => {
    const log = new DynamoDbAuditLog(dynamo.doc, dynamo.tables.audit);
    await log.append(entry);
    expect(await log.list('tenant-a', 10)).toEqual([entry]);
    expect(await log.list('tenant-b', 10)).toEqual([]);
  });

  it('refuses to overwrite an existing entry (append-only)', async () => {
    const log = new DynamoDbAuditLog(dynamo.doc, dynamo.tables.audit);
    await expect(log.append({ ...entry, action: 'tampered', after: {} })).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    });
    const [stored] = await log.list('tenant-a', 10);
    expect(stored!.action).toBe('tenant.settings.update');
  });

  it('lists newest first', async () => {
    const log = new DynamoDbAuditLog(dynamo.doc, dynamo.tables.audit);
    await dynamo.doc.send(
      new PutCommand({
        TableName: dynamo.tables.audit,
        Item: {
          pk: keys.auditPk('tenant-c'),
          sk: keys.auditSk('2026-11-23T10:00:00.000Z', 'old'),
          ...entry,
          id: 'old',
          tenantId: 'tenant-c',
          before: undefined,
          after: undefined,
        },
      }),
    );
    await log.append({ ...entry, id: 'new', tenantId: 'tenant-c', at: '2026-11-23T11:00:00.000Z' });
    expect((await log.list('tenant-c', 10)).map((e) => e.id)).toEqual(['new', 'old']);
  });
});

describe('CloudFrontUrlSigner', () => {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  it('signs the canned policy with RSA-SHA1 and CloudFront-safe base64', async () => {
    const signer = new CloudFrontUrlSigner({
      baseUrl: 'https://d1.cloudfront.net',
      keyPairId: 'KEYID',
      privateKeySecretId: 's',
      secrets: { getSecretString: async () => pair.privateKey },
    });
    const url = new URL(await signer.sign('t/tenant-a/exports/c 1/x.json', 1_800_000_000));
    expect(url.pathname).toBe('/t/tenant-a/exports/c%201/x.json');
    expect(url.searchParams.get('Expires')).toBe('1800000000');
    const raw = url.searchParams.get('Signature')!;
    expect(raw).toMatch(/^[A-Za-z0-9\-_~]+$/);
    const verify = createVerify('RSA-SHA1');
    verify.update(cannedPolicy(`https://d1.cloudfront.net${url.pathname}`, 1_800_000_000));
    expect(
      verify.verify(
        pair.publicKey,
        Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64'),
      ),
    ).toBe(true);
  });

  it('maps +, = and / to -, _ and ~', () => {
    expect(cloudFrontBase64(Buffer.from([0xfb, 0xff, 0xbf]))).toBe('-~-~');
    expect(cloudFrontBase64(Buffer.from([0xff]))).toBe('~w__');
  });
});

describe('CognitoTenantAdminGroups', () => {
  const cognito = new CognitoIdentityProviderClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  });
  const cognitoMock = mockClient(cognito);
  const groups = new CognitoTenantAdminGroups(cognito, {
    userPoolId: 'eu-west-1_Pool1234',
    groupNamePrefix: 'tenant-admins-',
  });
  afterEach(() => cognitoMock.reset());
  afterAll(() => cognitoMock.restore());

  it('creates the tenant-admins-<tenantId> group in the configured pool', async () => {
    cognitoMock.on(CreateGroupCommand).resolves({});
    await groups.ensureTenantAdminGroup('tenant-c');
    expect(cognitoMock.commandCalls(CreateGroupCommand).map((c) => c.args[0].input)).toEqual([
      {
        UserPoolId: 'eu-west-1_Pool1234',
        GroupName: 'tenant-admins-tenant-c',
        Description: 'Admins of tenant tenant-c',
        Precedence: 10,
      },
    ]);
  });

  it('treats an existing group as created (a retry or a group from CloudFormation)', async () => {
    cognitoMock
      .on(CreateGroupCommand)
      .rejects(new GroupExistsException({ message: 'A group with the name already exists.', $metadata: {} }));
    await expect(groups.ensureTenantAdminGroup('tenant-a')).resolves.toBeUndefined();
  });

  it('passes any other Cognito error on, so the tenant is not created without its group', async () => {
    cognitoMock
      .on(CreateGroupCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(groups.ensureTenantAdminGroup('tenant-c')).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });
});
