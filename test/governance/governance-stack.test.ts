// Per-cell governance: keyless GitHub deploys, Config rules, Access Analyzer, change alerts, restore tests, DDoS.
import { Match } from 'aws-cdk-lib/assertions';
import { ALL_MANAGEMENT_EVENTS_STATE } from '../../lib/constructs/cloudtrail-alert-rule';
import { alertRulePattern, DEV_PRIMARY, governanceApp, propertiesOf } from './governance-app';
import { cloudTrailEvent, eventMatches } from './event-pattern-matcher';

const dev = governanceApp('dev');
const primary = dev.cell(DEV_PRIMARY);
const secondary = dev.cell('ap-southeast-2');
const ACCOUNT = '111111111111';
const roleNamed = (name: string) => propertiesOf(primary, 'AWS::IAM::Role').find((r) => r.RoleName === name)!;
const rolePolicy = (roleName: string) => {
  const [roleId] = Object.entries(primary.findResources('AWS::IAM::Role')).find(
    ([, r]) => r.Properties.RoleName === roleName,
  )!;
  return propertiesOf(primary, 'AWS::IAM::ManagedPolicy').find((p) =>
    (p.Roles ?? []).some((r: any) => r.Ref === roleId),
  )!;
};
const ruleIdentifiers = (template = primary) =>
  propertiesOf(template, 'AWS::Config::ConfigRule').map((r) => r.Source.SourceIdentifier);
const someone = { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/intruder/session` };

describe('governance stack: CI/CD deploy roles', () => {
  it('deploy role OIDC sub condition is exactly repo:<repo>:ref:refs/heads/<branch>', () => {
    const trust = roleNamed('livechat-dev-eu-west-1-github-deploy').AssumeRolePolicyDocument.Statement[0];
    expect(trust.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(trust.Principal.Federated).toBe(
      `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
    );
    expect(trust.Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': 'repo:example-org/live-chat-platform:ref:refs/heads/main',
      },
    });
  });

  it("deploy role may only assume the CDK bootstrap roles of its region and set this app's stack policies", () => {
    const statements = rolePolicy('livechat-dev-eu-west-1-github-deploy').PolicyDocument.Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0].Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(statements[1]).toEqual({
      Sid: 'ApplyStackPoliciesOfThisApp',
      Effect: 'Allow',
      Action: ['cloudformation:GetStackPolicy', 'cloudformation:SetStackPolicy'],
      Resource: `arn:aws:cloudformation:${DEV_PRIMARY}:${ACCOUNT}:stack/livechat-dev-*/*`,
    });
    expect(statements[0].Resource).toEqual(
      ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map(
        (kind) => `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-${kind}-role-${ACCOUNT}-${DEV_PRIMARY}`,
      ),
    );
  });

  it('pull-request diff role accepts only pull_request tokens and may assume only the lookup role', () => {
    const trust = roleNamed('livechat-dev-eu-west-1-github-diff').AssumeRolePolicyDocument.Statement[0];
    expect(trust.Condition.StringEquals['token.actions.githubusercontent.com:sub']).toBe(
      'repo:example-org/live-chat-platform:pull_request',
    );
    expect(rolePolicy('livechat-dev-eu-west-1-github-diff').PolicyDocument.Statement[0].Resource).toBe(
      `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-lookup-role-${ACCOUNT}-${DEV_PRIMARY}`,
    );
  });

  it('deploy roles carry the deploy permissions boundary and one-hour sessions', () => {
    for (const name of ['livechat-dev-eu-west-1-github-deploy', 'livechat-dev-eu-west-1-github-diff']) {
      const role = roleNamed(name);
      expect(role.PermissionsBoundary).toBe(`arn:aws:iam::${ACCOUNT}:policy/livechat-dev-deploy-boundary`);
      expect(role.MaxSessionDuration).toBe(3600);
    }
  });

  it('no IAM user or access key exists: CI has no long-lived keys', () => {
    for (const template of [dev.management, primary, secondary]) {
      template.resourceCountIs('AWS::IAM::User', 0);
      template.resourceCountIs('AWS::IAM::AccessKey', 0);
    }
  });
});

