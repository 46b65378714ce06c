// FIFO batch processing: malformed or failed turns are reported (redelivered, then dead-lettered), order is kept.
import type { SQSRecord } from 'aws-lambda';
import type { TurnOutcome } from '../../lambdas/llm-worker/answer-turn';
import { processTurnBatch } from '../../lambdas/llm-worker/turn-batch';
import type { ConversationTurn } from '../../lambdas/shared/types';
import { silentLogger } from './support/fakes';

function record(id: string, body: unknown): SQSRecord {
  return { messageId: id, body: typeof body === 'string' ? body : JSON.stringify(body) } as SQSRecord;
}

const turn = (n: number): ConversationTurn => ({
  tenantId: 'acme',
  conversationId: 'c1',
  userMessageId: `m${n}`,
  userSeq: n,
  acceptedAt: 1_700_000_000_000,
});

const ok = async (t: ConversationTurn): Promise<TurnOutcome> => ({
  status: 'answered',
  messageId: `a-${t.userMessageId}`,
  seq: t.userSeq + 1,
});

describe('processTurnBatch', () => {
  it('answers every valid turn in order and reports no failures', async () => {
    const seen: string[] = [];
    const result = await processTurnBatch(
      [record('1', turn(1)), record('2', turn(3))],
      async (t) => {
        seen.push(t.userMessageId);
        return ok(t);
      },
      silentLogger,
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual(['m1', 'm3']);
  });

  it('reports a malformed body without calling the use case', async () => {
    const answer = jest.fn(ok);
    const result = await processTurnBatch(
      [record('bad-json', '{'), record('bad-shape', { ...turn(1), tenantId: 't#evil' })],
      answer,
      silentLogger,
    );
    expect(answer).not.toHaveBeenCalled();
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['bad-json', 'bad-shape']);
  });

  it('rejects unknown fields (strict contract)', async () => {
    const result = await processTurnBatch([record('x', { ...turn(1), extra: true })], ok, silentLogger);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'x' }]);
  });

  it('reports the failed turn and every later one so the FIFO group keeps its order', async () => {
    const seen: string[] = [];
    const result = await processTurnBatch(
      [record('1', turn(1)), record('2', turn(3)), record('3', turn(5))],
      async (t) => {
        seen.push(t.userMessageId);
        if (t.userSeq === 3) throw new Error('DynamoDB throttled');
        return ok(t);
      },
      silentLogger,
    );
    expect(seen).toEqual(['m1', 'm3']);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['2', '3']);
  });
});

describe('processTurnBatch on the last receive', () => {
  const failing = async (): Promise<TurnOutcome> => {
    throw new Error('provider chain crashed');
  };
  const withReceives = (id: string, n: number) =>
    ({ ...record(id, turn(1)), attributes: { ApproximateReceiveCount: String(n) } }) as unknown as SQSRecord;

  it('keeps retrying before the last receive', async () => {
    const giveUp = jest.fn(async () => undefined);
    const result = await processTurnBatch([withReceives('1', 4)], failing, silentLogger, {
      maxReceiveCount: 5,
      giveUp,
    });
    expect(giveUp).not.toHaveBeenCalled();
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1' }]);
  });

  it('records the turn as failed on the last receive and consumes the message', async () => {
    const giveUp = jest.fn(async () => undefined);
    const result = await processTurnBatch([withReceives('1', 5)], failing, silentLogger, {
      maxReceiveCount: 5,
      giveUp,
    });
    expect(giveUp).toHaveBeenCalledWith(turn(1));
    expect(result.batchItemFailures).toEqual([]);
  });

  it('leaves the message for the dead-letter queue when even recording fails', async () => {
    const giveUp = jest.fn(async () => {
      throw new Error('DynamoDB down');
    });
    const result = await processTurnBatch([withReceives('1', 5)], failing, silentLogger, {
      maxReceiveCount: 5,
      giveUp,
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1' }]);
  });
});
