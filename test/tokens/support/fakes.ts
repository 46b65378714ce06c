// Plain in-memory fakes of the ports the token issuer, authorizer and connection handlers use.
import { Logger } from '@aws-lambda-powertools/logger';
import type {
  ConnectionRegistry,
  ConversationStore,
  RateLimiter,
  TenantStore,
  TokenIdLedger,
} from '../../../lambdas/shared/ports';
import type { ConnectionRecord, PartnerCertificate, TenantSettings } from '../../../lambdas/shared/types';

export class FakeTenantStore implements TenantStore {
  readonly tenants = new Map<string, TenantSettings>();
  readonly certificates = new Map<string, PartnerCertificate>();
  lookups = 0;
  async getTenant(tenantId: string) {
    this.lookups += 1;
    return this.tenants.get(tenantId);
  }
  async findCertificate(certKey: string) {
    return this.certificates.get(certKey);
  }
}

export class FakeRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, number>();
  async tryConsume(tenantId: string, scope: string, limit: number) {
    const key = `${tenantId}|${scope}`;
    const next = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, next);
    return next <= limit;
  }
}

export class FakeConversations implements Pick<ConversationStore, 'claimConversation'> {
  readonly owners = new Map<string, string>();
  async claimConversation(tenantId: string, conversationId: string, userId: string) {
    const key = `${tenantId}|${conversationId}`;
    const owner = this.owners.get(key);
    if (owner === undefined) {
      this.owners.set(key, userId);
      return 'created' as const;
    }
    return owner === userId ? ('owned' as const) : ('foreign' as const);
  }
}

export class FakeLedger implements TokenIdLedger {
  readonly used = new Set<string>();
  async consumeOnce(tenantId: string, jti: string) {
    const key = `${tenantId}|${jti}`;
    if (this.used.has(key)) return false;
    this.used.add(key);
    return true;
  }
}

export class FakeConnectionRegistry implements ConnectionRegistry {
  readonly records = new Map<string, ConnectionRecord>();
  async add(connection: ConnectionRecord) {
    this.records.set(connection.connectionId, connection);
  }
  async remove(_tenantId: string, _conversationId: string, connectionId: string) {
    const record = this.records.get(connectionId);
    this.records.delete(connectionId);
    return record;
  }
  async markGone(_tenantId: string, _conversationId: string, connectionId: string) {
    this.records.delete(connectionId);
  }
  async list(tenantId: string, conversationId: string) {
    return [...this.records.values()].filter(
      (r) => r.tenantId === tenantId && r.conversationId === conversationId,
    );
  }
}

/** A logger that records what was logged, so tests can assert no token material leaks. */
export function recordingLogger() {
  const lines: string[] = [];
  const logger = new Logger({
    serviceName: 'test',
    logLevel: 'INFO',
    logFormatter: undefined,
  });
  for (const level of ['info', 'warn', 'error', 'debug'] as const) {
    const original = logger[level].bind(logger);
    jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
      lines.push(JSON.stringify(args, (_k, v) => (v instanceof Error ? v.message : v)));
      void original;
    });
  }
  return { logger, lines };
}
