// Management plane (us-east-1): MFA-only human roles, one OIDC provider, the deploy boundary and IAM/root alerts.
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { ManagementStack } from '../../lib/stacks/management-stack';
import { BOUNDARY_DENIED_ACTIONS } from '../../lib/constructs/deploy-permissions-boundary';
import { alertRulePattern, governanceApp, propertiesOf } from './governance-app';
import { cloudTrailEvent, eventMatches } from './event-pattern-matcher';

const dev = governanceApp('dev');
const roleNamed = (name: string) =>
  propertiesOf(dev.management, 'AWS::IAM::Role').find((r) => r.RoleName === name)!;
const MFA_CONDITION = {
  Bool: { 'aws:MultiFactorAuthPresent': 'true' },
  NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
};

describe('management stack', () => {
  it('admin role trust policy requires MFA present and at most one hour old', () => {
    const trust = roleNamed('livechat-dev-admin').AssumeRolePolicyDocument.Statement;
    expect(trust).toHaveLength(1);
    expect(trust[0].Action).toBe('sts:AssumeRole');
    expect(trust[0].Condition).toEqual(MFA_CONDITION);
  });

  it('read-only and break-glass roles refuse assumption without MFA too', () => {
    for (const name of ['livechat-dev-read-only', 'livechat-dev-break-glass']) {
      const role = roleNamed(name);
      expect(role.AssumeRolePolicyDocument.Statement[0].Condition).toEqual(MFA_CONDITION);
      expect(role.MaxSessionDuration).toBe(3600);
    }
  });

  it('human sessions are denied secret values without MFA', () => {
    const policies = propertiesOf(dev.management, 'AWS::IAM::ManagedPolicy').filter((p) =>
      p.PolicyDocument.Statement.some((s: any) => s.Sid === 'DenySecretValuesWithoutMfa'),
    );
    expect(policies).toHaveLength(1);
    const deny = policies[0]!.PolicyDocument.Statement[0];
    expect(deny).toMatchObject({
      Effect: 'Deny',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    });
    expect(policies[0]!.Roles).toHaveLength(3);
  });

  it('creates the account-wide GitHub OIDC provider once, for the STS audience only', () => {
    dev.management.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    dev.management.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    for (const cell of dev.config.cells) dev.cell(cell.region).resourceCountIs('AWS::IAM::OIDCProvider', 0);
  });

  it('adopts an existing GitHub OIDC provider without creating one', () => {
    const adopted = governanceApp('dev', {}, (c) => ({
      ...c,
      github: { ...c.github, oidcProvider: 'existing' },
    }));
    adopted.management.resourceCountIs('AWS::IAM::OIDCProvider', 0);
  });

  it('deploy boundary denies trail tampering, long-lived credentials and its own removal', () => {
    const boundary = propertiesOf(dev.management, 'AWS::IAM::ManagedPolicy').find(
      (p) => p.ManagedPolicyName === 'livechat-dev-deploy-boundary',
    )!;
    const denied = boundary.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Deny').flatMap(
      (s: any) => [].concat(s.Action),
    );
    for (const action of [
      ...BOUNDARY_DENIED_ACTIONS.auditTrail,
      ...BOUNDARY_DENIED_ACTIONS.longLivedCredentials,
      ...BOUNDARY_DENIED_ACTIONS.boundaryRemoval,
    ]) {
      expect(denied).toContain(action);
    }
    expect(denied).toEqual(
      expect.arrayContaining(['cloudtrail:StopLogging', 'iam:CreateAccessKey', 'iam:CreateUser']),
    );
  });

  it('root sign-in alert matches a root console login and not an IAM user login', () => {
    const pattern = alertRulePattern(dev.management, 'Root user signed in or called an API');
    const login = (type: string) => ({
      source: 'aws.signin',
      'detail-type': 'AWS Console Sign In via CloudTrail',
      detail: { eventName: 'ConsoleLogin', userIdentity: { type } },
    });
    expect(eventMatches(pattern, login('Root'))).toBe(true);
    expect(eventMatches(pattern, login('IAMUser'))).toBe(false);
    expect(eventMatches(pattern, cloudTrailEvent('aws.s3', 'CreateBucket', { type: 'Root' }))).toBe(true);
  });

  it('console sign-in without MFA alerts, a sign-in with MFA does not', () => {
    const pattern = alertRulePattern(dev.management, 'Console sign-in succeeded without MFA');
    const login = (mfa: string, type = 'IAMUser') => ({
      'detail-type': 'AWS Console Sign In via CloudTrail',
      detail: {
        eventName: 'ConsoleLogin',
        userIdentity: { type },
        additionalEventData: { MFAUsed: mfa },
        responseElements: { ConsoleLogin: 'Success' },
      },
    });
    expect(eventMatches(pattern, login('No'))).toBe(true);
    expect(eventMatches(pattern, login('No', 'Root'))).toBe(true);
    expect(eventMatches(pattern, login('Yes'))).toBe(false);
    expect(eventMatches(pattern, login('No', 'AssumedRole'))).toBe(false);
  });

  it('IAM policy change alert matches AttachRolePolicy and CreateAccessKey, not ListRoles', () => {
    const pattern = alertRulePattern(dev.management, 'IAM policy, trust, user or access-key change');
    const who = { type: 'AssumedRole', arn: 'arn:aws:sts::111111111111:assumed-role/x/y' };
    expect(eventMatches(pattern, cloudTrailEvent('aws.iam', 'AttachRolePolicy', who))).toBe(true);
    expect(eventMatches(pattern, cloudTrailEvent('aws.iam', 'CreateAccessKey', who))).toBe(true);
    expect(eventMatches(pattern, cloudTrailEvent('aws.iam', 'ListRoles', who))).toBe(false);
  });

  it('break-glass alert fires on AssumeRole of the break-glass role', () => {
    const pattern = alertRulePattern(dev.management, 'Break-glass role assumed');
    expect(pattern.detail.eventName).toEqual(['AssumeRole']);
    const [breakGlassId] = Object.entries(dev.management.findResources('AWS::IAM::Role')).find(
      ([, r]) => r.Properties.RoleName === 'livechat-dev-break-glass',
    )!;
    expect(pattern.detail.requestParameters.roleArn).toEqual([{ 'Fn::GetAtt': [breakGlassId, 'Arn'] }]);
  });

  it('alert topic is encrypted with a rotating customer-managed key and TLS-only', () => {
    dev.management.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    dev.management.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    dev.management.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('refuses a region other than us-east-1, where IAM and sign-in events arrive', () => {
    expect(
      () =>
        new ManagementStack(new App(), 'Wrong', {
          env: { account: '111111111111', region: 'eu-west-1' },
          prefix: 'livechat-dev',
          production: false,
          alertEmail: 'a@example.com',
          oidcProvider: 'create',
        }),
    ).toThrow(/must be in us-east-1/);
  });

  it('has termination protection in production', () => {
    expect(governanceApp('prod').stacks.management.terminationProtection).toBe(true);
    expect(dev.stacks.management.terminationProtection).toBe(false);
  });
});
