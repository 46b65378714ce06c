// The conversation as the client knows it: dedupes frames by id and seq and keeps messages ordered by seq.
import type { ChatMessage, MessageRole } from './types';

interface Entry {
  key: string;
  role: MessageRole;
  text: string;
  status: ChatMessage['status'];
  messageId?: string;
  clientMessageId?: string;
  seq?: number;
  /** Insertion order, the tie-breaker for messages without a seq yet. */
  order: number;
  /** Conversation generation: bumps when the server moves the client to a new conversation. */
  epoch: number;
}

/**
 * Applies server frames idempotently: a frame seen twice (a resent ack, a replayed message, a
 * late delta) changes nothing the second time. Every method returns the changed message, or
 * undefined when the frame was a duplicate.
 */
export class MessageStore {
  private readonly entries: Entry[] = [];
  private readonly seenSeqs = new Set<number>();
  private nextOrder = 0;
  private contiguous = 0;
  private epoch = 0;
  /** Stream ids retired when their answer was stored under another id; their late deltas are ignored. */
  private readonly retiredStreamIds = new Set<string>();

  /** The highest seq n such that 1..n were all received: the `afterSeq` of a resume. */
  get resumeAfterSeq(): number {
    return this.contiguous;
  }

  /** Messages ordered by seq; messages without a seq (sending, streaming) after them in arrival order. */
  list(): ChatMessage[] {
    return [...this.entries]
      .sort((a, b) => {
        if (a.epoch !== b.epoch) return a.epoch - b.epoch;
        if (a.seq !== undefined && b.seq !== undefined) return a.seq - b.seq;
        if (a.seq !== undefined) return -1;
        if (b.seq !== undefined) return 1;
        return a.order - b.order;
      })
      .map(toMessage);
  }

  /** User messages sent but not yet acknowledged, oldest first (to be resent after a reconnect). */
  unacknowledged(): ChatMessage[] {
    return this.entries
      .filter((e) => e.role === 'user' && e.status === 'sending')
      .sort((a, b) => a.order - b.order)
      .map(toMessage);
  }

  addLocal(clientMessageId: string, text: string): ChatMessage {
    const entry: Entry = {
      key: clientMessageId,
      role: 'user',
      text,
      status: 'sending',
      clientMessageId,
      order: this.nextOrder++,
      epoch: this.epoch,
    };
    this.entries.push(entry);
    return toMessage(entry);
  }

  ack(clientMessageId: string, messageId: string, seq: number): ChatMessage | undefined {
    const local = this.entries.find((e) => e.clientMessageId === clientMessageId);
    if (!local) return undefined;
    if (local.status === 'sent' && local.messageId === messageId && local.seq === seq) return undefined;
    const replayed = this.entries.find((e) => e !== local && e.messageId === messageId);
    if (replayed) {
      // The replay of a resume delivered this message first: keep one entry, with the local key.
      this.entries.splice(this.entries.indexOf(replayed), 1);
    }
    Object.assign(local, { messageId, seq, status: 'sent' as const, epoch: this.epoch });
    this.markSeq(seq);
    return toMessage(local);
  }

  fail(clientMessageId: string): ChatMessage | undefined {
    const local = this.entries.find((e) => e.clientMessageId === clientMessageId);
    if (!local || local.status !== 'sending') return undefined;
    local.status = 'failed';
    return toMessage(local);
  }

  delta(messageId: string, text: string): ChatMessage | undefined {
    if (this.retiredStreamIds.has(messageId)) return undefined;
    const existing = this.entries.find((e) => e.messageId === messageId);
    if (existing) {
      if (existing.status !== 'streaming') return undefined;
      existing.text += text;
      return toMessage(existing);
    }
    const entry: Entry = {
      key: messageId,
      role: 'assistant',
      text,
      status: 'streaming',
      messageId,
      order: this.nextOrder++,
      epoch: this.epoch,
    };
    this.entries.push(entry);
    return toMessage(entry);
  }

  /** `assistant.done` and replayed `message` frames: the final text of a persisted message. */
  final(messageId: string, seq: number, role: MessageRole, text: string): ChatMessage | undefined {
    const existing = this.entries.find((e) => e.messageId === messageId);
    if (existing) {
      if (existing.seq !== undefined) return undefined;
      Object.assign(existing, { seq, text, status: role === 'user' ? 'sent' : 'done' });
      this.markSeq(seq);
      return toMessage(existing);
    }
    if (this.seenSeqs.has(seq)) return undefined;
    const adopted = role === 'user' ? this.oldestUnsent(text) : undefined;
    if (adopted) {
      // A replayed user message that is still waiting for its ack here: the same message, shown once.
      Object.assign(adopted, { messageId, seq, status: 'sent' as const, epoch: this.epoch });
      this.markSeq(seq);
      return toMessage(adopted);
    }
    const entry: Entry = {
      key: messageId,
      role,
      text,
      status: role === 'user' ? 'sent' : 'done',
      messageId,
      seq,
      order: this.nextOrder++,
      epoch: this.epoch,
    };
    this.entries.push(entry);
    this.markSeq(seq);
    return toMessage(entry);
  }

  /**
   * `assistant.done`: like final(), but when no message has this id and an answer is streaming,
   * that answer is the one finishing (turns of a conversation are answered one at a time).
   */
  done(messageId: string, seq: number, text: string): ChatMessage | undefined {
    if (!this.entries.some((e) => e.messageId === messageId)) {
      const streaming = this.entries
        .filter((e) => e.status === 'streaming')
        .sort((a, b) => a.order - b.order)[0];
      if (streaming && !this.seenSeqs.has(seq)) {
        this.retiredStreamIds.add(streaming.messageId!);
        streaming.messageId = messageId;
      }
    }
    return this.final(messageId, seq, 'assistant', text);
  }

  /** Ends answers that stopped streaming because the assistant failed; returns those changed. */
  abortStreaming(): ChatMessage[] {
    const aborted = this.entries.filter((e) => e.status === 'streaming');
    for (const e of aborted) e.status = 'failed';
    return aborted.map(toMessage);
  }

  /** Forgets sequence tracking when the server moved the client to another conversation. */
  resetSequence(): void {
    this.seenSeqs.clear();
    this.contiguous = 0;
    this.epoch++;
  }

  private oldestUnsent(text: string): Entry | undefined {
    return this.entries
      .filter(
        (e) => e.role === 'user' && e.status === 'sending' && e.messageId === undefined && e.text === text,
      )
      .sort((a, b) => a.order - b.order)[0];
  }

  private markSeq(seq: number): void {
    this.seenSeqs.add(seq);
    while (this.seenSeqs.has(this.contiguous + 1)) this.contiguous++;
  }
}

function toMessage(e: Entry): ChatMessage {
  return {
    key: e.key,
    role: e.role,
    text: e.text,
    status: e.status,
    ...(e.messageId !== undefined ? { messageId: e.messageId } : {}),
    ...(e.clientMessageId !== undefined ? { clientMessageId: e.clientMessageId } : {}),
    ...(e.seq !== undefined ? { seq: e.seq } : {}),
  };
}
