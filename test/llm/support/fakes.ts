// Plain in-memory fakes of the worker's ports for use-case tests.
import type {
  KnowledgeDocument,
  KnowledgeSource,
  UsageLedger,
  UsageTotals,
} from '../../../lambdas/llm-worker/ports';
import type {
  AppendMessageInput,
  ConnectionRegistry,
  ConversationStore,
  SocketPublisher,
  TenantStore,
} from '../../../lambdas/shared/ports';
import type {
  ConnectionRecord,
  PartnerCertificate,
  ServerFrame,
  StoredMessage,
  TenantSettings,
} from '../../../lambdas/shared/types';

export class MemoryConversationStore implements ConversationStore {
  readonly messages: StoredMessage[] = [];
  private readonly byKey = new Map<string, StoredMessage>();
  appendCalls = 0;

  async appendMessage(input: AppendMessageInput): Promise<{ message: StoredMessage; duplicate: boolean }> {
    this.appendCalls += 1;
    const key = `${input.tenantId}|${input.conversationId}|${input.idempotencyKey}`;
    const existing = this.byKey.get(key);
    if (existing) return { message: existing, duplicate: true };
    const seq =
      this.messages.filter((m) => m.tenantId === input.tenantId && m.conversationId === input.conversationId)
        .length + 1;
    const message: StoredMessage = {
      tenantId: input.tenantId,
      conversationId: input.conversationId,
      messageId: input.messageId ?? `m-${seq}`,
      seq,
      role: input.role,
      text: input.text,
      clientMessageId: input.idempotencyKey,
      createdAt: new Date(0).toISOString(),
      status: input.status ?? 'complete',
      ...(input.errorCode ? { errorCode: input.errorCode } : {}),
    };
    this.messages.push(message);
    this.byKey.set(key, message);
    return { message, duplicate: false };
  }

  async listMessagesAfter(tenantId: string, conversationId: string, afterSeq: number, limit: number) {
    return this.of(tenantId, conversationId)
      .filter((m) => m.seq > afterSeq)
      .slice(0, limit);
  }

  async recentMessages(tenantId: string, conversationId: string, limit: number) {
    return this.of(tenantId, conversationId).slice(-limit);
  }

  async claimConversation(): Promise<'created'> {
    return 'created';
  }

  private of(tenantId: string, conversationId: string): StoredMessage[] {
    return this.messages
      .filter((m) => m.tenantId === tenantId && m.conversationId === conversationId)
      .sort((a, b) => a.seq - b.seq);
  }
}

export class MemoryConnections implements ConnectionRegistry, SocketPublisher {
  readonly records: ConnectionRecord[] = [];
  readonly frames: Array<{ connectionId: string; frame: ServerFrame }> = [];
  readonly goneIds = new Set<string>();
  listCalls = 0;

  connect(tenantId: string, conversationId: string, connectionId: string): void {
    this.records.push({
      tenantId,
      conversationId,
      connectionId,
      userId: 'u1',
      connectedAt: '',
      expiresAt: 0,
    });
  }

  async add(connection: ConnectionRecord): Promise<void> {
    this.records.push(connection);
  }

  async remove(
    tenantId: string,
    conversationId: string,
    connectionId: string,
  ): Promise<ConnectionRecord | undefined> {
    const i = this.records.findIndex(
      (r) =>
        r.tenantId === tenantId && r.conversationId === conversationId && r.connectionId === connectionId,
    );
    return i >= 0 ? this.records.splice(i, 1)[0] : undefined;
  }

  /** A gone connection leaves list() (the adapter marks it; the fake drops it). */
  async markGone(tenantId: string, conversationId: string, connectionId: string): Promise<void> {
    await this.remove(tenantId, conversationId, connectionId);
  }

  async list(tenantId: string, conversationId: string): Promise<ConnectionRecord[]> {
    this.listCalls += 1;
    return this.records.filter((r) => r.tenantId === tenantId && r.conversationId === conversationId);
  }

  async post(connectionId: string, frame: ServerFrame): Promise<'sent' | 'gone'> {
    if (this.goneIds.has(connectionId)) return 'gone';
    this.frames.push({ connectionId, frame });
    return 'sent';
  }

  framesFor(connectionId: string): ServerFrame[] {
    return this.frames.filter((f) => f.connectionId === connectionId).map((f) => f.frame);
  }
}

export class MemoryTenants implements TenantStore {
  constructor(private readonly tenants: TenantSettings[]) {}
  async getTenant(tenantId: string) {
    return this.tenants.find((t) => t.tenantId === tenantId);
  }
  async findCertificate(): Promise<PartnerCertificate | undefined> {
    return undefined;
  }
}

export class MemoryKnowledge implements KnowledgeSource {
  readonly requestedTenants: string[] = [];
  constructor(private readonly byTenant: Record<string, KnowledgeDocument[]>) {}
  async listDocuments(tenantId: string) {
    this.requestedTenants.push(tenantId);
    return this.byTenant[tenantId] ?? [];
  }
}

export class MemoryUsage implements UsageLedger {
  readonly totals = new Map<string, UsageTotals>();
  async getDailyUsage(tenantId: string, day: string) {
    return this.totals.get(`${tenantId}|${day}`) ?? { tokens: 0, costUsd: 0 };
  }
  async addUsage(tenantId: string, day: string, usage: UsageTotals) {
    const current = await this.getDailyUsage(tenantId, day);
    this.totals.set(`${tenantId}|${day}`, {
      tokens: current.tokens + usage.tokens,
      costUsd: current.costUsd + usage.costUsd,
    });
  }
}

export const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function tenant(tenantId: string, overrides: Partial<TenantSettings> = {}): TenantSettings {
  return {
    tenantId,
    displayName: `${tenantId} Ltd`,
    status: 'active',
    allowedOrigins: ['https://example.com'],
    limits: {
      maxConnections: 100,
      messagesPerMinutePerConnection: 30,
      messagesPerSecondPerTenant: 10,
      tokensPerMinute: 60,
      maxOutputTokens: 512,
      dailyTokenBudget: 1_000_000,
      dailyCostBudgetUsd: 50,
    },
    llm: {
      providers: [
        { provider: 'openai', model: 'fake-gpt' },
        { provider: 'anthropic', model: 'fake-claude' },
      ],
    },
    securityContact: { name: 'Sec', email: 'sec@example.com' },
    updatedAt: new Date(0).toISOString(),
    ...overrides,
  };
}
