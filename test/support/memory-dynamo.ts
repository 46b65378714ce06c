// Test helper: starts the in-memory DynamoDB server in-process on an ephemeral loopback port with every table of TABLES.
import { createMemoryDynamoServer } from '../../local/services/memory-dynamo/server';
import { connectLocalDynamo, type LocalDynamo } from './dynalite';

export type { LocalDynamo } from './dynalite';

/** The in-memory server (transactions included) with the product's tables; call `stop()` in afterAll. */
export function startMemoryDynamo(prefix = 'test'): Promise<LocalDynamo> {
  return connectLocalDynamo(createMemoryDynamoServer(), prefix);
}
