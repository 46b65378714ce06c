// Budget: worst-case token and cost checks before the provider call.
import {
  checkBudget,
  effectiveMaxOutputTokens,
  estimateTokens,
  utcDay,
} from '../../lambdas/llm-worker/domain/budget';
import { costUsd, DEFAULT_PRICE, priceOf } from '../../lambdas/llm-worker/domain/model-pricing';

const base = {
  model: 'gpt-4o-mini',
  estimatedInputTokens: 1_000,
  maxOutputTokens: 500,
  usedToday: { tokens: 0, costUsd: 0 },
  dailyTokenBudget: 10_000,
  dailyCostBudgetUsd: 1,
};

describe('budget', () => {
  it('allows a call whose worst case fits both budgets', () => {
    const decision = checkBudget(base);
    expect(decision).toEqual({
      allowed: true,
      worstCaseTokens: 1_500,
      worstCaseCostUsd: costUsd('gpt-4o-mini', 1_000, 500),
    });
  });

  it('refuses when input plus max_tokens would exceed the daily token budget', () => {
    expect(checkBudget({ ...base, usedToday: { tokens: 8_600, costUsd: 0 } })).toEqual({
      allowed: false,
      reason: 'token_budget',
    });
  });

  it('allows exactly up to the token budget', () => {
    expect(checkBudget({ ...base, usedToday: { tokens: 8_500, costUsd: 0 } }).allowed).toBe(true);
  });

  it('refuses when the worst-case cost would exceed the daily cost budget', () => {
    expect(checkBudget({ ...base, usedToday: { tokens: 0, costUsd: 0.9999 } })).toEqual({
      allowed: false,
      reason: 'cost_budget',
    });
  });

  it('prices unknown models at the conservative default', () => {
    expect(priceOf('mystery-model')).toEqual(DEFAULT_PRICE);
    expect(priceOf('gpt-4o-mini-2024')).toEqual(priceOf('gpt-4o-mini'));
    expect(priceOf('gpt-4o-2024')).not.toEqual(priceOf('gpt-4o-mini'));
  });

  it('prices dated and versioned names like their family but unknown variants at the high default', () => {
    expect(priceOf('gpt-4o-mini-2024-07-18')).toEqual(priceOf('gpt-4o-mini'));
    expect(priceOf('claude-sonnet-4-5-20250929')).toEqual(priceOf('claude-sonnet'));
    expect(priceOf('claude-3-5-haiku-20241022')).toEqual(priceOf('claude-3-5-haiku'));
    expect(priceOf('claude-3-5-haiku-latest')).toEqual(priceOf('claude-3-5-haiku'));
    expect(priceOf('gpt-4o-2024-05-13')).toEqual({ inputPerMillionUsd: 5, outputPerMillionUsd: 15 });
    for (const variant of [
      'gpt-5-pro',
      'gpt-4o-audio-preview',
      'gpt-4o-realtime',
      'claude-sonnetx',
      'fakeish',
    ])
      expect(priceOf(variant)).toEqual(DEFAULT_PRICE);
  });

  it('refuses invalid limits instead of allowing unbounded use', () => {
    expect(checkBudget({ ...base, dailyTokenBudget: 0 })).toEqual({
      allowed: false,
      reason: 'invalid_limits',
    });
    expect(checkBudget({ ...base, maxOutputTokens: Number.NaN })).toEqual({
      allowed: false,
      reason: 'invalid_limits',
    });
  });

  it('caps max_tokens at the platform ceiling', () => {
    expect(effectiveMaxOutputTokens(100_000, 4096)).toBe(4096);
    expect(effectiveMaxOutputTokens(512.7)).toBe(512);
  });

  it('estimates tokens from characters and buckets usage by UTC day', () => {
    expect(estimateTokens(['abcd', 'abcdefgh'])).toBe(1 + 4 + 2 + 4);
    expect(utcDay(Date.UTC(2026, 10, 23, 23, 59))).toBe('2026-11-23');
  });
});
