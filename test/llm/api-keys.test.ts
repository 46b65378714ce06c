// API-key resolution: SDK env vars first, else the Secrets Manager JSON; values never appear in errors.
import { ApiKeyResolver } from '../../lambdas/llm-worker/providers/api-keys';

describe('ApiKeyResolver', () => {
  const secretValue = JSON.stringify({ openai: 'sk-secret-openai', anthropic: 'sk-secret-anthropic' });
  const source = { getSecretString: jest.fn(async () => secretValue) };

  it('prefers the environment key over the secret', async () => {
    const keys = new ApiKeyResolver({
      environmentKeys: { openai: 'env-key' },
      secret: { source, secretId: 's' },
    });
    expect(await keys.keyFor('openai')).toBe('env-key');
    expect(await keys.keyFor('anthropic')).toBe('sk-secret-anthropic');
  });

  it('returns undefined for a provider without a key', async () => {
    const keys = new ApiKeyResolver({
      secret: { source: { getSecretString: async () => '{"openai":"x"}' }, secretId: 's' },
    });
    expect(await keys.keyFor('anthropic')).toBeUndefined();
    expect(await new ApiKeyResolver({}).keyFor('openai')).toBeUndefined();
  });

  it('uses a rotated secret value at once, and refuses a later malformed value', async () => {
    let value = JSON.stringify({ openai: 'sk-old' });
    const keys = new ApiKeyResolver({
      secret: { source: { getSecretString: async () => value }, secretId: 's' },
    });
    expect(await keys.keyFor('openai')).toBe('sk-old');
    value = JSON.stringify({ openai: 'sk-new' });
    expect(await keys.keyFor('openai')).toBe('sk-new');
    value = 'not json';
    await expect(keys.keyFor('openai')).rejects.toThrow('The LLM API-key secret is not valid JSON');
  });

  it('fails clearly on a malformed secret without echoing it', async () => {
    const keys = new ApiKeyResolver({
      secret: { source: { getSecretString: async () => 'sk-raw-value' }, secretId: 's' },
    });
    await expect(keys.keyFor('openai')).rejects.toThrow('The LLM API-key secret is not valid JSON');
    await expect(keys.keyFor('openai')).rejects.not.toThrow(/sk-raw-value/);
  });
});
