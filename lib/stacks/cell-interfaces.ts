// What a cell's network and data stacks hand to the stacks that run on them.
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { TableName } from '../../lambdas/shared/definitions';

export interface CellNetwork {
  /** The cell's VPC; Lambdas go in its PRIVATE_WITH_EGRESS subnets. */
  readonly vpc: ec2.IVpc;
}

export interface CellData {
  /** Customer-managed key of the cell's data (tables, knowledge bucket, queues, secrets). */
  readonly dataKey: kms.IKey;
  /** Customer-managed key for CloudWatch Logs log groups (its policy admits the logs service). */
  readonly logKey: kms.IKey;
  /** Every table of `TABLES`, as seen in this cell (global tables through their local replica). */
  readonly tables: Readonly<Record<TableName, dynamodb.ITableV2>>;
  /** Private FAQ/knowledge bucket of this cell (tenant prefixes `t/<tenantId>/`). */
  readonly knowledgeBucket: s3.IBucket;
  /** The knowledge bucket's literal physical name, for by-name references in the runtime stacks. */
  readonly knowledgeBucketName: string;
  /** Server access-log bucket of this cell (for ALB, S3 and CloudFront logs). */
  readonly accessLogsBucket: s3.IBucket;
}

/** The settings every per-cell runtime stack needs, cut from the app config. */
export interface CellRuntimeSettings {
  /** `livechat-dev`. */
  readonly prefix: string;
  readonly region: string;
  readonly production: boolean;
  /** CloudWatch Logs retention in days (one of the allowed values). */
  readonly logRetentionDays: number;
  readonly conversationRetentionDays: number;
}
