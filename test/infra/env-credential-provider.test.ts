// The env-only credential chain that replaces the SDK's default chain in Lambda bundles: read once, refreshed on demand.
import { defaultProvider } from '../../lambdas/shared/bundling/env-credential-provider';

const saved = { ...process.env };
const setKeys = (id: string, expiration?: string) => {
  process.env.AWS_ACCESS_KEY_ID = id;
  process.env.AWS_SECRET_ACCESS_KEY = `secret-of-${id}`;
  process.env.AWS_SESSION_TOKEN = `token-of-${id}`;
  if (expiration) process.env.AWS_CREDENTIAL_EXPIRATION = expiration;
  else delete process.env.AWS_CREDENTIAL_EXPIRATION;
};

afterEach(() => {
  process.env = { ...saved };
});

describe('env-only default credential provider', () => {
  it('reads the environment once and serves later requests from memory, like the chain it replaces', async () => {
    setKeys('first');
    const provider = defaultProvider();
    expect(await provider()).toMatchObject({ accessKeyId: 'first', sessionToken: 'token-of-first' });

    setKeys('second');
    expect(await provider()).toMatchObject({ accessKeyId: 'first' });
    expect(await provider({ forceRefresh: true })).toMatchObject({ accessKeyId: 'second' });
  });

  it('reads again when the credentials expire within five minutes', async () => {
    setKeys('expiring', new Date(Date.now() + 60_000).toISOString());
    const provider = defaultProvider();
    expect(await provider()).toMatchObject({ accessKeyId: 'expiring' });

    setKeys('renewed', new Date(Date.now() + 3_600_000).toISOString());
    expect(await provider()).toMatchObject({ accessKeyId: 'renewed' });
    setKeys('later');
    expect(await provider()).toMatchObject({ accessKeyId: 'renewed' });
  });

  it('does not remember a failure: missing variables reject, and the next call reads again', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const provider = defaultProvider();
    await expect(provider()).rejects.toMatchObject({ name: 'CredentialsProviderError' });

    setKeys('arrived');
    expect(await provider()).toMatchObject({ accessKeyId: 'arrived' });
  });
});