describe('governance stack: automated policy checks and exposure monitoring', () => {
  it('Config rules include restricted-ssh, restricted-common-ports and public bucket read/write prohibitions', () => {
    expect(ruleIdentifiers()).toEqual(
      expect.arrayContaining([
        'INCOMING_SSH_DISABLED',
        'RESTRICTED_INCOMING_TRAFFIC',
        'S3_BUCKET_PUBLIC_READ_PROHIBITED',
        'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
        'S3_BUCKET_SSL_REQUESTS_ONLY',
        'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS',
        'VPC_DEFAULT_SECURITY_GROUP_CLOSED',
        'VPC_FLOW_LOGS_ENABLED',
      ]),
    );
  });

  it('restricted-common-ports flags open FTP, RDP, MySQL and PostgreSQL ports', () => {
    primary.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'livechat-dev-restricted-common-ports',
      InputParameters: {
        blockedPort1: '20',
        blockedPort2: '21',
        blockedPort3: '3389',
        blockedPort4: '3306',
        blockedPort5: '5432',
      },
    });
  });

  it('lambda-concurrency-check Config rule reports functions without reserved concurrency', () => {
    expect(ruleIdentifiers()).toContain('LAMBDA_CONCURRENCY_CHECK');
    expect(ruleIdentifiers()).toContain('LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED');
  });

  it('HTTPS is enforced by Config: ALB HTTP-to-HTTPS redirection and S3 TLS-only requests', () => {
    expect(ruleIdentifiers()).toEqual(
      expect.arrayContaining(['ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK', 'S3_BUCKET_SSL_REQUESTS_ONLY']),
    );
    const pattern = alertRulePattern(primary, 'A security Config rule became NON_COMPLIANT');
    const change = {
      source: 'aws.config',
      'detail-type': 'Config Rules Compliance Change',
      detail: {
        configRuleName: 'livechat-dev-alb-http-to-https-redirection-check',
        newEvaluationResult: { complianceType: 'NON_COMPLIANT' },
      },
    };
    expect(eventMatches(pattern, change)).toBe(true);
  });

  it('secrets are checked to use a customer-managed key (secretsmanager-using-cmk)', () => {
    primary.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'livechat-dev-secretsmanager-using-cmk',
      Source: { Owner: 'AWS', SourceIdentifier: 'SECRETSMANAGER_USING_CMK' },
    });
  });

  it('account-level rules (root MFA, root keys) run only in the cell recording global resources', () => {
    expect(ruleIdentifiers(primary)).toEqual(
      expect.arrayContaining(['ROOT_ACCOUNT_MFA_ENABLED', 'IAM_ROOT_ACCESS_KEY_CHECK']),
    );
    expect(ruleIdentifiers(secondary)).not.toContain('ROOT_ACCOUNT_MFA_ENABLED');
    primary.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
    });
    secondary.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false },
    });
  });

  it('adopting an existing Config recorder creates no recorder but keeps every rule', () => {
    const adopted = governanceApp('dev', { configRecorder: 'existing' }).cell(DEV_PRIMARY);
    adopted.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
    adopted.resourceCountIs('AWS::Config::DeliveryChannel', 0);
    expect(ruleIdentifiers(adopted).sort()).toEqual(ruleIdentifiers(primary).sort());
  });

  it('Config delivery bucket accepts writes only from the Config service of this account', () => {
    primary.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AWSConfigBucketDelivery',
            Principal: { Service: 'config.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: {
              StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'AWS:SourceAccount': ACCOUNT },
            },
          }),
        ]),
      },
    });
  });

  it('Config non-compliance alert matches our rules turning NON_COMPLIANT only', () => {
    const pattern = alertRulePattern(primary, 'A security Config rule became NON_COMPLIANT');
    const change = (rule: string, compliance: string) => ({
      source: 'aws.config',
      'detail-type': 'Config Rules Compliance Change',
      detail: { configRuleName: rule, newEvaluationResult: { complianceType: compliance } },
    });
    expect(eventMatches(pattern, change('livechat-dev-restricted-ssh', 'NON_COMPLIANT'))).toBe(true);
    expect(eventMatches(pattern, change('livechat-dev-restricted-ssh', 'COMPLIANT'))).toBe(false);
    expect(eventMatches(pattern, change('someone-elses-rule', 'NON_COMPLIANT'))).toBe(false);
  });

  it('IAM Access Analyzer analyzes the account and its active findings alert', () => {
    primary.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ACCOUNT' });
    const pattern = alertRulePattern(primary, 'IAM Access Analyzer: resource shared outside the account');
    const finding = (status: string) => ({
      source: 'aws.access-analyzer',
      'detail-type': 'Access Analyzer Finding',
      detail: { status, resourceType: 'AWS::S3::Bucket' },
    });
    expect(eventMatches(pattern, finding('ACTIVE'))).toBe(true);
    expect(eventMatches(pattern, finding('ARCHIVED'))).toBe(false);
  });
});

