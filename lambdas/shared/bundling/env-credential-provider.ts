// Bundle-time stand-in for @aws-sdk/credential-provider-node: Lambda (and the local runtime) always hands credentials over in env vars.
import { fromEnv } from '@aws-sdk/credential-provider-env';

type EnvProvider = ReturnType<typeof fromEnv>;
type Credentials = Awaited<ReturnType<EnvProvider>>;

/**
 * Every SDK client's default credential chain, narrowed to the environment variables
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_ACCOUNT_ID).
 * Missing variables reject with the SDK's own CredentialsProviderError. Same export names as the
 * aliased package (docs/adr/0076-lambda-bundle-size.md). Memoized like the chain it replaces: the
 * variables are read again only on `forceRefresh` or when the credentials are about to expire.
 */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): EnvProvider => {
  const read = fromEnv(init);
  let current: Credentials | undefined;
  return async (options) => {
    if (!current || options?.forceRefresh || credentialsTreatedAsExpired(current))
      current = await read(options);
    return current;
  };
};

export const credentialsWillNeedRefresh = (credentials?: Credentials): boolean =>
  credentials?.expiration !== undefined;

export const credentialsTreatedAsExpired = (credentials?: Credentials): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
