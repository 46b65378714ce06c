// Token and cost budget checks made before a provider is called (OWASP LLM10, unbounded consumption).
import type { UsageTotals } from '../ports';
import { costUsd } from './model-pricing';

/** Rough token estimate (about four characters a token, rounded up, plus per-message overhead). */
export function estimateTokens(texts: readonly string[]): number {
  return texts.reduce((sum, t) => sum + Math.ceil(t.length / 4) + 4, 0);
}

export interface BudgetCheckInput {
  readonly model: string;
  readonly estimatedInputTokens: number;
  /** The `max_tokens` the call will be made with. */
  readonly maxOutputTokens: number;
  readonly usedToday: UsageTotals;
  readonly dailyTokenBudget: number;
  readonly dailyCostBudgetUsd: number;
}

export type BudgetDecision =
  | { readonly allowed: true; readonly worstCaseTokens: number; readonly worstCaseCostUsd: number }
  | { readonly allowed: false; readonly reason: 'token_budget' | 'cost_budget' | 'invalid_limits' };

/** Allows the call only if its worst case (full input + max_tokens output) fits what is left of today's budgets. */
export function checkBudget(input: BudgetCheckInput): BudgetDecision {
  if (!(input.maxOutputTokens > 0) || !(input.dailyTokenBudget > 0) || !(input.dailyCostBudgetUsd > 0)) {
    return { allowed: false, reason: 'invalid_limits' };
  }
  const worstCaseTokens = input.estimatedInputTokens + input.maxOutputTokens;
  const worstCaseCostUsd = costUsd(input.model, input.estimatedInputTokens, input.maxOutputTokens);
  if (input.usedToday.tokens + worstCaseTokens > input.dailyTokenBudget) {
    return { allowed: false, reason: 'token_budget' };
  }
  if (input.usedToday.costUsd + worstCaseCostUsd > input.dailyCostBudgetUsd) {
    return { allowed: false, reason: 'cost_budget' };
  }
  return { allowed: true, worstCaseTokens, worstCaseCostUsd };
}

/** Caps the answer length at the tenant's per-answer limit and a hard platform ceiling. */
export function effectiveMaxOutputTokens(tenantMax: number, platformCeiling = 4096): number {
  return Math.max(1, Math.min(Math.floor(tenantMax), platformCeiling));
}

/** UTC day (YYYY-MM-DD) of an epoch-milliseconds instant; budgets reset at midnight UTC. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
