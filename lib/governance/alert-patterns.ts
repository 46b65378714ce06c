// EventBridge patterns of the management-plane and exposure alerts (CloudTrail and service events).
import * as events from 'aws-cdk-lib/aws-events';

const API_CALL = 'AWS API Call via CloudTrail';
const CONSOLE_SIGN_IN = 'AWS Console Sign In via CloudTrail';

/** CloudTrail API calls of one service whose event name is one of `eventNames`. */
const apiCalls = (source: string, eventNames: readonly string[]): events.EventPattern => ({
  source: [source],
  detailType: [API_CALL],
  detail: { eventSource: [`${source.replace(/^aws\./, '')}.amazonaws.com`], eventName: [...eventNames] },
});

/** Every console sign-in or API call made with the root user (delivered in us-east-1). */
export const rootActivityPattern = (): events.EventPattern => ({
  detailType: [CONSOLE_SIGN_IN, API_CALL],
  detail: { userIdentity: { type: ['Root'] } },
});

/**
 * A successful console sign-in of an IAM user or root without MFA (CIS 4.2; delivered in us-east-1).
 * Federated sign-ins report MFAUsed "No" because the identity provider enforces MFA, so they are not matched.
 */
export const consoleSignInWithoutMfaPattern = (): events.EventPattern => ({
  detailType: [CONSOLE_SIGN_IN],
  detail: {
    eventName: ['ConsoleLogin'],
    userIdentity: { type: ['IAMUser', 'Root'] },
    additionalEventData: { MFAUsed: ['No'] },
    responseElements: { ConsoleLogin: ['Success'] },
  },
});

/** IAM calls that change who may do what (CIS 4.4 plus users, keys and boundaries). */
export const IAM_POLICY_CHANGE_EVENTS = [
  'AttachGroupPolicy',
  'AttachRolePolicy',
  'AttachUserPolicy',
  'CreateAccessKey',
  'CreateLoginProfile',
  'CreatePolicy',
  'CreatePolicyVersion',
  'CreateUser',
  'DeleteGroupPolicy',
  'DeletePolicy',
  'DeletePolicyVersion',
  'DeleteRolePermissionsBoundary',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'DetachGroupPolicy',
  'DetachRolePolicy',
  'DetachUserPolicy',
  'PutGroupPolicy',
  'PutRolePermissionsBoundary',
  'PutRolePolicy',
  'PutUserPolicy',
  'SetDefaultPolicyVersion',
  'UpdateAssumeRolePolicy',
] as const;

/** IAM policy, trust, user and key changes (IAM is global: its events arrive in us-east-1). */
export const iamPolicyChangePattern = (): events.EventPattern =>
  apiCalls('aws.iam', IAM_POLICY_CHANGE_EVENTS);

/** Somebody assumed the break-glass role (STS global endpoint events arrive in us-east-1). */
export const roleAssumedPattern = (roleArn: string): events.EventPattern => ({
  ...apiCalls('aws.sts', ['AssumeRole']),
  detail: {
    eventSource: ['sts.amazonaws.com'],
    eventName: ['AssumeRole'],
    requestParameters: { roleArn: [roleArn] },
  },
});

export const SECURITY_GROUP_CHANGE_EVENTS = [
  'AuthorizeSecurityGroupEgress',
  'AuthorizeSecurityGroupIngress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
  'ModifySecurityGroupRules',
  'RevokeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
] as const;

export const NACL_CHANGE_EVENTS = [
  'CreateNetworkAcl',
  'CreateNetworkAclEntry',
  'DeleteNetworkAcl',
  'DeleteNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
  'ReplaceNetworkAclEntry',
] as const;

export const BUCKET_POLICY_CHANGE_EVENTS = [
  'DeleteBucketPolicy',
  'DeleteBucketPublicAccessBlock',
  'PutBucketAcl',
  'PutBucketOwnershipControls',
  'PutBucketPolicy',
  'PutBucketPublicAccessBlock',
] as const;

export const KMS_KEY_DISABLING_EVENTS = [
  'DisableKey',
  'DisableKeyRotation',
  'PutKeyPolicy',
  'ScheduleKeyDeletion',
] as const;

export const securityGroupChangePattern = (): events.EventPattern =>
  apiCalls('aws.ec2', SECURITY_GROUP_CHANGE_EVENTS);
export const naclChangePattern = (): events.EventPattern => apiCalls('aws.ec2', NACL_CHANGE_EVENTS);
export const bucketPolicyChangePattern = (): events.EventPattern =>
  apiCalls('aws.s3', BUCKET_POLICY_CHANGE_EVENTS);
export const kmsKeyDisablingPattern = (): events.EventPattern =>
  apiCalls('aws.kms', KMS_KEY_DISABLING_EVENTS);

/**
 * GetSecretValue by any principal whose ARN does not start with one of the trusted prefixes (the
 * cell's workload roles and the CloudFormation execution role). Needs the rule state
 * `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` because GetSecretValue is a read-only event.
 */
export const unexpectedSecretReadPattern = (
  trustedPrincipalPrefixes: readonly string[],
): events.EventPattern => {
  if (trustedPrincipalPrefixes.length === 0)
    throw new Error('at least one trusted principal prefix is required');
  return {
    source: ['aws.secretsmanager'],
    detailType: [API_CALL],
    detail: {
      eventSource: ['secretsmanager.amazonaws.com'],
      eventName: ['GetSecretValue'],
      userIdentity: { arn: events.Match.anythingButPrefix(...trustedPrincipalPrefixes) },
    },
  };
};

/** IAM Access Analyzer found a resource shared outside the account (active finding). */
export const accessAnalyzerFindingPattern = (): events.EventPattern => ({
  source: ['aws.access-analyzer'],
  detailType: ['Access Analyzer Finding'],
  detail: { status: ['ACTIVE'] },
});

/** An AWS Config rule of ours turned NON_COMPLIANT (open port, public bucket, admin policy…). */
export const configNonCompliancePattern = (ruleNamePrefix: string): events.EventPattern => ({
  source: ['aws.config'],
  detailType: ['Config Rules Compliance Change'],
  detail: {
    configRuleName: events.Match.prefix(ruleNamePrefix),
    newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
  },
});

/** A backup or restore (restore tests included) job failed or was aborted. */
export const backupJobFailurePattern = (): events.EventPattern => ({
  source: ['aws.backup'],
  detailType: ['Backup Job State Change', 'Restore Job State Change'],
  detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
});

/** ACM warns daily from 45 days before a certificate expires. */
export const certificateExpiryPattern = (): events.EventPattern => ({
  source: ['aws.acm'],
  detailType: ['ACM Certificate Approaching Expiration'],
});

/** The pattern type every function above returns. */
export type EventPatternLike = events.EventPattern;
