// Resolves provider API keys: the SDK env vars (local runs) first, else the KMS-encrypted Secrets Manager secret.
import type { SecretSource } from '../../shared/ports';
import type { LlmProviderName } from '../../shared/types';

export interface ApiKeyResolverOptions {
  /** Secret JSON `{"openai":"…","anthropic":"…"}`; its source caches values with a short TTL. */
  readonly secret?: { readonly source: SecretSource; readonly secretId: string };
  /** Keys from OPENAI_API_KEY / ANTHROPIC_API_KEY; they take precedence over the secret. */
  readonly environmentKeys?: Partial<Record<LlmProviderName, string>>;
}

/** Never logs or exposes keys in errors; the secret source holds the TTL cache. */
export class ApiKeyResolver {
  constructor(private readonly options: ApiKeyResolverOptions) {}

  async keyFor(provider: LlmProviderName): Promise<string | undefined> {
    const fromEnv = this.options.environmentKeys?.[provider];
    if (fromEnv) return fromEnv;
    const secret = this.options.secret;
    if (!secret) return undefined;
    const raw = await secret.source.getSecretString(secret.secretId);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new Error('The LLM API-key secret is not valid JSON');
    }
    const value = (parsed as Record<string, unknown> | null)?.[provider];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }
}
