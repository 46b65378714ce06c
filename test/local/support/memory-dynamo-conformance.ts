// Shared harness of the memory-dynamo conformance suites: runs each step against dynalite and the in-memory server and compares the outcomes.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  QueryCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { startDynalite, type LocalDynamo } from '../../support/dynalite';
import { startMemoryDynamo } from '../../support/memory-dynamo';

export interface Servers {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
}
export type Step = readonly [name: string, run: (s: Servers) => Promise<unknown>];

export const STRINGS = 'STRINGS';
export const NUMBERS = 'NUMBERS';
export const BINARIES = 'BINARIES';
export const PEOPLE = 'PEOPLE';

/** A call's outcome without metadata: the output, or the error's name (plus Item when it carries one). */
export async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    const output = (await run()) as Record<string, unknown>;
    const { $metadata: _metadata, ...rest } = output ?? {};
    return rest;
  } catch (error) {
    const e = error as Error & { Item?: unknown };
    return { error: e.name, ...(e.Item ? { item: e.Item } : {}) };
  }
}

/** dynalite ignores ReturnValuesOnConditionCheckFailure: compare the error only (memory-dynamo.transactions-limits.test.ts checks Item). */
export async function errorName(run: () => Promise<unknown>): Promise<unknown> {
  const result = (await outcome(run)) as { error?: string };
  return { error: result.error };
}

/** Every page of a Query or Scan: items, counts and the paging key of each page. */
export async function pages(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput | ScanCommandInput,
  scan = false,
) {
  const result: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  for (let i = 0; i < 50; i++) {
    const command = scan
      ? new ScanCommand({ ...(input as ScanCommandInput), ExclusiveStartKey: start })
      : new QueryCommand({ ...(input as QueryCommandInput), ExclusiveStartKey: start });
    const out = await doc.send(command as QueryCommand);
    result.push({
      items: out.Items,
      count: out.Count,
      scanned: out.ScannedCount,
      last: out.LastEvaluatedKey,
    });
    start = out.LastEvaluatedKey;
    if (!start) break;
  }
  return result;
}

export const sortedByKey = (items: Record<string, unknown>[] | undefined) =>
  [...(items ?? [])].sort((a, b) => JSON.stringify([a.pk, a.sk]).localeCompare(JSON.stringify([b.pk, b.sk])));

/** All items a paged Scan returns (Scan order is each server's own), with the summed counts. */
export async function scanAll(doc: DynamoDBDocumentClient, input: ScanCommandInput) {
  const all = (await pages(doc, input, true)) as {
    items?: Record<string, unknown>[];
    count: number;
    scanned: number;
  }[];
  return {
    items: sortedByKey(all.flatMap((p) => p.items ?? [])),
    count: all.reduce((s, p) => s + p.count, 0),
    scanned: all.reduce((s, p) => s + p.scanned, 0),
  };
}

export const q = (input: Omit<QueryCommandInput, 'TableName'>, table = STRINGS) => ({
  TableName: table,
  ...input,
});
export const person = (pk: string, sk: string, extra: Record<string, unknown> = {}) => ({ pk, sk, ...extra });

/**
 * Starts dynalite and the in-memory server, replays `setup` on both (the state earlier steps of the
 * original single suite left behind; their outcomes must agree too), then runs `steps` on both in order
 * and declares one test per step requiring equal outcomes.
 */
export function describeConformance(steps: readonly Step[], setup: readonly Step[] = []): void {
  describe('in-memory DynamoDB conformance with dynalite', () => {
    let dynalite: LocalDynamo;
    let memory: LocalDynamo;
    const results = new Map<string, [unknown, unknown]>();

    beforeAll(async () => {
      [dynalite, memory] = await Promise.all([
        startDynalite('conformance'),
        startMemoryDynamo('conformance'),
      ]);
      for (const [name, run] of setup) {
        const left = await outcome(() => run(dynalite));
        const right = await outcome(() => run(memory));
        expect({ setup: name, outcome: right }).toEqual({ setup: name, outcome: left });
      }
      for (const [name, run] of steps) {
        const left = await outcome(() => run(dynalite));
        const right = await outcome(() => run(memory));
        results.set(name, [left, right]);
      }
    }, 120_000);

    afterAll(async () => {
      await Promise.all([dynalite?.stop(), memory?.stop()]);
    });

    it.each(steps.map(([name]) => name))('%s', (name) => {
      const [fromDynalite, fromMemory] = results.get(name)!;
      expect(fromMemory).toEqual(fromDynalite);
    });
  });
}
