// startDynamo runs the in-memory DynamoDB server by default in its own process; LOCAL_DYNAMO selects dynalite.
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { dynamoImplementation, startDynamo } from '../../local/services/dynamo';

const rootDir = resolve(__dirname, '..', '..');

describe('LOCAL_DYNAMO', () => {
  it('defaults to the in-memory server and accepts memory or dynalite in any case', () => {
    expect(dynamoImplementation({})).toBe('memory');
    expect(dynamoImplementation({ LOCAL_DYNAMO: '' })).toBe('memory');
    expect(dynamoImplementation({ LOCAL_DYNAMO: 'Memory' })).toBe('memory');
    expect(dynamoImplementation({ LOCAL_DYNAMO: 'dynalite' })).toBe('dynalite');
  });

  it('refuses an unknown server with a message naming the choices', () => {
    expect(() => dynamoImplementation({ LOCAL_DYNAMO: 'localstack' })).toThrow(
      'LOCAL_DYNAMO must be "memory" or "dynalite", not "localstack"',
    );
  });
});

describe('startDynamo', () => {
  it.each(['memory', 'dynalite'] as const)(
    'runs %s in a child process that answers the SDK and stops',
    async (implementation) => {
      const server = await startDynamo(rootDir, 0, 30_000, implementation);
      const client = new DynamoDBClient({
        endpoint: server.endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      try {
        expect(server.implementation).toBe(implementation);
        expect(server.pid).not.toBe(process.pid);
        expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
      } finally {
        client.destroy();
        await server.stop();
      }
      expect(() => process.kill(server.pid, 0)).toThrow();
    },
    40_000,
  );
});
