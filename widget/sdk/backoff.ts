// Exponential reconnect backoff with "equal jitter": half the delay fixed, half random.
import type { BackoffOptions } from './types';

export const DEFAULT_BACKOFF: Required<BackoffOptions> = {
  initialDelayMs: 500,
  maxDelayMs: 15_000,
  factor: 2,
  maxAttempts: 8,
};

/** Delay before reconnect `attempt` (1-based): within [d/2, d] where d = min(max, initial·factor^(attempt-1)). */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const { initialDelayMs, maxDelayMs, factor } = { ...DEFAULT_BACKOFF, ...options };
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  const ceiling = Math.min(maxDelayMs, initialDelayMs * factor ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
