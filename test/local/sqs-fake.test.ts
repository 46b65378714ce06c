// The SQS fake through the real SQSClient: FIFO group order, deduplication, visibility, redelivery, DLQ, poller.
import type { Server } from 'node:http';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { closeServer, listen } from '../../local/services/http-util';
import { SqsFake } from '../../local/services/sqs-fake';
import { SqsPoller } from '../../local/services/sqs-poller';

let fake: SqsFake;
let server: Server;
let client: SQSClient;
let queueUrl = '';

beforeAll(async () => {
  fake = new SqsFake({ region: 'eu-west-1', accountId: '000000000000' });
  server = fake.createServer();
  const port = await listen(server, 0);
  fake.setBaseUrl(`http://127.0.0.1:${port}`);
  client = new SQSClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  fake.close();
  client.destroy();
  await closeServer(server);
});

const send = (body: string, group: string, dedup = body) =>
  client.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      MessageGroupId: group,
      MessageDeduplicationId: dedup,
    }),
  );
const receive = (max = 10) =>
  client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: max,
      MessageSystemAttributeNames: ['All'],
    }),
  );
let queueCount = 0;
/** A fresh FIFO queue (with its own DLQ) per test keeps the tests independent. */
function freshQueue(): void {
  queueCount += 1;
  fake.createQueue({ name: `dlq-${queueCount}.fifo` });
  queueUrl = fake.createQueue({
    name: `turns-${queueCount}.fifo`,
    visibilityTimeoutSeconds: 30,
    deadLetterQueue: { name: `dlq-${queueCount}.fifo`, maxReceiveCount: 2 },
  }).options.url;
}

describe('SQS FIFO fake', () => {
  beforeEach(freshQueue);

  it('returns the body MD5 the SDK validates and a sequence number', async () => {
    const out = await send('hello', 'g1');
    expect(out.MessageId).toBeDefined();
    expect(out.SequenceNumber).toMatch(/^\d+$/);
  });

  it('keeps a message group in order and locks it while a message is in flight', async () => {
    await send('a1', 'a');
    await send('a2', 'a');
    await send('b1', 'b');
    const first = await receive(1);
    expect(first.Messages?.map((m) => m.Body)).toEqual(['a1']);
    const second = await receive(10);
    // Group a is locked behind a1; only group b can be delivered.
    expect(second.Messages?.map((m) => m.Body)).toEqual(['b1']);
    await client.send(
      new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first.Messages![0]!.ReceiptHandle }),
    );
    const third = await receive(10);
    expect(third.Messages?.map((m) => m.Body)).toEqual(['a2']);
    expect(third.Messages![0]!.Attributes).toMatchObject({
      MessageGroupId: 'a',
      ApproximateReceiveCount: '1',
    });
  });

  it('drops a duplicate deduplication id within the window', async () => {
    const one = await send('same', 'd', 'dedup-1');
    const two = await send('same again', 'd', 'dedup-1');
    expect(two.MessageId).toBe(one.MessageId);
    const got = await receive();
    expect(got.Messages?.map((m) => m.Body)).toEqual(['same']);
  });

  it('redelivers after ChangeMessageVisibility 0 and moves the message to the DLQ after maxReceiveCount', async () => {
    await send('poison', 'p');
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const got = await receive();
      expect(got.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe(String(attempt));
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: got.Messages![0]!.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
    expect((await receive()).Messages ?? []).toEqual([]);
    expect(
      fake
        .queue(`dlq-${queueCount}.fifo`)
        .peek()
        .map((m) => m.body),
    ).toEqual(['poison']);
  });

  it('redelivers a message whose visibility timeout ran out without a delete', async () => {
    await send('retry-me', 'v');
    const first = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 1 }));
    expect(first.Messages?.map((m) => m.Body)).toEqual(['retry-me']);
    const again = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        WaitTimeSeconds: 5,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    expect(again.Messages?.[0]).toMatchObject({
      Body: 'retry-me',
      Attributes: { ApproximateReceiveCount: '2' },
    });
    expect(again.Messages?.[0]?.ReceiptHandle).not.toBe(first.Messages?.[0]?.ReceiptHandle);
  });

  it('long-polls until a message arrives', async () => {
    const polling = client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 5 }));
    await send('late', 'l');
    expect((await polling).Messages?.map((m) => m.Body)).toEqual(['late']);
  });

  it('refuses a FIFO send without a group id with the SQS error', async () => {
    await expect(
      client.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x', MessageDeduplicationId: 'x' }),
      ),
    ).rejects.toMatchObject({ name: 'MissingParameter' });
  });

  it('names a missing queue QueueDoesNotExist', async () => {
    await expect(
      client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl.replace(/turns-\d+\.fifo$/, 'nope.fifo') })),
    ).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
  });
});

describe('SQS poller', () => {
  it('invokes with SQS-shaped records, deletes successes and leaves batchItemFailures on the queue', async () => {
    freshQueue();
    const queue = fake.queue(`turns-${queueCount}.fifo`);
    const seen: string[] = [];
    const poller = new SqsPoller({
      queue,
      region: 'eu-west-1',
      batchSize: 10,
      concurrency: 1,
      invoke: async (event) => {
        const records = (
          event as {
            Records: Array<{
              messageId: string;
              body: string;
              eventSource: string;
              attributes: Record<string, string>;
            }>;
          }
        ).Records;
        for (const r of records) {
          expect(r.eventSource).toBe('aws:sqs');
          expect(r.attributes.MessageGroupId).toBeDefined();
          seen.push(r.body);
        }
        return {
          batchItemFailures: records
            .filter((r) => r.body === 'fail')
            .map((r) => ({ itemIdentifier: r.messageId })),
        };
      },
    });
    await send('ok-1', 'x');
    await send('fail', 'y');
    poller.start();
    while (seen.length < 2) await new Promise((r) => setTimeout(r, 20));
    await poller.stop();
    expect(seen.sort()).toEqual(['fail', 'ok-1']);
    expect(queue.peek().map((m) => m.body)).toEqual(['fail']);
  });
});