describe('governance stack: change alerts', () => {
  it('security group change alert matches AuthorizeSecurityGroupIngress, not DescribeSecurityGroups', () => {
    const pattern = alertRulePattern(primary, 'Security group changed');
    expect(eventMatches(pattern, cloudTrailEvent('aws.ec2', 'AuthorizeSecurityGroupIngress', someone))).toBe(
      true,
    );
    expect(eventMatches(pattern, cloudTrailEvent('aws.ec2', 'DescribeSecurityGroups', someone))).toBe(false);
  });

  it('NACL change alert matches ReplaceNetworkAclEntry and CreateNetworkAclEntry', () => {
    const pattern = alertRulePattern(primary, 'Network ACL changed');
    expect(eventMatches(pattern, cloudTrailEvent('aws.ec2', 'ReplaceNetworkAclEntry', someone))).toBe(true);
    expect(eventMatches(pattern, cloudTrailEvent('aws.ec2', 'CreateNetworkAclEntry', someone))).toBe(true);
    expect(eventMatches(pattern, cloudTrailEvent('aws.ec2', 'AuthorizeSecurityGroupIngress', someone))).toBe(
      false,
    );
  });

  it('bucket policy change alert matches PutBucketPolicy and DeleteBucketPublicAccessBlock', () => {
    const pattern = alertRulePattern(primary, 'S3 bucket policy, ACL or public access block changed');
    expect(eventMatches(pattern, cloudTrailEvent('aws.s3', 'PutBucketPolicy', someone))).toBe(true);
    expect(eventMatches(pattern, cloudTrailEvent('aws.s3', 'DeleteBucketPublicAccessBlock', someone))).toBe(
      true,
    );
    expect(eventMatches(pattern, cloudTrailEvent('aws.s3', 'GetObject', someone))).toBe(false);
  });

  it('KMS alert matches DisableKey and ScheduleKeyDeletion, not Decrypt', () => {
    const pattern = alertRulePattern(
      primary,
      'KMS key disabled, scheduled for deletion or its policy changed',
    );
    expect(eventMatches(pattern, cloudTrailEvent('aws.kms', 'DisableKey', someone))).toBe(true);
    expect(eventMatches(pattern, cloudTrailEvent('aws.kms', 'ScheduleKeyDeletion', someone))).toBe(true);
    expect(eventMatches(pattern, cloudTrailEvent('aws.kms', 'Decrypt', someone))).toBe(false);
  });

  it('GetSecretValue by an unexpected principal alerts, by a cell workload role it does not', () => {
    const pattern = alertRulePattern(primary, 'GetSecretValue by an unexpected principal');
    const read = (arn: string) =>
      cloudTrailEvent('aws.secretsmanager', 'GetSecretValue', { type: 'AssumedRole', arn });
    const workload = `arn:aws:sts::${ACCOUNT}:assumed-role/livechat-dev-eu-west-1-chat-LlmWorkerRole-AB12/LlmWorker`;
    const cfn = `arn:aws:sts::${ACCOUNT}:assumed-role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-eu-west-1/AWSCloudFormation`;
    expect(eventMatches(pattern, read(workload))).toBe(false);
    expect(eventMatches(pattern, read(cfn))).toBe(false);
    expect(eventMatches(pattern, read(`arn:aws:sts::${ACCOUNT}:assumed-role/livechat-dev-admin/alice`))).toBe(
      true,
    );
    expect(eventMatches(pattern, read(`arn:aws:iam::${ACCOUNT}:user/mallory`))).toBe(true);
    expect(
      eventMatches(pattern, read(`arn:aws:sts::${ACCOUNT}:assumed-role/livechat-dev-us-east-1-chat-X/Y`)),
    ).toBe(true);
  });

  it('break-glass use through a regional STS endpoint alerts in the cell too', () => {
    const pattern = alertRulePattern(primary, 'Break-glass role assumed through this region');
    const assume = (roleArn: string) =>
      cloudTrailEvent('aws.sts', 'AssumeRole', someone, { requestParameters: { roleArn } });
    expect(eventMatches(pattern, assume(`arn:aws:iam::${ACCOUNT}:role/livechat-dev-break-glass`))).toBe(true);
    expect(eventMatches(pattern, assume(`arn:aws:iam::${ACCOUNT}:role/livechat-dev-read-only`))).toBe(false);
  });

  it('secret-read rule receives read-only management events (ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS)', () => {
    const rule = propertiesOf(primary, 'AWS::Events::Rule').find(
      (r) => r.Description === 'GetSecretValue by an unexpected principal',
    )!;
    expect(rule.State).toBe(ALL_MANAGEMENT_EVENTS_STATE);
    const others = propertiesOf(primary, 'AWS::Events::Rule').filter((r) => r !== rule);
    expect(others.every((r) => r.State === 'ENABLED')).toBe(true);
  });

  it('CloudTrail alerts summarise who, what and from where; service-event alerts forward the whole event', () => {
    const target = (description: string) =>
      propertiesOf(primary, 'AWS::Events::Rule').find((r) => r.Description === description)!.Targets[0];
    const summary = target('Security group changed').InputTransformer;
    expect(summary.InputPathsMap).toEqual(
      expect.objectContaining({
        'detail-eventName': '$.detail.eventName',
        'detail-userIdentity-arn': '$.detail.userIdentity.arn',
        'detail-sourceIPAddress': '$.detail.sourceIPAddress',
      }),
    );
    for (const description of [
      'A security Config rule became NON_COMPLIANT',
      'IAM Access Analyzer: resource shared outside the account',
      'ACM certificate approaching expiration',
      'AWS Backup or restore-test job failed',
    ]) {
      expect(target(description).InputTransformer).toBeUndefined();
      expect(target(description).Input).toBeUndefined();
    }
  });

  it('every alert rule delivers to the encrypted alert topic with a dead-letter queue', () => {
    const rules = propertiesOf(primary, 'AWS::Events::Rule');
    expect(rules.length).toBeGreaterThanOrEqual(9);
    for (const rule of rules) {
      expect(rule.Targets).toHaveLength(1);
      expect(rule.Targets[0].Arn).toEqual({ Ref: expect.stringMatching(/^AlertsTopic/) });
      expect(rule.Targets[0].DeadLetterConfig.Arn).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^AlertsDeadLetterQueue/), 'Arn'],
      });
    }
  });
});

