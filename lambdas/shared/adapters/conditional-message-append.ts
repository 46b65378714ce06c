// The gap-free, idempotent append of ADR 0020: claim the key, win the next seq, complete the claim.
import { randomUUID } from 'node:crypto';
import { AppendInProgressError } from '../conversation-errors';
import { keys } from '../definitions';
import type { AppendMessageInput, IdGenerator } from '../ports';
import type { StoredMessage } from '../types';
import { toStoredMessage, type ConversationTable, type MessageItem } from './conversation-table';

export interface ConditionalMessageAppendOptions {
  /**
   * Age after which a pending idempotency claim is treated as abandoned (its writer crashed) and taken
   * over. Must exceed the longest Lambda timeout of any writer so a live writer is never overtaken.
   * @default 130_000 ms (worker timeout 120 s + slack)
   */
  readonly claimTakeoverMs?: number;
  /** How long a duplicate waits for a fresh pending claim to complete. @default 3_000 ms */
  readonly pendingWaitMs?: number;
  /** Attempts to win the next seq under contention. @default 60 */
  readonly maxSeqAttempts?: number;
  readonly ids?: IdGenerator;
}

interface ClaimRecord {
  readonly state: 'pending' | 'complete';
  readonly messageId: string;
  readonly claimToken: string;
  readonly claimedAt: number;
  /** Highest seq that existed before the claim: any message of this claim has a higher seq. */
  readonly floorSeq: number;
  readonly seq?: number;
}

type AppendResult = { message: StoredMessage; duplicate: boolean };

export class ConditionalMessageAppend {
  private readonly claimTakeoverMs: number;
  private readonly pendingWaitMs: number;
  private readonly maxSeqAttempts: number;
  private readonly ids: IdGenerator;

  constructor(
    private readonly table: ConversationTable,
    options: ConditionalMessageAppendOptions = {},
  ) {
    this.claimTakeoverMs = options.claimTakeoverMs ?? 130_000;
    this.pendingWaitMs = options.pendingWaitMs ?? 3_000;
    this.maxSeqAttempts = options.maxSeqAttempts ?? 60;
    this.ids = options.ids ?? { newId: () => randomUUID() };
  }

  /**
   * 1. read the last seq L; 2. claim `cmid#<key>` (pending, floorSeq L) or find the existing claim;
   * 3. put `msg#(last+1)` if absent, re-reading last on conflict; 4. mark the claim complete.
   * A stale pending claim (crashed writer) is taken over: its message is found above floorSeq or written.
   */
  async append(input: AppendMessageInput): Promise<AppendResult> {
    const pk = keys.conversationPk(input.tenantId, input.conversationId);
    const claimSk = keys.clientMessageSk(input.idempotencyKey);
    const claim: ClaimRecord = {
      state: 'pending',
      floorSeq: isSeq(input.knownLastSeq) ? input.knownLastSeq : await this.table.lastSeq(pk),
      messageId: input.messageId ?? this.ids.newId(),
      claimToken: randomUUID(),
      claimedAt: this.table.clock.now(),
    };
    if (await this.table.putIfAbsent({ pk, sk: claimSk, kind: 'claim', ...claim }))
      return {
        message: await this.writeMessage(pk, claimSk, claim, input, claim.floorSeq),
        duplicate: false,
      };
    return this.resolveExistingClaim(pk, claimSk, input);
  }

  private async resolveExistingClaim(
    pk: string,
    claimSk: string,
    input: AppendMessageInput,
  ): Promise<AppendResult> {
    const clock = this.table.clock;
    const deadline = clock.now() + this.pendingWaitMs;
    for (let attempt = 0; ; attempt++) {
      const existing = (await this.table.get(pk, claimSk)) as ClaimRecord | undefined;
      if (!existing) throw new Error(`Claim ${claimSk} vanished while resolving a duplicate`);
      if (existing.state === 'complete' && existing.seq !== undefined) {
        const stored = await this.table.get(pk, keys.messageSk(existing.seq));
        if (!stored) throw new Error(`Message ${existing.seq} of a completed claim is missing`);
        return { message: toStoredMessage(stored as unknown as MessageItem), duplicate: true };
      }
      if (clock.now() - existing.claimedAt >= this.claimTakeoverMs) {
        const taken = await this.takeOver(pk, claimSk, existing);
        if (taken) return this.finishTakenOverClaim(pk, claimSk, taken, input);
        continue; // someone else took it over or completed it first: read again
      }
      if (clock.now() >= deadline) throw new AppendInProgressError(input.idempotencyKey);
      await sleep(Math.min(200, 20 * 2 ** attempt));
    }
  }

