// Per-cell security operations: GuardDuty, alerts, alarms, AWS Backup; the account trail in the primary cell.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { TABLES, type TableName } from '../../lambdas/shared/definitions';
import type { AppConfig } from '../config/schema';
import { AccountTrail } from '../constructs/account-trail';
import { AlertTopic } from '../constructs/alert-topic';
import { CellBackup } from '../constructs/backup-plan';
import { DataAlarms } from '../constructs/data-alarms';
import { GuardDuty } from '../constructs/guard-duty';
import {
  backupRoleName,
  backupVaultName,
  globalTableName,
  knowledgeBucketName,
  prefix as prefixOf,
} from '../naming';
import type { DataStack } from './data-stack';

export interface SecurityOpsStackProps extends StackProps {
  /** The naming slice of the config (app, env, account). */
  readonly naming: Pick<AppConfig, 'appName' | 'envName' | 'account'>;
  readonly region: string;
  readonly primaryRegion: string;
  /** Every cell region, the primary included (trail data events, backup copy target). */
  readonly cellRegions: readonly string[];
  readonly production: boolean;
  readonly guardDuty: AppConfig['guardDuty'];
  readonly cloudTrail: AppConfig['cloudTrail'];
  readonly alertEmail: string;
  readonly logRetentionDays: number;
  readonly backupDays: number;
  /** The cell's data stack (tables, buckets). */
  readonly data: DataStack;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class SecurityOpsStack extends Stack {
  /** Encrypted alert topic of the cell; other stacks (management-plane alerts) publish to it too. */
  public readonly alertTopic: sns.Topic;
  /** The topic with its key and dead-letter queue; `alerts.ruleTarget()` is the EventBridge target to use. */
  public readonly alerts: AlertTopic;
  public readonly guardDuty: GuardDuty;
  public readonly backup: CellBackup;
  public readonly alarms: DataAlarms;
  /** ARN of the account trail: created here in the primary cell, or adopted; absent in other cells. */
  public readonly trailArn?: string;
  /** The created trail's parts (bucket, key, log group), when this stack created it. */
  public readonly accountTrail?: AccountTrail;

  constructor(scope: Construct, id: string, props: SecurityOpsStackProps) {
    super(scope, id, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const isPrimary = props.region === props.primaryRegion;
    const prefix = prefixOf(props.naming);
    const { data } = props;

    this.alerts = new AlertTopic(this, 'Alerts', { email: props.alertEmail, removalPolicy });
    this.alertTopic = this.alerts.topic;
    this.guardDuty = new GuardDuty(this, 'GuardDuty', { mode: props.guardDuty.mode, alerts: this.alerts });

    const regionIndex = props.cellRegions.indexOf(props.region);
    const copyRegion = props.cellRegions[(regionIndex + 1) % props.cellRegions.length];
    const tablesToBackUp = isPrimary
      ? (Object.keys(TABLES) as TableName[]).filter((name) => TABLES[name].scope === 'global')
      : [];
    this.backup = new CellBackup(this, 'Backup', {
      vaultName: backupVaultName(props.naming, props.region),
      roleName: backupRoleName(props.naming, props.region),
      retentionDays: props.backupDays,
      copyTo:
        copyRegion && copyRegion !== props.region
          ? { region: copyRegion, vaultName: backupVaultName(props.naming, copyRegion) }
          : undefined,
      // The primary backs up the global tables (one copy is enough) and the knowledge source bucket.
      resourceArns: isPrimary
        ? [...tablesToBackUp.map((name) => data.tables[name].tableArn), data.knowledgeBucket.bucketArn]
        : [],
      lockVault: props.production,
      alerts: this.alerts,
      removalPolicy,
    });

    const otherRegions = props.cellRegions.filter((r) => r !== props.region);
    const globalIds = (Object.keys(TABLES) as TableName[])
      .filter((name) => TABLES[name].scope === 'global')
      .map((name) => TABLES[name].id);
    this.alarms = new DataAlarms(this, 'DataAlarms', {
      alertTopic: this.alertTopic,
      tableNames: (Object.keys(TABLES) as TableName[]).map((name) =>
        globalTableName(props.naming, TABLES[name].id),
      ),
      replication:
        isPrimary && otherRegions.length > 0
          ? {
              globalTableNames: globalIds.map((tableId) => globalTableName(props.naming, tableId)),
              replicaRegions: otherRegions,
              sourceBucketName: knowledgeBucketName(props.naming, props.region),
              destinations: otherRegions.map((r) => ({
                ruleId: `to-${r}`,
                bucketName: knowledgeBucketName(props.naming, r),
              })),
            }
          : undefined,
    });

    if (props.cloudTrail.mode === 'existing' && props.cloudTrail.existingTrailArn) {
      if (isPrimary) this.trailArn = props.cloudTrail.existingTrailArn;
    } else if (isPrimary) {
      this.accountTrail = new AccountTrail(this, 'AccountTrail', {
        trailName: `${prefix}-account`,
        accessLogsBucket: data.accessLogsBucket,
        dataEventBucketArns: props.cellRegions.map(
          (r) => `arn:aws:s3:::${knowledgeBucketName(props.naming, r)}`,
        ),
        dataEventTableArns: props.cellRegions.flatMap((r) =>
          (Object.keys(TABLES) as TableName[]).map(
            (name) =>
              `arn:aws:dynamodb:${r}:${props.naming.account}:table/${globalTableName(props.naming, TABLES[name].id)}`,
          ),
        ),
        logRetention: props.logRetentionDays as logs.RetentionDays,
        removalPolicy,
      });
      this.trailArn = this.accountTrail.trail.trailArn;
    }
  }
}
