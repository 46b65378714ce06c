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
  /** The last secret string and its parsed JSON: parsed again only when the string changes. */
  private parsed: { readonly raw: string; readonly keys: Record<string, unknown> | null } | undefined;

  constructor(private readonly options: ApiKeyResolverOptions) {}

  async keyFor(provider: LlmProviderName): Promise<string | undefined> {
    const fromEnv = this.options.environmentKeys?.[provider];
    if (fromEnv) return fromEnv;
    const secret = this.options.secret;
    if (!secret) return undefined;
    const raw = await secret.source.getSecretString(secret.secretId);
    if (this.parsed?.raw !== raw) {
      try {
        this.parsed = { raw, keys: JSON.parse(raw) as Record<string, unknown> | null };
      } catch {
        throw new Error('The LLM API-key secret is not valid JSON');
      }
    }
    const value = this.parsed.keys?.[provider];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }
}
