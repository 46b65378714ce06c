// Processes an SQS FIFO batch of conversation turns in order; reports failures so SQS redelivers them (nothing lost).
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { ID_PATTERN } from '../shared/definitions';
import type { ConversationTurn } from '../shared/types';
import * as z from '../shared/zod-mini';
import type { TurnLogger, TurnOutcome } from './answer-turn';

export const conversationTurnSchema = z.strictObject({
  tenantId: z.string().check(z.regex(ID_PATTERN)),
  conversationId: z.string().check(z.regex(ID_PATTERN)),
  userMessageId: z.string().check(z.regex(ID_PATTERN)),
  userSeq: z.number().check(z.int(), z.minimum(1)),
  acceptedAt: z.number().check(z.int(), z.minimum(0)),
});

export interface TurnBatchOptions {
  /** The queue's maxReceiveCount: on that receive a failing turn is given up instead of retried. */
  readonly maxReceiveCount?: number;
  /** Records a given-up turn as failed and tells the user (see recordUnanswerableTurn). */
  readonly giveUp?: (turn: ConversationTurn) => Promise<unknown>;
}

/**
 * Turns run one after another. After the first failure every later record is reported as failed too,
 * because a FIFO group must not skip ahead of a turn that will be redelivered. On its last receive a
 * failing turn is recorded as failed (the user gets `assistant_unavailable`) rather than dead-lettered
 * silently; if even that fails, it is reported and the dead-letter queue keeps it.
 */
export async function processTurnBatch(
  records: readonly SQSRecord[],
  answer: (turn: ConversationTurn) => Promise<TurnOutcome>,
  logger: TurnLogger,
  options: TurnBatchOptions = {},
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of records) {
    if (batchItemFailures.length > 0) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    const parsed = parseTurn(record.body);
    if (!parsed.success) {
      logger.error('Malformed turn message; left for the dead-letter queue', {
        messageId: record.messageId,
        problems: parsed.problems,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      await answer(parsed.turn);
    } catch (error) {
      const context = {
        messageId: record.messageId,
        tenantId: parsed.turn.tenantId,
        conversationId: parsed.turn.conversationId,
        error: error instanceof Error ? error.message : 'unknown',
      };
      const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
      if (options.giveUp && options.maxReceiveCount && receives >= options.maxReceiveCount) {
        try {
          await options.giveUp(parsed.turn);
          logger.error('Turn failed on its last receive; recorded as failed', context);
          continue;
        } catch {
          logger.error('Turn failed on its last receive and could not be recorded', context);
        }
      } else logger.error('Turn failed; it will be redelivered', context);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

function parseTurn(
  body: string,
): { success: true; turn: ConversationTurn } | { success: false; problems: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { success: false, problems: 'body is not JSON' };
  }
  const result = conversationTurnSchema.safeParse(json);
  if (!result.success)
    return { success: false, problems: result.error.issues.map((i) => i.path.join('.')).join(', ') };
  return { success: true, turn: result.data };
}
