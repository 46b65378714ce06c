// Data stack security properties: keys, global tables (PITR, customer-managed keys), knowledge bucket, log bucket.
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { TABLES, type TableName } from '../../lambdas/shared/definitions';
import { buildApp, resourcesOf, testConfig, type BuiltApp } from './support/synth-app';

let dev: BuiltApp;
let prod: BuiltApp;
let primary: Template;
let replica: Template;

const GLOBAL = (Object.keys(TABLES) as TableName[]).filter((n) => TABLES[n].scope === 'global');
const REGIONAL = (Object.keys(TABLES) as TableName[]).filter((n) => TABLES[n].scope === 'regional');

beforeAll(() => {
  dev = buildApp(testConfig('dev'));
  prod = buildApp(testConfig('prod'));
  primary = dev.template(dev.cell('eu-west-1').data);
  replica = dev.template(dev.cell('ap-southeast-2').data);
});

const tableNamed = (t: Template, tableId: string) => {
  const found = resourcesOf(t, 'AWS::DynamoDB::GlobalTable').find(
    ([, r]) => r.Properties.TableName === `livechat-dev-${tableId.toLowerCase()}`,
  );
  if (!found) throw new Error(`no table ${tableId}`);
  return found[1].Properties;
};

describe('data stack', () => {
  it('creates customer-managed keys with yearly rotation and a deterministic data-key alias', () => {
    for (const t of [primary, replica]) {
      for (const [, key] of resourcesOf(t, 'AWS::KMS::Key'))
        expect(key.Properties.EnableKeyRotation).toBe(true);
      t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/livechat-dev-data' });
    }
  });

  it('owns every global table in the primary with a replica in every cell region', () => {
    for (const name of GLOBAL) {
      const regions = tableNamed(primary, TABLES[name].id).Replicas.map((r: { Region: string }) => r.Region);
      expect(regions.sort()).toEqual(dev.config.cells.map((c) => c.region).sort());
    }
    const replicaTables = resourcesOf(replica, 'AWS::DynamoDB::GlobalTable').map(
      ([, r]) => r.Properties.TableName,
    );
    expect(replicaTables).toEqual(REGIONAL.map((n) => `livechat-dev-${TABLES[n].id.toLowerCase()}`));
  });

  it('keeps every global table eventually consistent across regions, the mode that accepts the append transactions', () => {
    for (const name of GLOBAL) {
      expect(tableNamed(primary, TABLES[name].id).MultiRegionConsistency).toBe('EVENTUAL');
    }
  });

  it('enables point-in-time recovery on every replica of every table (not checked by cdk-nag)', () => {
    for (const t of [primary, replica]) {
      for (const [, table] of resourcesOf(t, 'AWS::DynamoDB::GlobalTable')) {
        for (const r of table.Properties.Replicas) {
          expect(r.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
        }
      }
    }
  });

  it('encrypts every replica of every table with a customer-managed key (not checked by cdk-nag)', () => {
    for (const t of [primary, replica]) {
      for (const [, table] of resourcesOf(t, 'AWS::DynamoDB::GlobalTable')) {
        expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
        for (const r of table.Properties.Replicas) expect(r.SSESpecification.KMSMasterKeyId).toBeDefined();
      }
    }
    const replicas = tableNamed(primary, 'Tenants').Replicas as { Region: string; SSESpecification: any }[];
    for (const r of replicas.filter((x) => x.Region !== 'eu-west-1')) {
      expect(r.SSESpecification.KMSMasterKeyId).toBe(
        `arn:aws:kms:${r.Region}:111111111111:alias/livechat-dev-data`,
      );
    }
  });

  it('keeps the sessions table regional in every cell, with TTL', () => {
    for (const cell of dev.cells) {
      const sessions = tableNamed(dev.template(cell.data), 'Sessions');
      expect(sessions.Replicas.map((r: { Region: string }) => r.Region)).toEqual([cell.region]);
      expect(sessions.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    }
  });

  it('defines the keys, TTL and secondary indexes from the shared table definitions', () => {
    const tenants = tableNamed(primary, 'Tenants');
    expect(tenants.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(tenants.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName).sort()).toEqual([
      'byCertificate',
      'byTenantStatus',
    ]);
    expect(tableNamed(primary, 'Conversations').TimeToLiveSpecification.AttributeName).toBe('expiresAt');
  });

  it('imports the global tables in the other cells with their own data key', () => {
    const replicaData = dev.cell('ap-southeast-2').data;
    const stackOf = (x: unknown) => (x as { stack: { stackName: string } }).stack.stackName;
    expect(stackOf(replicaData.tables.tenants)).toBe('livechat-dev-ap-southeast-2-data');
    expect(replicaData.tables.tenants.tableName).toBe('livechat-dev-tenants');
    expect(replicaData.tables.tenants.encryptionKey).toBe(replicaData.dataKey);
  });

  it('deploys the replica cells data stacks before the primary (replicas name their keys)', () => {
    const deps = dev.cell('eu-west-1').data.dependencies.map((s) => s.stackName);
    expect(deps).toEqual(
      expect.arrayContaining(['livechat-dev-us-east-1-data', 'livechat-dev-ap-southeast-2-data']),
    );
  });

  it('turns on deletion protection, RETAIN and termination protection in production', () => {
    const prodData = prod.template(prod.cell('eu-west-1').data);
    for (const [, table] of resourcesOf(prodData, 'AWS::DynamoDB::GlobalTable')) {
      for (const r of table.Properties.Replicas) expect(r.DeletionProtectionEnabled).toBe(true);
      expect(table.DeletionPolicy).toBe('Retain');
    }
    for (const [, bucket] of resourcesOf(prodData, 'AWS::S3::Bucket'))
      expect(bucket.DeletionPolicy).toBe('Retain');
    for (const stack of [prod.edge, ...prod.cells.flatMap((c) => [c.data, c.secops])]) {
      expect(stack.terminationProtection).toBe(true);
    }
    expect(dev.cell('eu-west-1').data.terminationProtection).toBe(false);
  });

  it('keeps the knowledge bucket private: versioned, KMS-encrypted, public access blocked, access-logged', () => {
    primary.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'livechat-dev-kb-111111111111-eu-west-1',
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
            BucketKeyEnabled: true,
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'knowledge/' },
    });
  });

  it('refuses non-TLS and pre-TLS-1.2 requests to the knowledge bucket', () => {
    primary.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          }),
        ]),
      },
    });
  });

  it('serves knowledge object reads and deletes only through the cell S3 gateway endpoint (aws:SourceVpce)', () => {
    primary.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyObjectReadsOutsideTheVpcEndpoint',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObject', 's3:GetObjectVersion'],
            Condition: {
              StringNotEquals: {
                'aws:SourceVpce': { 'Fn::ImportValue': Match.stringLikeRegexp('eu-west-1-network') },
              },
              ArnNotLike: {
                'aws:PrincipalArn': Match.arrayWith([
                  'arn:aws:iam::111111111111:role/livechat-dev-eu-west-1-backup',
                ]),
              },
            },
          }),
        ]),
      },
    });
  });

  it('accepts knowledge writes only under tenant prefixes t/<tenantId>/', () => {
    primary.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyWritesOutsideTenantPrefixes',
            Effect: 'Deny',
            Action: 's3:PutObject',
            NotResource: { 'Fn::Join': ['', [Match.anyValue(), '/t/*']] },
          }),
        ]),
      },
    });
  });

  it('replicates the primary knowledge bucket to every other cell with that cell key', () => {
    const [, bucket] = resourcesOf(primary, 'AWS::S3::Bucket').find(
      ([, r]) => r.Properties.ReplicationConfiguration,
    )!;
    const rules = bucket.Properties.ReplicationConfiguration.Rules;
    expect(rules.map((r: any) => r.Destination.Bucket).sort()).toEqual([
      'arn:aws:s3:::livechat-dev-kb-111111111111-ap-southeast-2',
      'arn:aws:s3:::livechat-dev-kb-111111111111-us-east-1',
    ]);
    for (const rule of rules) {
      expect(rule.Status).toBe('Enabled');
      expect(rule.DeleteMarkerReplication).toEqual({ Status: 'Enabled' });
      expect(rule.SourceSelectionCriteria).toEqual({ SseKmsEncryptedObjects: { Status: 'Enabled' } });
      expect(rule.Destination.EncryptionConfiguration.ReplicaKmsKeyID).toMatch(/:alias\/livechat-dev-data$/);
    }
    expect(
      resourcesOf(replica, 'AWS::S3::Bucket').some(([, r]) => r.Properties.ReplicationConfiguration),
    ).toBe(false);
  });

  it('keeps access logs (S3, ALB, CloudFront) in a versioned, SSE-S3 bucket that expires them after the configured days', () => {
    primary.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: dev.config.retention.accessLogDays })]),
      },
    });
  });

  it('lets CloudWatch Logs of this account (only) use the log key', () => {
    primary.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:*']],
                },
              },
            },
          }),
        ]),
      },
    });
  });
});
