// The connection registry and limiter of the connect/disconnect entries: per tenant with scoped credentials in AWS.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbConnectionLimiter } from '../shared/adapters/dynamodb-connection-limiter';
import { DynamoDbConnectionRegistry } from '../shared/adapters/dynamodb-connection-registry';
import { StsTenantCredentials } from '../shared/adapters/sts-tenant-credentials';
import {
  TenantRoutedConnectionLimiter,
  TenantRoutedConnectionRegistry,
} from '../shared/adapters/tenant-routed-connections';
import { perTenant } from '../shared/per-tenant';
import type { ConnectionLimiter, ConnectionRegistry } from '../shared/ports';

/**
 * In AWS every sessions-table call is signed as the tenant it concerns (ADR 0021), so IAM refuses another
 * tenant's connection records and counters; locally (no role ARN) the function's own client serves all.
 */
export function tenantConnections(
  sessionsTable: string,
  tenantScopedRoleArn: string | undefined,
): { registry: ConnectionRegistry; limiter: ConnectionLimiter } {
  if (!tenantScopedRoleArn) {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    return {
      registry: new DynamoDbConnectionRegistry(doc, sessionsTable),
      limiter: new DynamoDbConnectionLimiter(doc, sessionsTable),
    };
  }
  const credentials = new StsTenantCredentials(new STSClient({}), tenantScopedRoleArn);
  const docFor = perTenant((tenantId) =>
    DynamoDBDocumentClient.from(new DynamoDBClient({ credentials: credentials.providerFor(tenantId) })),
  );
  return {
    registry: new TenantRoutedConnectionRegistry(
      perTenant((tenantId) => new DynamoDbConnectionRegistry(docFor(tenantId), sessionsTable)),
    ),
    limiter: new TenantRoutedConnectionLimiter(
      perTenant((tenantId) => new DynamoDbConnectionLimiter(docFor(tenantId), sessionsTable)),
    ),
  };
}
