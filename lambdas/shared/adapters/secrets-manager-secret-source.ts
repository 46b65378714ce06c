// SecretSource over Secrets Manager: values cached per container with a short TTL, never logged.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock, SecretSource } from '../ports';

export interface SecretsManagerSecretSourceOptions {
  /** How long a value is reused before it is fetched again. @default 300_000 ms */
  readonly ttlMs?: number;
  readonly clock?: Clock;
}

export class SecretsManagerSecretSource implements SecretSource {
  private readonly cache = new Map<string, { value: string; fetchedAt: number }>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly ttlMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly client: SecretsManagerClient,
    options: SecretsManagerSecretSourceOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 300_000;
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  async getSecretString(secretId: string): Promise<string> {
    const cached = this.cache.get(secretId);
    if (cached && this.clock.now() - cached.fetchedAt < this.ttlMs) return cached.value;
    const pending = this.inFlight.get(secretId);
    if (pending) return pending;
    const fetching = this.fetch(secretId).finally(() => this.inFlight.delete(secretId));
    this.inFlight.set(secretId, fetching);
    return fetching;
  }

  /** Drops a cached value, e.g. after a rotation was detected. */
  invalidate(secretId: string): void {
    this.cache.delete(secretId);
  }

  private async fetch(secretId: string): Promise<string> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (typeof out.SecretString !== 'string') throw new Error(`Secret ${secretId} has no string value`);
    this.cache.set(secretId, { value: out.SecretString, fetchedAt: this.clock.now() });
    return out.SecretString;
  }
}
