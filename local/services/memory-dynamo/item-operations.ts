// GetItem, PutItem, UpdateItem and DeleteItem: one plan each, with ReturnValues.
import type { AttributeMap } from './attribute-values';
import { project, projectPaths } from './document-paths';
import { ExpressionContext } from './expression-context';
import { validation } from './errors';
import type { TableCatalog } from './table-catalog';
import { commit, planDelete, planPut, planUpdate, refuseLegacy } from './write-plans';

type Input = Record<string, unknown>;

function returnValues(input: Input, allowed: readonly string[]): string {
  const mode = (input.ReturnValues as string | undefined) ?? 'NONE';
  if (!allowed.includes(mode)) throw validation(`ReturnValues can only be ${allowed.join(' or ')} here`);
  return mode;
}

const withAttributes = (attributes: AttributeMap | undefined) =>
  attributes && Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};

export function putItem(catalog: TableCatalog, input: Input): unknown {
  const mode = returnValues(input, ['NONE', 'ALL_OLD']);
  const plan = planPut(catalog, input);
  const outcome = plan.evaluate();
  commit(plan, outcome);
  return mode === 'ALL_OLD' ? withAttributes(outcome.old) : {};
}

export function deleteItem(catalog: TableCatalog, input: Input): unknown {
  const mode = returnValues(input, ['NONE', 'ALL_OLD']);
  const plan = planDelete(catalog, input);
  const outcome = plan.evaluate();
  commit(plan, outcome);
  return mode === 'ALL_OLD' ? withAttributes(outcome.old) : {};
}

export function updateItem(catalog: TableCatalog, input: Input): unknown {
  const mode = returnValues(input, ['NONE', 'ALL_OLD', 'ALL_NEW', 'UPDATED_OLD', 'UPDATED_NEW']);
  const plan = planUpdate(catalog, input);
  const outcome = plan.evaluate();
  commit(plan, outcome);
  switch (mode) {
    case 'ALL_OLD':
      return withAttributes(outcome.old);
    case 'ALL_NEW':
      return withAttributes(outcome.next);
    case 'UPDATED_OLD':
      return withAttributes(outcome.old && project(outcome.old, outcome.paths ?? []));
    case 'UPDATED_NEW':
      return withAttributes(outcome.next && project(outcome.next, outcome.paths ?? []));
    default:
      return {};
  }
}

/** GetItem: the item (projected) or nothing; ConsistentRead is accepted (every read is consistent). */
export function getItem(catalog: TableCatalog, input: Input): unknown {
  refuseLegacy(input);
  const table = catalog.table(input.TableName);
  const location = table.locate(input.Key as AttributeMap);
  const context = new ExpressionContext(input);
  const projection = context.projection(input.ProjectionExpression as string | undefined);
  context.finish();
  const item = table.get(location);
  if (!item) return {};
  return { Item: projection ? projectPaths(item, projection.paths, context) : item };
}
