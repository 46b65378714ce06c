// Test fixture: a stack with a VPC, keys, the tables and buckets a cell's runtime stacks consume.
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { TABLES, type TableName } from '../../lambdas/shared/definitions';
import type { CellData, CellNetwork, CellRuntimeSettings } from '../../lib/stacks/cell-interfaces';

export const TEST_ENV = { account: '111111111111', region: 'eu-west-1' };

export interface CellFixture {
  readonly app: App;
  readonly stack: Stack;
  readonly network: CellNetwork;
  readonly data: CellData;
  readonly settings: CellRuntimeSettings;
  /** An encrypted alert topic standing in for the security-ops stack's. */
  readonly alertTopic: sns.ITopic;
}

/** Builds a self-contained stack that provides CellNetwork and CellData for construct tests. */
export function cellFixture(stackId = 'CellUnderTest'): CellFixture {
  const app = new App({
    context: {
      [`availability-zones:account=${TEST_ENV.account}:region=${TEST_ENV.region}`]: [
        'eu-west-1a',
        'eu-west-1b',
      ],
    },
  });
  const stack = new Stack(app, stackId, { env: TEST_ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const dataKey = new kms.Key(stack, 'DataKey', { enableKeyRotation: true });
  const logKey = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
  const tables = Object.fromEntries(
    (Object.keys(TABLES) as TableName[]).map((name) => {
      const def = TABLES[name];
      const table = new dynamodb.TableV2(stack, def.id, {
        partitionKey: { name: def.partitionKey.name, type: dynamodb.AttributeType.STRING },
        sortKey: { name: def.sortKey.name, type: dynamodb.AttributeType.STRING },
        encryption: dynamodb.TableEncryptionV2.customerManagedKey(dataKey),
        removalPolicy: RemovalPolicy.DESTROY,
      });
      return [name, table];
    }),
  ) as unknown as Record<TableName, dynamodb.ITableV2>;
  const accessLogsBucket = new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true });
  const knowledgeBucketName = 'livechat-test-kb-111111111111-eu-west-1';
  const knowledgeBucket = new s3.Bucket(stack, 'Knowledge', {
    bucketName: knowledgeBucketName,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: dataKey,
    enforceSSL: true,
    versioned: true,
    serverAccessLogsBucket: accessLogsBucket,
  });
  const alertTopic = new sns.Topic(stack, 'FixtureAlerts', { masterKey: dataKey, enforceSSL: true });
  return {
    app,
    alertTopic,
    stack,
    network: { vpc },
    data: { dataKey, logKey, tables, knowledgeBucket, knowledgeBucketName, accessLogsBucket },
    settings: {
      prefix: 'livechat-test',
      region: TEST_ENV.region,
      production: false,
      logRetentionDays: 30,
      conversationRetentionDays: 30,
    },
  };
}
