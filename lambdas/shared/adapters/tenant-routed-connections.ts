// Connection registry and limiter whose every call goes to the adapter of the tenant it names (scoped credentials).
import type { ConnectionLimiter, ConnectionRegistry } from '../ports';
import type { ConnectionRecord } from '../types';

/** A ConnectionRegistry routing each call by its tenant (the record's `tenantId` for `add`). */
export class TenantRoutedConnectionRegistry implements ConnectionRegistry {
  constructor(private readonly registryFor: (tenantId: string) => ConnectionRegistry) {}

  add(connection: ConnectionRecord): Promise<void> {
    return this.registryFor(connection.tenantId).add(connection);
  }

  remove(tenantId: string, conversationId: string, connectionId: string) {
    return this.registryFor(tenantId).remove(tenantId, conversationId, connectionId);
  }

  markGone(tenantId: string, conversationId: string, connectionId: string): Promise<void> {
    return this.registryFor(tenantId).markGone(tenantId, conversationId, connectionId);
  }

  list(tenantId: string, conversationId: string): Promise<ConnectionRecord[]> {
    return this.registryFor(tenantId).list(tenantId, conversationId);
  }
}

/** A ConnectionLimiter routing each call by its tenant. */
export class TenantRoutedConnectionLimiter implements ConnectionLimiter {
  constructor(private readonly limiterFor: (tenantId: string) => ConnectionLimiter) {}

  tryOpen(tenantId: string, connectedAtMs: number, maxConnections: number): Promise<boolean> {
    return this.limiterFor(tenantId).tryOpen(tenantId, connectedAtMs, maxConnections);
  }

  release(tenantId: string, connectedAtMs: number): Promise<void> {
    return this.limiterFor(tenantId).release(tenantId, connectedAtMs);
  }
}
