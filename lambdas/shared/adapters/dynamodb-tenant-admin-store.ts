// TenantAdminStore over DynamoDB: conditional writes of tenant settings and partner certificates, usage reads.
import { isConditionalCheckFailed } from './dynamodb-errors';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { CertificateClaimedError, ConflictError, type TenantAdminStore, type UsageDay } from '../admin-ports';
import { keys } from '../definitions';
import { certificateClaimItem } from './dynamodb-tenant-store';
import type { PartnerCertificate, TenantSettings } from '../types';

/** `kind` attribute of tenant items: the partition key of the byTenantStatus index. */
export const TENANT_KIND = 'tenant';
export const CERTIFICATE_KIND = 'certificate';

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'kind']);

function strip<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.has(name))) as T;
}

/** Maps a lost condition to ConflictError and rethrows anything else. */
async function conditional<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw new ConflictError((error as Error).message);
    throw error;
  }
}

/**
 * Item shapes (the token API's TenantStore reads the same ones):
 * - settings: `{ pk: t#<tenant>, sk: 'tenant', kind: 'tenant', ...TenantSettings }`
 * - certificate: `{ pk: t#<tenant>, sk: cert#<certKey>, kind: 'certificate', ...PartnerCertificate }` (certKey feeds byCertificate)
 * - certificate claim: `{ pk: cert#<certKey>, sk: 'claim', tenantId }`: binds a certificate to one tenant, kept on revocation
 * - usage: `{ pk: t#<tenant>, sk: usage#<YYYY-MM-DD>, <counter>: number, … }`
 */
export class DynamoDbTenantAdminStore implements TenantAdminStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getTenant(tenantId: string): Promise<TenantSettings | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.tenantPk(tenantId), sk: keys.tenantSettingsSk },
        ConsistentRead: true,
      }),
    );
    return out.Item ? strip<TenantSettings>(out.Item) : undefined;
  }

  async createTenant(settings: TenantSettings): Promise<void> {
    await conditional(
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.tenantItem(settings),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async replaceTenant(settings: TenantSettings, expectedUpdatedAt: string): Promise<void> {
    await conditional(
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.tenantItem(settings),
          ConditionExpression: 'attribute_exists(pk) AND updatedAt = :expected',
          ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
        }),
      ),
    );
  }

  async listTenants(): Promise<TenantSettings[]> {
    const tenants: TenantSettings[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byTenantStatus',
          KeyConditionExpression: 'kind = :kind',
          ExpressionAttributeValues: { ':kind': TENANT_KIND },
          ExclusiveStartKey: startKey,
        }),
      );
      tenants.push(...(out.Items ?? []).map((item) => strip<TenantSettings>(item)));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return tenants.sort((a, b) => a.tenantId.localeCompare(b.tenantId));
  }

  async listCertificates(tenantId: string): Promise<PartnerCertificate[]> {
    return this.queryPrefix<PartnerCertificate>(tenantId, 'cert#');
  }

  async getCertificate(tenantId: string, certKey: string): Promise<PartnerCertificate | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.tenantPk(tenantId), sk: keys.certificateSk(certKey) },
        ConsistentRead: true,
      }),
    );
    return out.Item ? strip<PartnerCertificate>(out.Item) : undefined;
  }

  /**
   * No transactions (dynalite has none), so two conditional puts in a safe order:
   * 1. claim `cert#<certKey>` for this tenant if nobody holds it; held by another tenant → CertificateClaimedError
   *    (nothing written); held by this tenant already → continue.
   * 2. put the tenant's certificate record if absent. If that fails, a claim made in step 1 is removed
   *    again, unless the record exists (this tenant holds the certificate, so the claim is right).
   * A crash between the steps leaves a claim for this tenant only: it blocks other tenants, and this
   * tenant's retry passes step 1 and completes step 2.
   */
  async putCertificate(certificate: PartnerCertificate): Promise<void> {
    const claimedNow = await this.claimCertificate(certificate.tenantId, certificate.certKey);
    try {
      await conditional(
        this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              pk: keys.tenantPk(certificate.tenantId),
              sk: keys.certificateSk(certificate.certKey),
              kind: CERTIFICATE_KIND,
              ...certificate,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (error) {
      if (claimedNow && !(error instanceof ConflictError)) {
        await this.releaseClaim(certificate.tenantId, certificate.certKey).catch(() => undefined);
      }
      throw error;
    }
  }

  /** true when this call created the claim, false when the tenant already held it. */
  private async claimCertificate(tenantId: string, certKey: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: certificateClaimItem(tenantId, certKey),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.certificateClaimPk(certKey), sk: keys.certificateClaimSk },
        ConsistentRead: true,
      }),
    );
    if (out.Item?.tenantId === tenantId) return false;
    throw new CertificateClaimedError('certificate is registered to another tenant');
  }

  /** Removes this tenant's claim (only this tenant's: a conditional delete). */
  private async releaseClaim(tenantId: string, certKey: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: keys.certificateClaimPk(certKey), sk: keys.certificateClaimSk },
        ConditionExpression: 'tenantId = :tenant',
        ExpressionAttributeValues: { ':tenant': tenantId },
      }),
    );
  }

  /** Revocation keeps the claim: a revoked certificate stays bound to its tenant. */
  async revokeCertificate(tenantId: string, certKey: string): Promise<void> {
    await conditional(
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.tenantPk(tenantId), sk: keys.certificateSk(certKey) },
          UpdateExpression: 'SET #status = :revoked',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':revoked': 'revoked' },
        }),
      ),
    );
  }

  async listUsage(tenantId: string, fromDay: string, toDay: string): Promise<UsageDay[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.tenantPk(tenantId),
          ':from': keys.usageSk(fromDay),
          ':to': keys.usageSk(toDay),
        },
      }),
    );
    return (out.Items ?? []).map((item) => ({
      day: String(item.sk).slice('usage#'.length),
      counters: Object.fromEntries(
        Object.entries(item).filter(
          (e): e is [string, number] => typeof e[1] === 'number' && !KEY_ATTRIBUTES.has(e[0]),
        ),
      ),
    }));
  }

  private tenantItem(settings: TenantSettings): Record<string, unknown> {
    return {
      pk: keys.tenantPk(settings.tenantId),
      sk: keys.tenantSettingsSk,
      kind: TENANT_KIND,
      ...settings,
    };
  }

  private async queryPrefix<T>(tenantId: string, skPrefix: string): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.tenantPk(tenantId), ':prefix': skPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []).map((item) => strip<T>(item)));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
