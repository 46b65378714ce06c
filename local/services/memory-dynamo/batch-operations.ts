// BatchGetItem and BatchWriteItem: every request is processed at once (UnprocessedKeys/Items always empty).
import type { AttributeMap } from './attribute-values';
import { validation } from './errors';
import { getItem } from './item-operations';
import { sortKeyText } from './table';
import { commit, planDelete, planPut, type WritePlan } from './write-plans';
import type { TableCatalog } from './table-catalog';

type Input = Record<string, unknown>;

function requestItems(input: Input): [string, unknown][] {
  const requests = input.RequestItems as Record<string, unknown> | undefined;
  if (!requests || typeof requests !== 'object' || Object.keys(requests).length === 0) {
    throw validation(
      "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  return Object.entries(requests);
}

export function batchGetItem(catalog: TableCatalog, input: Input): unknown {
  const responses: Record<string, AttributeMap[]> = {};
  let total = 0;
  const work: (() => void)[] = [];
  for (const [tableName, request] of requestItems(input)) {
    const { Keys, ...rest } = request as Input & { Keys?: AttributeMap[] };
    if (!Array.isArray(Keys) || Keys.length === 0) throw validation('Keys must have at least one key');
    const table = catalog.table(tableName);
    const seen = new Set<string>();
    for (const key of Keys) {
      const location = table.locate(key);
      const id = `${location.partition}\u0000${sortKeyText(location.sortKey)}`;
      if (seen.has(id)) throw validation('Provided list of item keys contains duplicates');
      seen.add(id);
    }
    total += Keys.length;
    const found: AttributeMap[] = (responses[tableName] = []);
    for (const key of Keys) {
      work.push(() => {
        const out = getItem(catalog, { ...rest, TableName: tableName, Key: key }) as { Item?: AttributeMap };
        if (out.Item) found.push(out.Item);
      });
    }
  }
  if (total > 100) throw validation('Too many items requested for the BatchGetItem call');
  for (const run of work) run();
  return { Responses: responses, UnprocessedKeys: {} };
}

export function batchWriteItem(catalog: TableCatalog, input: Input): unknown {
  const plans: WritePlan[] = [];
  const targets = new Set<string>();
  for (const [tableName, requests] of requestItems(input)) {
    if (!Array.isArray(requests) || requests.length === 0)
      throw validation('Each table needs at least one write request');
    for (const request of requests as Input[]) {
      const put = request.PutRequest as Input | undefined;
      const del = request.DeleteRequest as Input | undefined;
      if (!!put === !!del)
        throw validation('Each write request must hold exactly one of PutRequest or DeleteRequest');
      const plan = put
        ? planPut(catalog, { TableName: tableName, Item: put.Item })
        : planDelete(catalog, { TableName: tableName, Key: del!.Key });
      const target = `${tableName}\u0000${plan.location.partition}\u0000${sortKeyText(plan.location.sortKey)}`;
      if (targets.has(target)) throw validation('Provided list of item keys contains duplicates');
      targets.add(target);
      plans.push(plan);
    }
  }
  if (plans.length > 25) {
    throw validation(
      "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]",
    );
  }
  for (const plan of plans) commit(plan, plan.evaluate());
  return { UnprocessedItems: {} };
}
