// Per-cell data: customer-managed keys, the tables (global ones owned by the primary), knowledge and log buckets.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { TableName } from '../../lambdas/shared/definitions';
import type { AppConfig } from '../config/schema';
import { GlobalTables } from '../constructs/global-tables';
import { KnowledgeBucket } from '../constructs/knowledge-bucket';
import { LogKey } from '../constructs/log-key';
import { SecureBucket } from '../constructs/secure-bucket';
import {
  backupRoleName,
  dataKeyAlias,
  dataKeyAliasArn,
  globalTableName,
  knowledgeBucketName,
  prefix as prefixOf,
} from '../naming';
import type { CellData } from './cell-interfaces';

export interface DataStackProps extends StackProps {
  /** The naming slice of the config (app, env, account). */
  readonly naming: Pick<AppConfig, 'appName' | 'envName' | 'account'>;
  /** This cell's region (also `env.region`). */
  readonly region: string;
  readonly primaryRegion: string;
  /** Every cell region, the primary included. */
  readonly cellRegions: readonly string[];
  /** Production: deletion protection on tables. */
  readonly production: boolean;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Days server access logs are kept. */
  readonly accessLogDays: number;
  /** Id of the cell's S3 gateway endpoint; knowledge objects are read through it only. */
  readonly s3EndpointId: string;
  /**
   * Role ARN patterns of human administrators allowed to read knowledge objects from outside the VPC.
   * @default - IAM Identity Center administrator permission sets of this account
   */
  readonly breakGlassPrincipalArnPatterns?: readonly string[];
}

export class DataStack extends Stack implements CellData {
  public readonly dataKey: kms.Key;
  public readonly logKey: kms.Key;
  public readonly tables: Readonly<Record<TableName, dynamodb.ITableV2>>;
  /** Tables this stack creates: the regional ones, plus the global tables in the primary. */
  public readonly ownedTables: readonly dynamodb.TableV2[];
  public readonly knowledgeBucket: s3.Bucket;
  public readonly knowledgeBucketName: string;
  public readonly accessLogsBucket: s3.Bucket;
  public readonly isPrimary: boolean;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const prefix = prefixOf(props.naming);
    const otherRegions = props.cellRegions.filter((r) => r !== props.region);
    this.isPrimary = props.region === props.primaryRegion;

    this.dataKey = new kms.Key(this, 'DataKey', {
      description: `${prefix} ${props.region}: tables, knowledge bucket, queues and secrets`,
      alias: dataKeyAlias(props.naming),
      enableKeyRotation: true,
      removalPolicy,
    });
    this.logKey = new LogKey(this, 'LogKey', {
      description: `${prefix} ${props.region}: CloudWatch Logs log groups`,
      alias: `alias/${prefix}-logs`,
      removalPolicy,
    }).key;

    const tables = new GlobalTables(this, 'Tables', {
      isPrimary: this.isPrimary,
      replicaRegions: this.isPrimary ? otherRegions : [],
      dataKey: this.dataKey,
      replicaKeyArns: Object.fromEntries(otherRegions.map((r) => [r, dataKeyAliasArn(props.naming, r)])),
      tableName: (tableId) => globalTableName(props.naming, tableId),
      deletionProtection: props.production,
      removalPolicy,
    });
    this.tables = tables.tables;
    this.ownedTables = tables.ownedTables;

    // ACLs stay enabled (bucket owner preferred) so the cell's CloudFront distribution can log here
    // too, next to S3 server access logs and ALB access/connection logs.
    this.accessLogsBucket = new SecureBucket(this, 'AccessLogs', {
      logDelivery: 'cloudfront',
      expirationDays: props.accessLogDays,
      noncurrentVersionDays: 7,
      removalPolicy,
    }).bucket;

    this.knowledgeBucketName = knowledgeBucketName(props.naming, props.region);
    this.knowledgeBucket = new KnowledgeBucket(this, 'Knowledge', {
      bucketName: knowledgeBucketName(props.naming, props.region),
      dataKey: this.dataKey,
      accessLogsBucket: this.accessLogsBucket,
      s3EndpointId: props.s3EndpointId,
      exemptPrincipalArnPatterns: [
        `arn:aws:iam::${props.naming.account}:role/${backupRoleName(props.naming, props.region)}`,
        ...(props.breakGlassPrincipalArnPatterns ?? [
          `arn:aws:iam::${props.naming.account}:role/aws-reserved/sso.amazonaws.com/*AdministratorAccess*`,
        ]),
      ],
      replicateTo: this.isPrimary
        ? otherRegions.map((region) => ({
            region,
            bucketName: knowledgeBucketName(props.naming, region),
            keyArn: dataKeyAliasArn(props.naming, region),
          }))
        : [],
      destinationKeyAlias: dataKeyAlias(props.naming),
      removalPolicy,
    }).bucket;
  }
}
