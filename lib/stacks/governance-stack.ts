// Per-cell governance: GitHub deploy roles, Config rules, Access Analyzer, change alerts, restore tests, DDoS option.
import { RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { CertificateExpiryAlarms } from '../constructs/certificate-expiry-alarms';
import { CloudTrailAlertRule } from '../constructs/cloudtrail-alert-rule';
import { deployBoundaryArn } from '../constructs/deploy-permissions-boundary';
import { ExposureAnalyzer } from '../constructs/exposure-analyzer';
import { GitHubDeployRole } from '../constructs/github-deploy-role';
import { githubOidcProviderArn } from '../constructs/github-oidc-provider';
import { LambdaCodeSigning, type CodeSigningEnforcement } from '../constructs/lambda-code-signing';
import { RestoreTestingPlan } from '../constructs/restore-testing-plan';
import { SecurityAlertTopic } from '../constructs/security-alert-topic';
import { SecurityConfigRules } from '../constructs/security-config-rules';
import * as patterns from '../governance/alert-patterns';

export interface GovernanceStackProps extends StackProps {
  /** `livechat-dev`. */
  readonly prefix: string;
  readonly production: boolean;
  /** The repository and branch allowed to deploy this cell. */
  readonly github: { readonly repository: string; readonly branch: string };
  /** Where alerts go when no topic is given. */
  readonly alertEmail: string;
  /** An existing alert topic of this region (e.g. the security-ops stack's). @default - a topic of this stack */
  readonly alertTopic?: sns.ITopic;
  /** Dead-letter queue for undelivered alert events, with `alertTopic`. @default - a queue of this stack */
  readonly alertDeadLetterQueue?: sqs.IQueue;
  /** `create` the AWS Config recorder of this region, or use the `existing` one. @default 'create' */
  readonly configRecorder?: 'create' | 'existing';
  /** This cell records global resources (IAM) and runs the account-level Config rules. */
  readonly recordGlobalResources: boolean;
  /** Server access-log bucket for the Config delivery bucket. @default - none */
  readonly accessLogsBucket?: s3.IBucket;
  /** ACM certificates to alarm on before they expire. @default - none */
  readonly certificateArns?: readonly string[];
  /**
   * Run the AWS Backup restore-testing plan (and its failure alert) here; turn off where the security-ops
   * stack already runs one for the same vaults. @default true
   */
  readonly restoreTesting?: boolean;
  /** Code-signing enforcement of the config functions attach. @default 'warn' */
  readonly codeSigning?: CodeSigningEnforcement;
  /**
   * ARN prefixes of principals expected to read secrets; any other GetSecretValue alerts.
   * @default - this cell's workload roles (`<prefix>-<region>-…`) and the CDK CloudFormation execution role
   */
  readonly trustedSecretReaderPrefixes?: readonly string[];
}

export class GovernanceStack extends Stack {
  public readonly alertTopic: sns.ITopic;
  public readonly deployRole: iam.Role;
  public readonly diffRole: iam.Role;
  public readonly configRules: SecurityConfigRules;
  public readonly restoreTesting?: RestoreTestingPlan;
  /** Functions attach this to have their code checked against the pipeline's signing profile. */
  public readonly codeSigningConfig: lambda.ICodeSigningConfig;

  constructor(scope: Construct, id: string, props: GovernanceStackProps) {
    super(scope, id, { ...props, terminationProtection: props.terminationProtection ?? props.production });
    const { account, region } = this;
    const removalPolicy = props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    if (!props.alertTopic !== !props.alertDeadLetterQueue) {
      throw new Error('GovernanceStack: pass alertTopic and alertDeadLetterQueue together, or neither');
    }
    let deadLetterQueue = props.alertDeadLetterQueue;
    if (props.alertTopic && deadLetterQueue) {
      this.alertTopic = props.alertTopic;
    } else {
      const alerts = new SecurityAlertTopic(this, 'Alerts', { email: props.alertEmail, removalPolicy });
      this.alertTopic = alerts.topic;
      deadLetterQueue = alerts.deadLetterQueue;
    }
    const alert = (
      ruleId: string,
      description: string,
      eventPattern: patterns.EventPatternLike,
      options: { readOnly?: boolean; fullEvent?: boolean } = {},
    ) =>
      new CloudTrailAlertRule(this, ruleId, {
        description,
        eventPattern,
        topic: this.alertTopic,
        deadLetterQueue: deadLetterQueue!,
        includeReadOnlyManagementEvents: options.readOnly,
        fullEvent: options.fullEvent,
      });
    const serviceEvent = { fullEvent: true };

    // CI/CD: keyless deploys from one repository and branch; pull requests may only read (cdk diff).
    const boundary = iam.ManagedPolicy.fromManagedPolicyArn(
      this,
      'DeployBoundary',
      deployBoundaryArn(account, props.prefix),
    );
    const oidcProviderArn = githubOidcProviderArn(account);
    const deploy = new GitHubDeployRole(this, 'GitHubDeployRole', {
      oidcProviderArn,
      repository: props.github.repository,
      subject: `ref:refs/heads/${props.github.branch}`,
      bootstrapRoles: ['deploy', 'file-publishing', 'image-publishing', 'lookup'],
      permissionsBoundary: boundary,
      roleName: `${props.prefix}-${region}-github-deploy`,
    });
    // After each deploy the pipeline re-applies the stack policies of this region's stacks (ADR 0042).
    deploy.policy.addStatements(
      new iam.PolicyStatement({
        sid: 'ApplyStackPoliciesOfThisApp',
        actions: ['cloudformation:GetStackPolicy', 'cloudformation:SetStackPolicy'],
        resources: [`arn:aws:cloudformation:${region}:${account}:stack/${props.prefix}-*/*`],
      }),
    );
    Validations.of(deploy.policy).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:cloudformation:${region}:${account}:stack/${props.prefix}-*/*]`,
      reason: 'Stack policies are set on every stack of this app in this region; stack ids are generated.',
    });
    this.deployRole = deploy.role;
    this.diffRole = new GitHubDeployRole(this, 'GitHubDiffRole', {
      oidcProviderArn,
      repository: props.github.repository,
      subject: 'pull_request',
      bootstrapRoles: ['lookup'],
      permissionsBoundary: boundary,
      roleName: `${props.prefix}-${region}-github-diff`,
    }).role;

    // Automated policy checks and exposure monitoring.
    this.configRules = new SecurityConfigRules(this, 'ConfigRules', {
      prefix: props.prefix,
      recorder: props.configRecorder ?? 'create',
      recordGlobalResources: props.recordGlobalResources,
      accessLogsBucket: props.accessLogsBucket,
      removalPolicy,
    });
    alert(
      'ConfigNonComplianceAlert',
      'A security Config rule became NON_COMPLIANT',
      patterns.configNonCompliancePattern(`${props.prefix}-`),
      serviceEvent,
    );
    new ExposureAnalyzer(this, 'AccessAnalyzer', { analyzerName: `${props.prefix}-${region}-account` });
    alert(
      'AccessAnalyzerFindingAlert',
      'IAM Access Analyzer: resource shared outside the account',
      patterns.accessAnalyzerFindingPattern(),
      serviceEvent,
    );

    // Change alerts of this region (network, storage, keys, secrets).
    alert('SecurityGroupChangeAlert', 'Security group changed', patterns.securityGroupChangePattern());
    alert('NaclChangeAlert', 'Network ACL changed', patterns.naclChangePattern());
    alert(
      'BucketPolicyChangeAlert',
      'S3 bucket policy, ACL or public access block changed',
      patterns.bucketPolicyChangePattern(),
    );
    alert(
      'KmsKeyDisablingAlert',
      'KMS key disabled, scheduled for deletion or its policy changed',
      patterns.kmsKeyDisablingPattern(),
    );
    const trustedReaders = props.trustedSecretReaderPrefixes ?? [
      `arn:aws:sts::${account}:assumed-role/${props.prefix}-${region}-`,
      `arn:aws:sts::${account}:assumed-role/cdk-hnb659fds-cfn-exec-role-${account}-${region}/`,
    ];
    alert(
      'UnexpectedSecretReadAlert',
      'GetSecretValue by an unexpected principal',
      patterns.unexpectedSecretReadPattern(trustedReaders),
      { readOnly: true },
    );

    // STS regional endpoints log AssumeRole in the caller's region: watch break-glass use here too.
    alert(
      'BreakGlassAlert',
      'Break-glass role assumed through this region',
      patterns.roleAssumedPattern(`arn:aws:iam::${account}:role/${props.prefix}-break-glass`),
    );

    // Secrets and certificates: expiry warnings.
    alert(
      'CertificateExpiryAlert',
      'ACM certificate approaching expiration',
      patterns.certificateExpiryPattern(),
      serviceEvent,
    );
    if (props.certificateArns?.length) {
      new CertificateExpiryAlarms(this, 'CertificateExpiry', {
        certificateArns: props.certificateArns,
        alertTopic: this.alertTopic,
      });
    }

    // DR: restore tests of the latest recovery points, and alerts when a backup or restore fails.
    if (props.restoreTesting ?? true) {
      this.restoreTesting = new RestoreTestingPlan(this, 'RestoreTesting', {
        planName: `${props.prefix}_${region}_rt`.replace(/-/g, '_'),
      });
      alert(
        'BackupFailureAlert',
        'AWS Backup or restore-test job failed',
        patterns.backupJobFailurePattern(),
        serviceEvent,
      );
    }

    // Supply chain: the signing profile and config functions attach.
    this.codeSigningConfig = new LambdaCodeSigning(this, 'CodeSigning', {
      enforcement: props.codeSigning ?? 'warn',
    }).codeSigningConfig;
  }
}
