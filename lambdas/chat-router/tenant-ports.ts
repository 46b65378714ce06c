// Builds the chat ports per tenant: DynamoDB adapters signed with that tenant's scoped credentials, cached.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbConnectionRegistry } from '../shared/adapters/dynamodb-connection-registry';
import { DynamoDbConversationStore, OwnerCache } from '../shared/adapters/dynamodb-conversation-store';
import { DynamoDbRateLimiter } from '../shared/adapters/dynamodb-rate-limiter';
import { DynamoDbTenantStore } from '../shared/adapters/dynamodb-tenant-store';
import type { StsTenantCredentials } from '../shared/adapters/sts-tenant-credentials';
import { perTenant } from '../shared/per-tenant';
import type { Clock, SocketPublisher, TurnQueue } from '../shared/ports';
import type { ChatRouterEnv } from './env';
import type { ChatPorts } from './use-cases/chat-ports';

/** A conversation's verified owner is remembered this long per container (owners never change). */
export const ROUTER_OWNER_CACHE_MS = 300_000;

export interface TenantPortsDeps {
  readonly env: ChatRouterEnv;
  readonly publisher: SocketPublisher;
  readonly turns: TurnQueue;
  /** Scoped credentials; absent locally, where `sharedDoc` serves every tenant. */
  readonly credentials?: StsTenantCredentials;
  /** The function's own document client (local runtime only). */
  readonly sharedDoc: DynamoDBDocumentClient;
  readonly clock?: Clock;
  /** Tenants kept per container before the cache is cleared. @default 200 */
  readonly maxTenants?: number;
}

/** Returns ChatPorts whose DynamoDB calls can only touch the tenant's own keys (enforced by IAM in AWS). */
export function tenantPortsFactory(deps: TenantPortsDeps): (tenantId: string) => ChatPorts {
  // One bounded owner cache for the container, shared by every tenant's store (keys carry the tenant).
  const ownerCache = new OwnerCache();
  const clock = deps.clock ?? { now: () => Date.now() };
  return perTenant((tenantId): ChatPorts => {
    const doc = deps.credentials
      ? DynamoDBDocumentClient.from(
          new DynamoDBClient({
            region: deps.env.region,
            credentials: deps.credentials.providerFor(tenantId),
          }),
          { marshallOptions: { removeUndefinedValues: true } },
        )
      : deps.sharedDoc;
    return {
      conversations: new DynamoDbConversationStore(doc, deps.env.conversationsTable, deps.env.retentionDays, {
        ownerCacheMs: ROUTER_OWNER_CACHE_MS,
        ownerCache,
        clock,
      }),
      connections: new DynamoDbConnectionRegistry(doc, deps.env.sessionsTable, clock),
      rateLimiter: new DynamoDbRateLimiter(doc, deps.env.sessionsTable, clock),
      tenants: new DynamoDbTenantStore(doc, deps.env.tenantsTable, { clock }),
      publisher: deps.publisher,
      turns: deps.turns,
      clock,
    };
  }, deps.maxTenants ?? 200);
}
