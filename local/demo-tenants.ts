// The demo tenants the local runtime seeds: settings, limits that allow the benchmark, origins and FAQ folders.
import type { LlmProviderName, TenantLimits, TenantSettings } from '../lambdas/shared/types';

export interface DemoTenant {
  readonly tenantId: string;
  readonly displayName: string;
  /** An origin only this tenant allows (besides the demo page's origins, which both allow). */
  readonly ownOrigin: string;
  /** Folder under local/demo/faq holding the tenant's FAQ markdown. */
  readonly faqFolder: string;
}

export const DEMO_TENANTS: readonly DemoTenant[] = [
  {
    tenantId: 'acme',
    displayName: 'Acme Outdoor',
    ownOrigin: 'https://shop.acme.example',
    faqFolder: 'acme',
  },
  {
    tenantId: 'globex',
    displayName: 'Globex Electronics',
    ownOrigin: 'https://www.globex.example',
    faqFolder: 'globex',
  },
];

/** Room for the benchmark: 1,000 sockets and 100 messages/s per tenant, with headroom. */
export const DEMO_LIMITS: TenantLimits = {
  maxConnections: 5000,
  messagesPerMinutePerConnection: 120,
  messagesPerSecondPerTenant: 500,
  tokensPerMinute: 20_000,
  maxOutputTokens: 512,
  dailyTokenBudget: 500_000_000,
  dailyCostBudgetUsd: 10_000,
};

const MODELS: Record<LlmProviderName, string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
};

/** Provider order: a provider whose real API key is in the environment comes first, the other is the fallback. */
export function providerOrder(env: NodeJS.ProcessEnv): LlmProviderName[] {
  if (env.OPENAI_API_KEY) return ['openai', 'anthropic'];
  if (env.ANTHROPIC_API_KEY) return ['anthropic', 'openai'];
  return ['openai', 'anthropic'];
}

export function demoTenantSettings(
  tenant: DemoTenant,
  demoOrigins: readonly string[],
  env: NodeJS.ProcessEnv,
  now = new Date(),
): TenantSettings {
  return {
    tenantId: tenant.tenantId,
    displayName: tenant.displayName,
    status: 'active',
    allowedOrigins: [...demoOrigins, tenant.ownOrigin],
    limits: DEMO_LIMITS,
    llm: {
      providers: providerOrder(env).map((provider) => ({ provider, model: MODELS[provider] })),
      instructions: `You are the support assistant of ${tenant.displayName}. Answer from its FAQ only.`,
    },
    securityContact: { name: `${tenant.displayName} security`, email: `security@${tenant.tenantId}.example` },
    updatedAt: now.toISOString(),
  };
}
