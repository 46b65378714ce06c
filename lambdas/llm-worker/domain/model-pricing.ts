// List prices per million tokens used for cost budgets; unknown models get a deliberately high default.

export interface ModelPrice {
  readonly inputPerMillionUsd: number;
  readonly outputPerMillionUsd: number;
}

/**
 * Price table by model family. A model matches a family when its name is the family name, optionally
 * followed only by version or date parts (`-4-5`, `-20250929`, `-2024-08-06`); the longest family wins.
 * Anything else (`gpt-5-pro`, `gpt-4o-audio-preview`) is unknown and gets DEFAULT_PRICE, so a pricier
 * variant can never be charged at its cheaper family's price. Update with the providers' price lists.
 */
const PRICES: Record<string, ModelPrice> = {
  'gpt-4o-mini': { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
  'gpt-4o': { inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 },
  // A dated version priced above its family needs its own entry (the longest match wins).
  'gpt-4o-2024-05-13': { inputPerMillionUsd: 5, outputPerMillionUsd: 15 },
  'gpt-4.1-mini': { inputPerMillionUsd: 0.4, outputPerMillionUsd: 1.6 },
  'gpt-4.1': { inputPerMillionUsd: 2, outputPerMillionUsd: 8 },
  'gpt-5-mini': { inputPerMillionUsd: 0.25, outputPerMillionUsd: 2 },
  'gpt-5': { inputPerMillionUsd: 1.25, outputPerMillionUsd: 10 },
  'claude-haiku': { inputPerMillionUsd: 1, outputPerMillionUsd: 5 },
  'claude-3-5-haiku': { inputPerMillionUsd: 0.8, outputPerMillionUsd: 4 },
  'claude-sonnet': { inputPerMillionUsd: 3, outputPerMillionUsd: 15 },
  'claude-opus': { inputPerMillionUsd: 15, outputPerMillionUsd: 75 },
  fake: { inputPerMillionUsd: 1, outputPerMillionUsd: 2 },
};

/** Used for models missing from the table, so an unknown model cannot run up an unbounded bill. */
export const DEFAULT_PRICE: ModelPrice = { inputPerMillionUsd: 15, outputPerMillionUsd: 75 };

/** What may follow a family name: dash-separated numeric version or date parts, or a `-latest` alias. */
const VERSION_SUFFIX = /^(?:-\d+(?:\.\d+)*)*(?:-latest)?$/;

export function priceOf(model: string): ModelPrice {
  const match = Object.keys(PRICES)
    .filter((family) => model.startsWith(family) && VERSION_SUFFIX.test(model.slice(family.length)))
    .sort((a, b) => b.length - a.length)[0];
  return match ? PRICES[match] : DEFAULT_PRICE;
}

export function costUsd(model: string, inputTokens: number, outputTokens: number): number {
  const p = priceOf(model);
  return (inputTokens * p.inputPerMillionUsd + outputTokens * p.outputPerMillionUsd) / 1_000_000;
}
