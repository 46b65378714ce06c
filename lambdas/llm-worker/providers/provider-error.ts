// The one error type providers throw: a failure kind, whether a retry may help and how long to wait.
import type { LlmProviderName } from '../../shared/types';

export type ProviderFailureKind =
  | 'rate_limited'
  | 'overloaded'
  | 'server_error'
  | 'timeout'
  | 'connection'
  | 'stream_error'
  | 'truncated'
  | 'stalled'
  | 'bad_request'
  | 'auth'
  | 'not_configured'
  | 'circuit_open';

const RETRYABLE: ReadonlySet<ProviderFailureKind> = new Set([
  'rate_limited',
  'overloaded',
  'server_error',
  'timeout',
  'connection',
  'stream_error',
  'truncated',
  'stalled',
]);

export class LlmProviderError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly provider: LlmProviderName,
    readonly kind: ProviderFailureKind,
    message: string,
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(`${provider}: ${kind}: ${message}`);
    this.name = 'LlmProviderError';
    this.retryable = RETRYABLE.has(kind);
  }
}

/** Reads `retry-after-ms`, then `retry-after` (seconds or an HTTP date); undefined when absent or invalid. */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Maps an HTTP status to a failure kind. */
export function kindOfStatus(status: number | undefined, errorType?: string): ProviderFailureKind {
  if (errorType === 'overloaded_error' || status === 529 || status === 503) return 'overloaded';
  if (errorType === 'rate_limit_error' || status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status === undefined) return 'stream_error';
  if (status >= 500) return 'server_error';
  return 'bad_request';
}