  /** Completes an abandoned claim: reuses the message its writer already stored, or stores it now. */
  private async finishTakenOverClaim(
    pk: string,
    claimSk: string,
    claim: ClaimRecord,
    input: AppendMessageInput,
  ): Promise<AppendResult> {
    const written = await this.findMessageAbove(pk, claim.floorSeq, claim.messageId);
    if (written) {
      await this.complete(pk, claimSk, claim, written.seq);
      return { message: written, duplicate: true };
    }
    return { message: await this.writeMessage(pk, claimSk, claim, input), duplicate: false };
  }

  /** Replaces the stale claim's token; only one taker wins. */
  private async takeOver(pk: string, claimSk: string, stale: ClaimRecord): Promise<ClaimRecord | undefined> {
    const claimToken = randomUUID();
    const claimedAt = this.table.clock.now();
    const won = await this.table.update({
      Key: { pk, sk: claimSk },
      UpdateExpression: 'SET claimToken = :new, claimedAt = :now',
      ConditionExpression: '#state = :pending AND claimToken = :old',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':new': claimToken,
        ':now': claimedAt,
        ':pending': 'pending',
        ':old': stale.claimToken,
      },
    });
    return won ? { ...stale, claimToken, claimedAt } : undefined;
  }

  /**
   * Puts the message at the next free seq (gap-free: seq N is only tried once N-1 exists), then completes
   * the claim. `knownLastSeq` is a last seq just read by the caller: the first attempt uses it instead of
   * reading again (a stale value only costs one conditional-put conflict and a re-read).
   */
  private async writeMessage(
    pk: string,
    claimSk: string,
    claim: ClaimRecord,
    input: AppendMessageInput,
    knownLastSeq?: number,
  ): Promise<StoredMessage> {
    let seq = (knownLastSeq ?? (await this.table.lastSeq(pk))) + 1;
    for (let attempt = 0; attempt < this.maxSeqAttempts; attempt++) {
      const message: MessageItem = {
        tenantId: input.tenantId,
        conversationId: input.conversationId,
        messageId: claim.messageId,
        seq,
        role: input.role,
        text: input.text,
        ...(input.role === 'user' ? { clientMessageId: input.idempotencyKey } : {}),
        idempotencyKey: input.idempotencyKey,
        createdAt: new Date(this.table.clock.now()).toISOString(),
        status: input.status ?? 'complete',
        ...(input.errorCode ? { errorCode: input.errorCode } : {}),
      };
      if (await this.table.putIfAbsent({ pk, sk: keys.messageSk(seq), kind: 'message', ...message })) {
        await this.complete(pk, claimSk, claim, seq);
        return toStoredMessage(message);
      }
      await sleep(Math.floor(Math.random() * Math.min(100, 5 * 2 ** attempt)));
      seq = (await this.table.lastSeq(pk)) + 1;
    }
    throw new Error(
      `Could not allocate a seq for ${input.idempotencyKey} after ${this.maxSeqAttempts} attempts`,
    );
  }

  /** Marks the claim complete; a lost condition means it was overtaken, and the taker finds this message. */
  private async complete(pk: string, claimSk: string, claim: ClaimRecord, seq: number): Promise<void> {
    await this.table.update({
      Key: { pk, sk: claimSk },
      UpdateExpression: 'SET #state = :complete, seq = :seq',
      ConditionExpression: 'claimToken = :token',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':complete': 'complete', ':seq': seq, ':token': claim.claimToken },
    });
  }

  private async findMessageAbove(
    pk: string,
    floorSeq: number,
    messageId: string,
  ): Promise<StoredMessage | undefined> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.messagesAfter(pk, floorSeq, {
        messageId,
        ...(startKey ? { startKey } : {}),
      });
      if (page.messages[0]) return page.messages[0];
      startKey = page.nextKey;
    } while (startKey);
    return undefined;
  }
}

/** A usable seq hint: a non-negative integer (0 = an empty conversation). */
function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
