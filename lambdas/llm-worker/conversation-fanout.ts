// Sends frames of one turn to the conversation's connections in order; the connection list is read once per turn.
import type { ConnectionRegistry, SocketPublisher } from '../shared/ports';
import type { ServerFrame } from '../shared/types';

export interface FanoutLogger {
  warn(message: string, ...extra: Array<Record<string, unknown>>): void;
}

/** No DynamoDB access per delta: deltas go to the cached list; final frames re-read it to reach late joiners. */
export class ConversationFanout {
  private connectionIds: string[] = [];
  private userIds = new Set<string>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly publisher: SocketPublisher,
    private readonly tenantId: string,
    private readonly conversationId: string,
    private readonly logger: FanoutLogger,
  ) {}

  /** Reads the conversation's connections. */
  async refresh(): Promise<void> {
    const connections = await this.registry.list(this.tenantId, this.conversationId);
    const mine = connections.filter(
      (c) => c.tenantId === this.tenantId && c.conversationId === this.conversationId,
    );
    this.connectionIds = mine.map((c) => c.connectionId);
    this.userIds = new Set(mine.map((c) => c.userId));
  }

  /** The conversation's end user (from the authorizer-verified connection records), if exactly one. */
  get endUserId(): string | undefined {
    return this.userIds.size === 1 ? [...this.userIds][0] : undefined;
  }

  /** Queues a frame behind the ones already queued; never throws (a broken connection never blocks the turn). */
  send(frame: ServerFrame): Promise<void> {
    this.chain = this.chain.then(() => this.post(frame));
    return this.chain;
  }

  /** Waits until every queued frame was posted. */
  drain(): Promise<void> {
    return this.chain;
  }

  private async post(frame: ServerFrame): Promise<void> {
    const ids = this.connectionIds;
    const results = await Promise.allSettled(ids.map((id) => this.publisher.post(id, frame)));
    const gone: string[] = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled' && result.value === 'gone') gone.push(ids[i]);
      if (result.status === 'rejected') this.logger.warn('Frame not delivered', { frameType: frame.type });
    });
    if (gone.length === 0) return;
    this.connectionIds = this.connectionIds.filter((id) => !gone.includes(id));
    const marked = await Promise.allSettled(
      gone.map((id) => this.registry.markGone(this.tenantId, this.conversationId, id)),
    );
    if (marked.some((m) => m.status === 'rejected'))
      this.logger.warn('Gone connection not marked', { frameType: frame.type });
  }
}
