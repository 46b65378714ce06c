// Processes an SQS FIFO batch of conversation turns in order; reports failures so SQS redelivers them (nothing lost).
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { ID_PATTERN } from '../shared/definitions';
import type { ConversationTurn } from '../shared/types';
import type { TurnLogger, TurnOutcome } from './answer-turn';

export const conversationTurnSchema = z
  .object({
    tenantId: z.string().regex(ID_PATTERN),
    conversationId: z.string().regex(ID_PATTERN),
    userMessageId: z.string().regex(ID_PATTERN),
    userSeq: z.number().int().min(1),
    acceptedAt: z.number().int().min(0),
  })
  .strict();

/**
 * Turns run one after another. After the first failure every later record is reported as failed too,
 * because a FIFO group must not skip ahead of a turn that will be redelivered.
 */
export async function processTurnBatch(
  records: readonly SQSRecord[],
  answer: (turn: ConversationTurn) => Promise<TurnOutcome>,
  logger: TurnLogger,
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
      logger.error('Turn failed; it will be redelivered', {
        messageId: record.messageId,
        tenantId: parsed.turn.tenantId,
        conversationId: parsed.turn.conversationId,
        error: error instanceof Error ? error.message : 'unknown',
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

function parseTurn(body: string): { success: true; turn: ConversationTurn } | { success: false; problems: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { success: false, problems: 'body is not JSON' };
  }
  const result = conversationTurnSchema.safeParse(json);
  if (!result.success) return { success: false, problems: result.error.issues.map((i) => i.path.join('.')).join(', ') };
  return { success: true, turn: result.data };
}
