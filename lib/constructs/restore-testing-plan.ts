// AWS Backup restore testing: restores the latest recovery points on a schedule to prove backups work.
import { Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface RestoreTestingPlanProps {
  /** Plan name (letters, digits and underscores). */
  readonly planName: string;
  /** Schedule of the test restores. @default 'cron(0 3 ? * SUN *)' (weekly, Sunday 03:00 UTC) */
  readonly scheduleExpression?: string;
  /** Vault ARNs whose recovery points are tested. @default ['*'] (every vault of the region) */
  readonly includeVaults?: readonly string[];
  /** Resource types restored, as AWS Backup names them. @default ['DynamoDB', 'S3'] */
  readonly resourceTypes?: readonly string[];
  /** Hours the restored copy is kept for validation before AWS Backup deletes it. @default 4 */
  readonly validationWindowHours?: number;
}

export class RestoreTestingPlan extends Construct {
  public readonly plan: backup.CfnRestoreTestingPlan;
  public readonly selections: backup.CfnRestoreTestingSelection[];
  /** The role AWS Backup restores with during a test. */
  public readonly restoreRole: iam.Role;

  constructor(scope: Construct, id: string, props: RestoreTestingPlanProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_]{1,50}$/.test(props.planName)) {
      throw new Error(
        `restore testing plan name "${props.planName}" must be 1-50 letters, digits or underscores`,
      );
    }
    this.restoreRole = new iam.Role(this, 'RestoreRole', {
      description: 'AWS Backup restore testing: restores and deletes test copies',
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AWSBackupServiceRolePolicyForS3Restore'),
      ],
    });
    Validations.of(this.restoreRole).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
        reason:
          'AWS Backup documents this AWS-maintained policy as the restore role permissions for DynamoDB.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore]',
        reason: 'AWS Backup documents this AWS-maintained policy as the restore role permissions for S3.',
      },
    );
    this.plan = new backup.CfnRestoreTestingPlan(this, 'Plan', {
      restoreTestingPlanName: props.planName,
      scheduleExpression: props.scheduleExpression ?? 'cron(0 3 ? * SUN *)',
      scheduleExpressionTimezone: 'Etc/UTC',
      startWindowHours: 24,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [...(props.includeVaults ?? ['*'])],
        recoveryPointTypes: ['SNAPSHOT', 'CONTINUOUS'],
        selectionWindowDays: 7,
      },
    });
    this.selections = (props.resourceTypes ?? ['DynamoDB', 'S3']).map((type) => {
      const selection = new backup.CfnRestoreTestingSelection(this, `${type}Selection`, {
        restoreTestingPlanName: props.planName,
        restoreTestingSelectionName: type.toLowerCase(),
        protectedResourceType: type,
        protectedResourceArns: ['*'],
        iamRoleArn: this.restoreRole.roleArn,
        validationWindowHours: props.validationWindowHours ?? 4,
      });
      selection.node.addDependency(this.plan);
      return selection;
    });
  }
}
