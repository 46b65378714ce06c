// A role GitHub Actions assumes through OIDC: one repository and one ref, no keys, only the CDK bootstrap roles.
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GITHUB_OIDC_HOST } from './github-oidc-provider';

/** The CDK bootstrap roles a deployment needs, by their bootstrap-template names. */
export type BootstrapRoleKind = 'deploy' | 'file-publishing' | 'image-publishing' | 'lookup';

export interface GitHubDeployRoleProps {
  /** ARN of the account's GitHub OIDC provider. */
  readonly oidcProviderArn: string;
  /** `owner/name` of the only repository allowed. */
  readonly repository: string;
  /**
   * The exact token subject after `repo:<repository>:`, e.g. `ref:refs/heads/main` or `pull_request`.
   */
  readonly subject: string;
  /** CDK bootstrap roles of this account and region the workflow may assume. */
  readonly bootstrapRoles: readonly BootstrapRoleKind[];
  /** Permissions boundary attached to the role. */
  readonly permissionsBoundary: iam.IManagedPolicy;
  /** Bootstrap qualifier. @default 'hnb659fds' */
  readonly bootstrapQualifier?: string;
  /** Role name. @default - generated */
  readonly roleName?: string;
}

/** `repo:<owner/name>:<subject>`: the only `sub` claim the trust policy accepts. */
export const githubSubject = (repository: string, subject: string): string => `repo:${repository}:${subject}`;

export class GitHubDeployRole extends Construct {
  public readonly role: iam.Role;
  /** The role's only permissions: assuming the listed bootstrap roles. */
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: GitHubDeployRoleProps) {
    super(scope, id);
    if (props.bootstrapRoles.length === 0)
      throw new Error('GitHubDeployRole needs at least one bootstrap role');
    const { account, region } = Stack.of(this);
    const qualifier = props.bootstrapQualifier ?? 'hnb659fds';
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: `GitHub ${props.repository} ${props.subject}: assumes CDK bootstrap roles in ${region}`,
      maxSessionDuration: Duration.hours(1),
      permissionsBoundary: props.permissionsBoundary,
      assumedBy: new iam.FederatedPrincipal(
        props.oidcProviderArn,
        {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
            [`${GITHUB_OIDC_HOST}:sub`]: githubSubject(props.repository, props.subject),
          },
        },
        'sts:AssumeRoleWithWebIdentity',
      ),
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Assume only the CDK bootstrap roles (${props.bootstrapRoles.join(', ')}) in ${region}`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'AssumeCdkBootstrapRolesOnly',
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          resources: props.bootstrapRoles.map(
            (kind) => `arn:aws:iam::${account}:role/cdk-${qualifier}-${kind}-role-${account}-${region}`,
          ),
        }),
      ],
    });
  }
}
