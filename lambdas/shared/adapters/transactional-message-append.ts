// The gap-free, idempotent append of ADR 0077: the idempotency claim and the message in one transaction.
import { randomUUID } from 'node:crypto';
import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { AppendInProgressError } from '../conversation-errors';
import { keys } from '../definitions';
import type { AppendMessageInput, IdGenerator } from '../ports';
import type { StoredMessage } from '../types';
import { toStoredMessage, type ConversationTable, type MessageItem } from './conversation-table';

export interface TransactionalMessageAppendOptions {
  /** Attempts to win the next seq (or to get past a concurrent transaction on the claim). @default 60 */
  readonly maxSeqAttempts?: number;
  readonly ids?: IdGenerator;
}

/** The idempotency claim `cmid#<key>`: written in the same transaction as its message, so always complete. */
interface ClaimItem {
  readonly messageId: string;
  readonly seq: number;
}

type AppendResult = { message: StoredMessage; duplicate: boolean };

/** What cancelled an append transaction. */
type Conflict = 'duplicate' | 'seq_taken' | 'in_flight';

/** Cancellation codes that mean "not now" rather than "not this write". */
const RETRYABLE_CODES = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/** Index of each write in the append transaction (the order of `CancellationReasons`). */
const CLAIM = 0;
const MESSAGE = 1;

export class TransactionalMessageAppend {
  private readonly maxSeqAttempts: number;
  private readonly ids: IdGenerator;

  constructor(
    private readonly table: ConversationTable,
    options: TransactionalMessageAppendOptions = {},
  ) {
    this.maxSeqAttempts = options.maxSeqAttempts ?? 60;
    this.ids = options.ids ?? { newId: () => randomUUID() };
  }

  /**
   * 1. start from the last seq L (the caller's `knownLastSeq`, or one query); 2. in one transaction put
   * `cmid#<key>` = {messageId, seq: L+1} and `msg#(L+1)`, each only if absent; 3. on a cancellation:
   * the claim exists → return its stored message (a duplicate); the seq was taken → re-read L and retry;
   * another transaction is writing the same claim right now → retry shortly.
   * Seq N is only attempted after N-1 exists, so seqs are gap-free; both puts or neither happen.
   */
  async append(input: AppendMessageInput): Promise<AppendResult> {
    const pk = keys.conversationPk(input.tenantId, input.conversationId);
    const claimSk = keys.clientMessageSk(input.idempotencyKey);
    const messageId = input.messageId ?? this.ids.newId();
    let seq = (isSeq(input.knownLastSeq) ? input.knownLastSeq : await this.table.lastSeq(pk)) + 1;
    for (let attempt = 0; attempt < this.maxSeqAttempts; attempt++) {
      const message = this.messageItem(input, messageId, seq);
      const outcome = await this.tryWrite(pk, claimSk, message);
      if (outcome === 'written') return { message: toStoredMessage(message), duplicate: false };
      if (outcome.conflict === 'duplicate')
        return {
          message: await this.stored(pk, outcome.claim ?? (await this.claim(pk, claimSk))),
          duplicate: true,
        };
      await sleep(Math.floor(Math.random() * Math.min(100, 5 * 2 ** attempt)));
      if (outcome.conflict === 'seq_taken') seq = (await this.table.lastSeq(pk)) + 1;
    }
    throw new AppendInProgressError(input.idempotencyKey);
  }

  private messageItem(input: AppendMessageInput, messageId: string, seq: number): MessageItem {
    return {
      tenantId: input.tenantId,
      conversationId: input.conversationId,
      messageId,
      seq,
      role: input.role,
      text: input.text,
      ...(input.role === 'user' ? { clientMessageId: input.idempotencyKey } : {}),
      idempotencyKey: input.idempotencyKey,
      createdAt: new Date(this.table.clock.now()).toISOString(),
      status: input.status ?? 'complete',
      ...(input.errorCode ? { errorCode: input.errorCode } : {}),
    };
  }

  private async tryWrite(
    pk: string,
    claimSk: string,
    message: MessageItem,
  ): Promise<'written' | { conflict: Conflict; claim?: ClaimItem }> {
    const claim = { pk, sk: claimSk, kind: 'claim', messageId: message.messageId, seq: message.seq };
    try {
      await this.table.transactPutIfAbsent([
        { item: claim, returnExistingOnConflict: true },
        { item: { pk, sk: keys.messageSk(message.seq), kind: 'message', ...message } },
      ]);
      return 'written';
    } catch (error) {
      if (!isTransactionCanceled(error)) throw error;
      return classify(error);
    }
  }

  /** Reads a claim (only when the cancellation did not carry it). */
  private async claim(pk: string, claimSk: string): Promise<ClaimItem | undefined> {
    return (await this.table.get(pk, claimSk)) as ClaimItem | undefined;
  }

  /** The message a claim points to. */
  private async stored(pk: string, claim: ClaimItem | undefined): Promise<StoredMessage> {
    if (!claim) throw new Error(`The claim in ${pk} expired between the cancelled write and its read`);
    if (!isSeq(claim.seq) || claim.seq === 0)
      throw new Error(`Claim in ${pk} has no message seq; the item is not a transactional claim`);
    const item = await this.table.get(pk, keys.messageSk(claim.seq));
    if (!item) throw new Error(`Message ${claim.seq} of a stored claim is missing in ${pk}`);
    return toStoredMessage(item as unknown as MessageItem);
  }
}

/** Reads the cancellation reasons, in the order of the transaction's writes. */
function classify(error: TransactionCanceledException): { conflict: Conflict; claim?: ClaimItem } {
  const reasons = error.CancellationReasons ?? [];
  // One reason per write, in order: anything else cannot be read safely, so it is not retried.
  if (reasons.length !== 2) throw error;
  const claimReason = reasons[CLAIM];
  if (claimReason?.Code === 'ConditionalCheckFailed') {
    const old = claimReason.Item ? (unmarshall(claimReason.Item) as Partial<ClaimItem>) : undefined;
    return {
      conflict: 'duplicate',
      ...(old && typeof old.seq === 'number' && typeof old.messageId === 'string'
        ? { claim: { seq: old.seq, messageId: old.messageId } }
        : {}),
    };
  }
  if (reasons[MESSAGE]?.Code === 'ConditionalCheckFailed') return { conflict: 'seq_taken' };
  // Another transaction holds one of the items, or capacity ran short for a moment: try again.
  if (reasons.some((r) => r.Code && r.Code !== 'None' && !RETRYABLE_CODES.has(r.Code))) throw error;
  return { conflict: 'in_flight' };
}

function isTransactionCanceled(error: unknown): error is TransactionCanceledException {
  return (error as { name?: unknown } | undefined)?.name === 'TransactionCanceledException';
}

/** A usable seq hint: a non-negative integer (0 = an empty conversation). */
function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
