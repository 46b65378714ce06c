// The account-wide GitHub Actions OIDC identity provider: created once, or adopted where it already exists.
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** The provider's ARN, derived from the account alone (there is one per account). */
export const githubOidcProviderArn = (account: string): string =>
  `arn:aws:iam::${account}:oidc-provider/${GITHUB_OIDC_HOST}`;

export interface GitHubOidcProviderProps {
  /** `create` the provider (once per account) or adopt the `existing` one. */
  readonly mode: 'create' | 'existing';
}

/** Exposes the provider as an `IOidcProvider` whichever way it came to exist. */
export class GitHubOidcProvider extends Construct {
  public readonly provider: iam.IOidcProvider;

  constructor(scope: Construct, id: string, props: GitHubOidcProviderProps) {
    super(scope, id);
    this.provider =
      props.mode === 'create'
        ? new iam.OidcProviderNative(this, 'Provider', {
            url: `https://${GITHUB_OIDC_HOST}`,
            clientIds: ['sts.amazonaws.com'],
          })
        : iam.OidcProviderNative.fromOidcProviderArn(
            this,
            'Provider',
            githubOidcProviderArn(Stack.of(this).account),
          );
  }
}
