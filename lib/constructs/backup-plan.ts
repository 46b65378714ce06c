// AWS Backup for a cell: a locked-down vault (copy target of another cell) and, where given, a plan with cross-region copy.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { AlertTopic } from './alert-topic';
import { Construct } from 'constructs';

/** The AWS-maintained policies AWS Backup documents for its service role (DynamoDB and S3). */
const BACKUP_MANAGED_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Backup',
  'AWSBackupServiceRolePolicyForS3Restore',
];

export interface CellBackupProps {
  /** Deterministic name of this cell's vault. */
  readonly vaultName: string;
  /** Name of the backup service role (other stacks' policies exempt it). */
  readonly roleName: string;
  /** Days a recovery point is kept (in this vault and in the copy). */
  readonly retentionDays: number;
  /** Region and vault name of the cross-region copy target. @default - no copy (single-cell deployments) */
  readonly copyTo?: { readonly region: string; readonly vaultName: string };
  /** ARNs to back up (tables, buckets). @default - none: the vault is only a copy target */
  readonly resourceArns?: readonly string[];
  /** Lock the vault (compliance) with the retention as minimum. @default false */
  readonly lockVault?: boolean;
  /** Failed backup/copy/restore jobs are reported here. */
  readonly alerts: AlertTopic;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class CellBackup extends Construct {
  public readonly vault: backup.BackupVault;
  public readonly key: kms.Key;
  public readonly role: iam.Role;
  public readonly plan?: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: CellBackupProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const retention = Duration.days(props.retentionDays);
    this.key = new kms.Key(this, 'VaultKey', {
      description: `${props.vaultName}: recovery points`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      encryptionKey: this.key,
      blockRecoveryPointDeletion: true,
      lockConfiguration: props.lockVault ? { minRetention: retention } : undefined,
      removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup: backs up and restores the cell data (tables, knowledge bucket)',
      managedPolicies: BACKUP_MANAGED_POLICIES.map((name) =>
        iam.ManagedPolicy.fromAwsManagedPolicyName(name),
      ),
    });
    for (const policyName of BACKUP_MANAGED_POLICIES) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policyName}]`,
        reason: 'AWS maintains this Backup service-role policy for exactly this role; a copy would go stale.',
      });
    }

    if (props.resourceArns?.length) {
      const { account } = Stack.of(this);
      this.plan = new backup.BackupPlan(this, 'Plan', {
        backupPlanName: `${props.vaultName}-daily`,
        backupVault: this.vault,
      });
      this.plan.addRule(
        new backup.BackupPlanRule({
          ruleName: 'daily',
          scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
          deleteAfter: retention,
          copyActions: props.copyTo
            ? [
                {
                  destinationBackupVault: backup.BackupVault.fromBackupVaultArn(
                    this,
                    'CopyTarget',
                    `arn:aws:backup:${props.copyTo.region}:${account}:backup-vault:${props.copyTo.vaultName}`,
                  ),
                  deleteAfter: retention,
                },
              ]
            : undefined,
        }),
      );
      this.plan.addSelection('CellData', {
        role: this.role,
        resources: props.resourceArns.map((arn) => backup.BackupResource.fromArn(arn)),
      });
    }

    new events.Rule(this, 'FailedJobs', {
      description: 'Failed or aborted backup, copy and restore jobs to the alert topic',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
        detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
      },
      targets: [props.alerts.ruleTarget()],
    });
  }
}
