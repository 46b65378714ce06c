// Tenant-scoped AWS credentials: AssumeRole with a `tenant` session tag, cached per tenant per container (ADR 0021).
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { ID_PATTERN } from '../definitions';
import type { Clock } from '../ports';

/** Temporary credentials, structurally the SDK's AwsCredentialIdentity. */
export interface TenantCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** The shape SDK clients accept as `credentials`. */
export type TenantCredentialsProvider = () => Promise<TenantCredentials>;

/** The session tag the tenant-scoped role's policy reads as `${aws:PrincipalTag/tenant}`. */
export const TENANT_SESSION_TAG = 'tenant';

export interface StsTenantCredentialsOptions {
  /** Lifetime of one set of credentials (STS minimum 900 s). @default 900 */
  readonly durationSeconds?: number;
  /** Credentials are refreshed this long before they expire. @default 120_000 ms */
  readonly refreshMarginMs?: number;
  /** Tenants whose credentials are kept; the cache is cleared beyond it. @default 500 */
  readonly maxTenants?: number;
  readonly clock?: Clock;
}

interface CacheEntry {
  credentials?: TenantCredentials;
  pending?: Promise<TenantCredentials>;
}

/**
 * One STS call per tenant per container per ~13 minutes: the role's policy limits DynamoDB to leading
 * keys `t#<tenant>#…` and S3 to `t/<tenant>/…`, so a bug in the handler cannot reach another tenant.
 */
export class StsTenantCredentials {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly durationSeconds: number;
  private readonly refreshMarginMs: number;
  private readonly maxTenants: number;
  private readonly clock: Clock;

  constructor(
    private readonly sts: STSClient,
    private readonly roleArn: string,
    options: StsTenantCredentialsOptions = {},
  ) {
    this.durationSeconds = options.durationSeconds ?? 900;
    this.refreshMarginMs = options.refreshMarginMs ?? 120_000;
    this.maxTenants = options.maxTenants ?? 500;
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  /** A credentials provider for SDK clients that always acts as the given tenant. */
  providerFor(tenantId: string): TenantCredentialsProvider {
    if (!ID_PATTERN.test(tenantId)) throw new Error('tenant credentials: invalid tenant id');
    return () => this.credentialsFor(tenantId);
  }

  async credentialsFor(tenantId: string): Promise<TenantCredentials> {
    if (!ID_PATTERN.test(tenantId)) throw new Error('tenant credentials: invalid tenant id');
    let entry = this.cache.get(tenantId);
    if (!entry) {
      if (this.cache.size >= this.maxTenants) this.cache.clear();
      entry = {};
      this.cache.set(tenantId, entry);
    }
    const fresh = entry.credentials;
    if (fresh && fresh.expiration.getTime() - this.refreshMarginMs > this.clock.now()) return fresh;
    const current = entry;
    current.pending ??= this.assume(tenantId)
      .then((credentials) => {
        current.credentials = credentials;
        return credentials;
      })
      .finally(() => {
        current.pending = undefined;
      });
    return current.pending;
  }

  private async assume(tenantId: string): Promise<TenantCredentials> {
    const out = await this.sts.send(
      new AssumeRoleCommand({
        RoleArn: this.roleArn,
        RoleSessionName: `tenant-${tenantId}`.slice(0, 64),
        DurationSeconds: this.durationSeconds,
        Tags: [{ Key: TENANT_SESSION_TAG, Value: tenantId }],
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration)
      throw new Error('tenant credentials: STS returned no credentials');
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  }
}
