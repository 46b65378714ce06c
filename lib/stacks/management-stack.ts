// Account-wide management plane (us-east-1): GitHub OIDC provider, deploy boundary, human roles, IAM/root alerts.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { CloudTrailAlertRule } from '../constructs/cloudtrail-alert-rule';
import { DeployPermissionsBoundary } from '../constructs/deploy-permissions-boundary';
import { GitHubOidcProvider } from '../constructs/github-oidc-provider';
import { HumanAccessRoles } from '../constructs/human-access-roles';
import { SecurityAlertTopic } from '../constructs/security-alert-topic';
import {
  consoleSignInWithoutMfaPattern,
  iamPolicyChangePattern,
  rootActivityPattern,
  roleAssumedPattern,
} from '../governance/alert-patterns';

export interface ManagementStackProps extends StackProps {
  /** `livechat-dev`. */
  readonly prefix: string;
  /** Production: termination protection on. */
  readonly production: boolean;
  /** Where the alerts go. */
  readonly alertEmail: string;
  /** `create` the account's GitHub OIDC provider here, or adopt the `existing` one. */
  readonly oidcProvider: 'create' | 'existing';
  /** Account whose identities may assume the human roles. @default - this account */
  readonly trustedAccountId?: string;
}

/** Must be deployed in us-east-1: IAM, STS global endpoint and console sign-in events arrive there. */
export class ManagementStack extends Stack {
  public readonly alertTopic: sns.ITopic;
  public readonly oidcProvider: iam.IOidcProvider;
  public readonly deployBoundary: iam.ManagedPolicy;
  public readonly humanRoles: HumanAccessRoles;

  constructor(scope: Construct, id: string, props: ManagementStackProps) {
    super(scope, id, { ...props, terminationProtection: props.terminationProtection ?? props.production });
    if (this.region !== 'us-east-1') {
      throw new Error(`ManagementStack must be in us-east-1 (IAM and sign-in events), not ${this.region}`);
    }
    const alerts = new SecurityAlertTopic(this, 'Alerts', { email: props.alertEmail });
    this.alertTopic = alerts.topic;
    this.oidcProvider = new GitHubOidcProvider(this, 'GitHubOidc', { mode: props.oidcProvider }).provider;
    this.deployBoundary = new DeployPermissionsBoundary(this, 'DeployBoundary', {
      prefix: props.prefix,
    }).policy;
    this.humanRoles = new HumanAccessRoles(this, 'HumanRoles', {
      prefix: props.prefix,
      trustedAccountId: props.trustedAccountId,
    });

    const alert = (id: string, description: string, eventPattern: ReturnType<typeof rootActivityPattern>) =>
      new CloudTrailAlertRule(this, id, {
        description,
        eventPattern,
        topic: alerts.topic,
        deadLetterQueue: alerts.deadLetterQueue,
      });
    alert('RootActivityAlert', 'Root user signed in or called an API', rootActivityPattern());
    alert('SignInWithoutMfaAlert', 'Console sign-in succeeded without MFA', consoleSignInWithoutMfaPattern());
    alert('IamPolicyChangeAlert', 'IAM policy, trust, user or access-key change', iamPolicyChangePattern());
    alert(
      'BreakGlassAlert',
      'Break-glass role assumed',
      roleAssumedPattern(this.humanRoles.breakGlass.roleArn),
    );
  }
}
