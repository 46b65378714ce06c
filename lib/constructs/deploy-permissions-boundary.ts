// The permissions boundary of every deploy role: whatever a role is granted, it can never touch these.
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Name of the boundary policy; deterministic so other regions' stacks and `cdk bootstrap` can name it. */
export const deployBoundaryName = (prefix: string): string => `${prefix}-deploy-boundary`;
export const deployBoundaryArn = (account: string, prefix: string): string =>
  `arn:aws:iam::${account}:policy/${deployBoundaryName(prefix)}`;

/** Actions no deploy role may perform: the audit trail, detectors, identities with keys, the boundary itself. */
export const BOUNDARY_DENIED_ACTIONS = {
  auditTrail: [
    'cloudtrail:DeleteTrail',
    'cloudtrail:PutEventSelectors',
    'cloudtrail:StopLogging',
    'cloudtrail:UpdateTrail',
    'config:DeleteConfigurationRecorder',
    'config:DeleteDeliveryChannel',
    'config:StopConfigurationRecorder',
    'guardduty:DeleteDetector',
    'guardduty:DisassociateFromMasterAccount',
    'access-analyzer:DeleteAnalyzer',
  ],
  longLivedCredentials: [
    'iam:CreateAccessKey',
    'iam:CreateLoginProfile',
    'iam:CreateUser',
    'iam:UpdateLoginProfile',
    'iam:AttachUserPolicy',
    'iam:PutUserPolicy',
  ],
  accountAndOrganization: ['account:*', 'organizations:*'],
  boundaryRemoval: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'],
} as const;

export interface DeployPermissionsBoundaryProps {
  /** `livechat-dev`: prefixes the policy name. */
  readonly prefix: string;
}

/** A managed policy used as permissions boundary (GitHub deploy roles and, via bootstrap, the CFN execution role). */
export class DeployPermissionsBoundary extends Construct {
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: DeployPermissionsBoundaryProps) {
    super(scope, id);
    const name = deployBoundaryName(props.prefix);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      managedPolicyName: name,
      description: 'Permissions boundary of deploy roles: no trail/detector tampering, no users or keys',
      statements: [
        new iam.PolicyStatement({
          sid: 'AllowWithinBoundary',
          actions: ['*'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DenyAuditTrailTampering',
          effect: iam.Effect.DENY,
          actions: [...BOUNDARY_DENIED_ACTIONS.auditTrail],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DenyLongLivedCredentials',
          effect: iam.Effect.DENY,
          actions: [...BOUNDARY_DENIED_ACTIONS.longLivedCredentials],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DenyAccountAndOrganization',
          effect: iam.Effect.DENY,
          actions: [...BOUNDARY_DENIED_ACTIONS.accountAndOrganization],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DenyBoundaryRemoval',
          effect: iam.Effect.DENY,
          actions: [...BOUNDARY_DENIED_ACTIONS.boundaryRemoval],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DenyBoundaryEdits',
          effect: iam.Effect.DENY,
          actions: [
            'iam:CreatePolicyVersion',
            'iam:DeletePolicy',
            'iam:DeletePolicyVersion',
            'iam:SetDefaultPolicyVersion',
          ],
          resources: [`arn:aws:iam::*:policy/${name}`],
        }),
      ],
    });
    const boundaryReason =
      'A permissions boundary caps, it grants nothing: its allow-all is intersected with each role policy and its denies always win.';
    Validations.of(this.policy).acknowledge(
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::*]', reason: boundaryReason },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: boundaryReason },
      { id: 'NIST.800.53.R5::NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess', reason: boundaryReason },
      { id: 'NIST.800.53.R5::NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess', reason: boundaryReason },
      { id: 'PCI.DSS.321::PCI.DSS.321-IAMPolicyNoStatementsWithAdminAccess', reason: boundaryReason },
      { id: 'PCI.DSS.321::PCI.DSS.321-IAMPolicyNoStatementsWithFullAccess', reason: boundaryReason },
    );
  }
}
