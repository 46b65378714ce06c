// Roles engineers assume: administrator, read-only and break-glass, each only with a fresh MFA sign-in.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface HumanAccessRolesProps {
  /** `livechat-dev`: prefixes the role names. */
  readonly prefix: string;
  /** Account whose identities may assume the roles (an identity account or this one). @default - this account */
  readonly trustedAccountId?: string;
  /** Maximum age of the MFA sign-in in seconds. @default 3600 */
  readonly maxMfaAgeSeconds?: number;
}

/** The trust conditions every human role carries: MFA present and recent. */
export const mfaConditions = (maxMfaAgeSeconds: number): Record<string, Record<string, unknown>> => ({
  Bool: { 'aws:MultiFactorAuthPresent': 'true' },
  NumericLessThan: { 'aws:MultiFactorAuthAge': String(maxMfaAgeSeconds) },
});

export class HumanAccessRoles extends Construct {
  public readonly admin: iam.Role;
  public readonly readOnly: iam.Role;
  public readonly breakGlass: iam.Role;
  /** Denies secret values to any human session without MFA (belt and braces to the trust policy). */
  public readonly secretsRequireMfa: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: HumanAccessRolesProps) {
    super(scope, id);
    const trusted = props.trustedAccountId ?? Stack.of(this).account;
    const conditions = mfaConditions(props.maxMfaAgeSeconds ?? 3600);
    const role = (roleId: string, name: string, policy: string, description: string): iam.Role =>
      new iam.Role(this, roleId, {
        roleName: `${props.prefix}-${name}`,
        description,
        maxSessionDuration: Duration.hours(1),
        assumedBy: new iam.AccountPrincipal(trusted).withConditions(conditions),
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(policy)],
      });
    this.admin = role('Admin', 'admin', 'AdministratorAccess', 'Engineers: administration, MFA required');
    this.readOnly = role(
      'ReadOnly',
      'read-only',
      'ReadOnlyAccess',
      'Engineers and auditors: read-only, MFA required',
    );
    this.breakGlass = role(
      'BreakGlass',
      'break-glass',
      'AdministratorAccess',
      'Emergency access; every use alerts',
    );
    this.secretsRequireMfa = new iam.ManagedPolicy(this, 'SecretsRequireMfa', {
      description: 'Human sessions read or write secret values only with MFA',
      roles: [this.admin, this.readOnly, this.breakGlass],
      statements: [
        new iam.PolicyStatement({
          sid: 'DenySecretValuesWithoutMfa',
          effect: iam.Effect.DENY,
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
          resources: ['*'],
          conditions: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        }),
      ],
    });
    const managedPolicyReason = (what: string) => ({
      reason: `${what}; the MFA-only trust policy, one-hour sessions and the alerts are the control.`,
    });
    Validations.of(this.admin).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
      ...managedPolicyReason('Engineers administer the account with the AWS-maintained administrator policy'),
    });
    Validations.of(this.breakGlass).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
      ...managedPolicyReason('Break-glass access is full administration by definition'),
    });
    Validations.of(this.readOnly).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess]',
      ...managedPolicyReason('Auditors use the AWS-maintained read-only policy, which tracks new services'),
    });
  }
}
