// TenantStore over the tenants global table: settings and partner certificates, cached per container briefly.
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ID_PATTERN, keys, TABLES } from '../definitions';
import type { Clock, TenantStore } from '../ports';
import type { PartnerCertificate, TenantSettings } from '../types';
import * as z from '../zod-mini';

const positiveInt = z.number().check(z.int(), z.positive());

/** Shape of a tenant settings item (stored flat: `pk`, `sk`, `kind` plus the TenantSettings fields). */
export const tenantSettingsSchema = z.object({
  tenantId: z.string().check(z.regex(ID_PATTERN)),
  displayName: z.string().check(z.minLength(1), z.maxLength(200)),
  status: z.enum(['active', 'suspended']),
  allowedOrigins: z.array(z.string().check(z.maxLength(300))).check(z.maxLength(100)),
  limits: z.object({
    maxConnections: positiveInt,
    messagesPerMinutePerConnection: positiveInt,
    messagesPerSecondPerTenant: positiveInt,
    tokensPerMinute: positiveInt,
    maxOutputTokens: positiveInt,
    dailyTokenBudget: positiveInt,
    dailyCostBudgetUsd: z.number().check(z.positive()),
  }),
  llm: z.object({
    providers: z.array(
      z.object({ provider: z.enum(['openai', 'anthropic']), model: z.string().check(z.minLength(1)) }),
    ),
    instructions: z.optional(z.string()),
  }),
  mcp: z.optional(
    z.object({
      endpoint: z.string(),
      allowedHosts: z.array(z.string()),
      allowedTools: z.array(z.string()),
      clientCertificateSecretId: z.string(),
    }),
  ),
  securityContact: z.object({ name: z.string(), email: z.string() }),
  updatedAt: z.string(),
});

const certificateSchema = z.object({
  tenantId: z.string().check(z.regex(ID_PATTERN)),
  certKey: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  status: z.enum(['active', 'revoked']),
  notAfter: z.string(),
});

/** The item that stores a tenant's settings (admin API and local seeding write exactly this). */
export const tenantSettingsItem = (settings: TenantSettings): Record<string, unknown> => ({
  pk: keys.tenantPk(settings.tenantId),
  sk: keys.tenantSettingsSk,
  kind: 'tenant',
  ...settings,
});

/** The item that registers a partner certificate; the `byCertificate` index finds it by `certKey`. */
export const partnerCertificateItem = (certificate: PartnerCertificate): Record<string, unknown> => ({
  pk: keys.tenantPk(certificate.tenantId),
  sk: keys.certificateSk(certificate.certKey),
  kind: 'certificate',
  ...certificate,
});

/**
 * The claim that binds a certificate to the single tenant that registered it (`cert#<certKey>` / `claim`).
 * No `certKey` or `kind` attribute, so it stays out of the byCertificate and byTenantStatus indexes.
 */
export const certificateClaimItem = (tenantId: string, certKey: string): Record<string, unknown> => ({
  pk: keys.certificateClaimPk(certKey),
  sk: keys.certificateClaimSk,
  tenantId,
});

export interface DynamoDbTenantStoreOptions {
  /** How long settings and certificates are reused; bounds how fast a suspension applies. @default 30_000 ms */
  readonly ttlMs?: number;
  readonly clock?: Clock;
}

const MAX_CACHE_ENTRIES = 10_000;
const BY_CERTIFICATE = TABLES.tenants.globalSecondaryIndexes[0].indexName;

export class DynamoDbTenantStore implements TenantStore {
  private readonly tenants = new Map<string, { value: TenantSettings | undefined; at: number }>();
  private readonly certificates = new Map<string, { value: PartnerCertificate | undefined; at: number }>();
  private readonly ttlMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoDbTenantStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  async getTenant(tenantId: string): Promise<TenantSettings | undefined> {
    if (!ID_PATTERN.test(tenantId)) return undefined;
    return this.cached(this.tenants, tenantId, async () => {
      const out = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: keys.tenantPk(tenantId), sk: keys.tenantSettingsSk },
        }),
      );
      const parsed = tenantSettingsSchema.safeParse(out.Item);
      return parsed.success && parsed.data.tenantId === tenantId
        ? (parsed.data as TenantSettings)
        : undefined;
    });
  }

  async findCertificate(certKey: string): Promise<PartnerCertificate | undefined> {
    if (!/^[0-9a-f]{64}$/.test(certKey)) return undefined;
    return this.cached(this.certificates, certKey, async () => {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: BY_CERTIFICATE,
          KeyConditionExpression: 'certKey = :certKey',
          ExpressionAttributeValues: { ':certKey': certKey },
          Limit: 2,
        }),
      );
      const items = out.Items ?? [];
      // One certificate belongs to one tenant; an ambiguous key is treated as unknown.
      if (items.length !== 1) return undefined;
      const parsed = certificateSchema.safeParse(items[0]);
      return parsed.success ? parsed.data : undefined;
    });
  }

  /** Writes a tenant's settings (local seeding and tests; the admin API has its own use cases). */
  async putTenant(settings: TenantSettings): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: tenantSettingsItem(settings) }));
    this.tenants.delete(settings.tenantId);
  }

  /** Registers a partner certificate with its tenant claim (local seeding and tests; unconditional). */
  async putCertificate(certificate: PartnerCertificate): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: certificateClaimItem(certificate.tenantId, certificate.certKey),
      }),
    );
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: partnerCertificateItem(certificate) }),
    );
    this.certificates.delete(certificate.certKey);
  }

  private async cached<T>(
    cache: Map<string, { value: T | undefined; at: number }>,
    key: string,
    load: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const now = this.clock.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = await load();
    if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
    cache.set(key, { value, at: now });
    return value;
  }
}
