// Plain in-memory fakes of the chat ports for use-case and broadcast tests.
import type {
  ConnectionRegistry,
  ConversationStore,
  RateLimiter,
  SocketPublisher,
  TenantStore,
  TurnQueue,
  AppendMessageInput,
} from '../../../lambdas/shared/ports';
import type {
  ConnectionRecord,
  ConversationTurn,
  PartnerCertificate,
  ServerFrame,
  StoredMessage,
  TenantSettings,
} from '../../../lambdas/shared/types';

export class FakeConnectionRegistry implements ConnectionRegistry {
  readonly records = new Map<string, ConnectionRecord>();
  failRemove = false;
  failAdd = false;
  private key = (t: string, c: string, id: string) => `${t}|${c}|${id}`;

  async add(connection: ConnectionRecord): Promise<void> {
    if (this.failAdd) throw new Error('registry unavailable');
    this.records.set(
      this.key(connection.tenantId, connection.conversationId, connection.connectionId),
      connection,
    );
  }
  async remove(
    tenantId: string,
    conversationId: string,
    connectionId: string,
  ): Promise<ConnectionRecord | undefined> {
    if (this.failRemove) throw new Error('registry unavailable');
    const key = this.key(tenantId, conversationId, connectionId);
    const record = this.records.get(key);
    this.records.delete(key);
    return record;
  }
  /** A gone connection leaves list() (the adapter marks it; the fake drops it). */
  async markGone(tenantId: string, conversationId: string, connectionId: string): Promise<void> {
    if (this.failRemove) throw new Error('registry unavailable');
    this.records.delete(this.key(tenantId, conversationId, connectionId));
  }
  async list(tenantId: string, conversationId: string): Promise<ConnectionRecord[]> {
    return [...this.records.values()].filter(
      (r) => r.tenantId === tenantId && r.conversationId === conversationId,
    );
  }
  connect(tenantId: string, conversationId: string, connectionId: string, userId = 'user-1'): void {
    void this.add({
      tenantId,
      conversationId,
      connectionId,
      userId,
      connectedAt: new Date(0).toISOString(),
      expiresAt: 4_000_000_000,
    });
  }
}

/** Records every post; connections listed in `gone` answer 410, those in `failing` throw. */
export class FakeSocketPublisher implements SocketPublisher {
  readonly posts: Array<{ connectionId: string; frame: ServerFrame }> = [];
  readonly gone = new Set<string>();
  readonly failing = new Set<string>();

  async post(connectionId: string, frame: ServerFrame): Promise<'sent' | 'gone'> {
    if (this.failing.has(connectionId)) throw new Error(`socket ${connectionId} unreachable`);
    if (this.gone.has(connectionId)) return 'gone';
    this.posts.push({ connectionId, frame });
    return 'sent';
  }
  framesTo(connectionId: string): ServerFrame[] {
    return this.posts.filter((p) => p.connectionId === connectionId).map((p) => p.frame);
  }
}

export class FakeTurnQueue implements TurnQueue {
  readonly turns: ConversationTurn[] = [];
  fail = false;
  async enqueue(turn: ConversationTurn): Promise<void> {
    if (this.fail) throw new Error('queue unavailable');
    this.turns.push(turn);
  }
}

/** Counts per tenant+scope; windows are ignored (a test resets the fake instead). */
export class FakeRateLimiter implements RateLimiter {
  readonly counts = new Map<string, number>();
  readonly calls: Array<{ tenantId: string; scope: string; limit: number; windowSeconds: number }> = [];
  async tryConsume(tenantId: string, scope: string, limit: number, windowSeconds: number): Promise<boolean> {
    this.calls.push({ tenantId, scope, limit, windowSeconds });
    const key = `${tenantId}|${scope}`;
    const next = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, next);
    return next <= limit;
  }
}