describe('governance stack: secrets, DR, DDoS and code signing', () => {
  it('certificate expiry alarms fire below 30 days and when the metric goes missing', () => {
    const prod = governanceApp('prod').cell('eu-west-1');
    prod.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CertificateManager',
      MetricName: 'DaysToExpiry',
      Threshold: 30,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      Dimensions: [
        {
          Name: 'CertificateArn',
          Value: 'arn:aws:acm:eu-west-1:222222222222:certificate/11111111-2222-3333-4444-555555555555',
        },
      ],
    });
    const pattern = alertRulePattern(primary, 'ACM certificate approaching expiration');
    expect(
      eventMatches(pattern, { source: 'aws.acm', 'detail-type': 'ACM Certificate Approaching Expiration' }),
    ).toBe(true);
  });

  it('restore testing plan restores the latest recovery points weekly and validates them', () => {
    primary.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      ScheduleExpression: 'cron(0 3 ? * SUN *)',
      RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: ['*'] },
    });
    const selections = propertiesOf(primary, 'AWS::Backup::RestoreTestingSelection');
    expect(selections.map((s) => s.ProtectedResourceType).sort()).toEqual(['DynamoDB', 'S3']);
    expect(selections.map((s) => s.RestoreTestingSelectionName).sort()).toEqual(['dynamodb', 's3']);
    expect(selections.every((s) => s.ValidationWindowHours === 4)).toBe(true);
  });

  it('the restore-testing plan can be left to the security-ops stack', () => {
    const without = governanceApp('dev', { restoreTesting: false }).cell(DEV_PRIMARY);
    without.resourceCountIs('AWS::Backup::RestoreTestingPlan', 0);
    expect(
      propertiesOf(without, 'AWS::Events::Rule').some(
        (r) => r.Description === 'AWS Backup or restore-test job failed',
      ),
    ).toBe(false);
  });

  it('backup and restore-test job failures alert', () => {
    const pattern = alertRulePattern(primary, 'AWS Backup or restore-test job failed');
    const job = (type: string, state: string) => ({
      source: 'aws.backup',
      'detail-type': type,
      detail: { state },
    });
    expect(eventMatches(pattern, job('Restore Job State Change', 'FAILED'))).toBe(true);
    expect(eventMatches(pattern, job('Backup Job State Change', 'ABORTED'))).toBe(true);
    expect(eventMatches(pattern, job('Restore Job State Change', 'COMPLETED'))).toBe(false);
  });

  it('Lambda code signing config warns by default and enforces when configured', () => {
    primary.hasResourceProperties('AWS::Lambda::CodeSigningConfig', {
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Warn' },
    });
    primary.hasResourceProperties('AWS::Signer::SigningProfile', { PlatformId: 'AWSLambda-SHA384-ECDSA' });
    governanceApp('dev', { codeSigning: 'enforce' })
      .cell(DEV_PRIMARY)
      .hasResourceProperties('AWS::Lambda::CodeSigningConfig', {
        CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
      });
  });

  it('governance stacks have termination protection in production', () => {
    const prod = governanceApp('prod');
    expect(Object.values(prod.stacks.cells).every((s) => s.terminationProtection)).toBe(true);
    expect(Object.values(dev.stacks.cells).some((s) => s.terminationProtection)).toBe(false);
  });
});
