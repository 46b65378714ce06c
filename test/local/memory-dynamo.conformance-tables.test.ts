// Conformance with dynalite for table operations: create (incl. duplicate), list (paged) and delete.
import { CreateTableCommand, DeleteTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { type Step, STRINGS, BINARIES, describeConformance } from './support/memory-dynamo-conformance';
import { CREATE_TABLES } from './support/memory-dynamo-conformance-seeds';

const STEPS: Step[] = [
  CREATE_TABLES,
  [
    'duplicate table',
    ({ client }) =>
      client.send(
        new CreateTableCommand({
          TableName: STRINGS,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      ),
  ],
  ['list tables', ({ client }) => client.send(new ListTablesCommand({}))],
  [
    'list tables paged',
    ({ client }) => client.send(new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: 'BINARIES' })),
  ],
  [
    'delete table',
    async ({ client }) => {
      const out = await client.send(new DeleteTableCommand({ TableName: BINARIES }));
      return [out.TableDescription?.TableName, (await client.send(new ListTablesCommand({}))).TableNames];
    },
  ],
];

describeConformance(STEPS);