/** A ConversationStore fake with the same contract: gap-free seq, idempotent keys, tenant-scoped partitions. */
export class FakeConversationStore implements ConversationStore {
  readonly messages = new Map<string, StoredMessage[]>();
  private readonly byKey = new Map<string, StoredMessage>();
  private readonly owners = new Map<string, string>();
  private nextId = 0;
  failAppend = false;
  /** Every append's input, in order. */
  readonly appendInputs: AppendMessageInput[] = [];

  async appendMessage(input: AppendMessageInput): Promise<{ message: StoredMessage; duplicate: boolean }> {
    if (this.failAppend) throw new Error('table unavailable');
    this.appendInputs.push(input);
    const conv = `${input.tenantId}|${input.conversationId}`;
    const lastSeq = this.messages.get(conv)?.length ?? 0;
    // The contract: a hint is a seq that exists (never above the last), or the store would leave a gap.
    if (input.knownLastSeq !== undefined && input.knownLastSeq > lastSeq)
      throw new Error(`knownLastSeq ${input.knownLastSeq} is above the last seq ${lastSeq}`);
    const existing = this.byKey.get(`${conv}|${input.idempotencyKey}`);
    if (existing) return { message: existing, duplicate: true };
    const list = this.messages.get(conv) ?? [];
    const message: StoredMessage = {
      tenantId: input.tenantId,
      conversationId: input.conversationId,
      messageId: `msg-${++this.nextId}`,
      seq: list.length + 1,
      role: input.role,
      text: input.text,
      ...(input.role === 'user' ? { clientMessageId: input.idempotencyKey } : {}),
      createdAt: new Date(0).toISOString(),
      status: input.status ?? 'complete',
    };
    list.push(message);
    this.messages.set(conv, list);
    this.byKey.set(`${conv}|${input.idempotencyKey}`, message);
    return { message, duplicate: false };
  }
  async listMessagesAfter(
    tenantId: string,
    conversationId: string,
    afterSeq: number,
    limit: number,
  ): Promise<StoredMessage[]> {
    return (this.messages.get(`${tenantId}|${conversationId}`) ?? [])
      .filter((m) => m.seq > afterSeq)
      .slice(0, limit);
  }
  async recentMessages(tenantId: string, conversationId: string, limit: number): Promise<StoredMessage[]> {
    return (this.messages.get(`${tenantId}|${conversationId}`) ?? []).slice(-limit);
  }
  async claimConversation(
    tenantId: string,
    conversationId: string,
    userId: string,
  ): Promise<'created' | 'owned' | 'foreign'> {
    const key = `${tenantId}|${conversationId}`;
    const owner = this.owners.get(key);
    if (!owner) {
      this.owners.set(key, userId);
      return 'created';
    }
    return owner === userId ? 'owned' : 'foreign';
  }
}

/** Settings of an active demo tenant with generous limits unless overridden. */
export function tenantSettings(
  tenantId: string,
  overrides: Partial<TenantSettings['limits']> = {},
  status: TenantSettings['status'] = 'active',
): TenantSettings {
  return {
    tenantId,
    displayName: tenantId,
    status,
    allowedOrigins: ['https://partner.example'],
    limits: {
      maxConnections: 1000,
      messagesPerMinutePerConnection: 100,
      messagesPerSecondPerTenant: 100,
      tokensPerMinute: 100,
      maxOutputTokens: 1000,
      dailyTokenBudget: 1_000_000,
      dailyCostBudgetUsd: 100,
      ...overrides,
    },
    llm: { providers: [{ provider: 'openai', model: 'gpt-test' }] },
    securityContact: { name: 'Sec', email: 'sec@partner.example' },
    updatedAt: new Date(0).toISOString(),
  };
}

export class FakeTenantStore implements TenantStore {
  readonly tenants = new Map<string, TenantSettings>();
  constructor(...settings: TenantSettings[]) {
    for (const s of settings) this.tenants.set(s.tenantId, s);
  }
  async getTenant(tenantId: string): Promise<TenantSettings | undefined> {
    return this.tenants.get(tenantId);
  }
  async findCertificate(): Promise<PartnerCertificate | undefined> {
    return undefined;
  }
}
