// TransactWriteItems (all-or-nothing, cancellation reasons per item, idempotency tokens) and TransactGetItems.
import { createHash } from 'node:crypto';
import type { AttributeMap } from './attribute-values';
import { DynamoError, validation } from './errors';
import { getItem } from './item-operations';
import {
  commit,
  planConditionCheck,
  planDelete,
  planPut,
  planUpdate,
  type WriteOutcome,
  type WritePlan,
} from './write-plans';
import { sortKeyText } from './table';
import type { TableCatalog } from './table-catalog';

type Input = Record<string, unknown>;
const MAX_ITEMS = 100;
const TOKEN_TTL_MS = 10 * 60 * 1000;
const PLANNERS = {
  Put: planPut,
  Update: planUpdate,
  Delete: planDelete,
  ConditionCheck: planConditionCheck,
} as const;

interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: AttributeMap;
}

function listOf(input: Input): Input[] {
  const items = input.TransactItems;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ITEMS) {
    throw validation(
      `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ITEMS} and greater than or equal to 1`,
    );
  }
  return items as Input[];
}

/**
 * Remembers ClientRequestTokens for ten minutes, like DynamoDB's idempotency window. The SDK sends a
 * token with every TransactWriteItems, so entries hold a digest of the items, not the items, and
 * expire from the front (a Map iterates in insertion order, and entries are inserted in time order).
 */
export class RequestTokens {
  private readonly seen = new Map<string, { fingerprint: string; at: number }>();

  /** True when this token already ran these items (the call then succeeds without running again). */
  alreadyRan(token: unknown, fingerprint: string): boolean {
    if (typeof token !== 'string') return false;
    const now = Date.now();
    for (const [key, entry] of this.seen) {
      if (now - entry.at <= TOKEN_TTL_MS) break;
      this.seen.delete(key);
    }
    const entry = this.seen.get(token);
    if (!entry) return false;
    if (entry.fingerprint !== fingerprint) {
      throw new DynamoError(
        'IdempotentParameterMismatchException',
        'The request uses the same client token as a previous, but non-identical request.',
      );
    }
    return true;
  }

  remember(token: unknown, fingerprint: string): void {
    if (typeof token === 'string') this.seen.set(token, { fingerprint, at: Date.now() });
  }
}

export function transactWriteItems(catalog: TableCatalog, tokens: RequestTokens, input: Input): unknown {
  const items = listOf(input);
  const fingerprint = createHash('sha256').update(JSON.stringify(items)).digest('base64');
  const plans: WritePlan[] = items.map((item) => {
    const kinds = (Object.keys(PLANNERS) as (keyof typeof PLANNERS)[]).filter((k) => item[k] !== undefined);
    if (kinds.length !== 1) {
      throw validation('TransactItems can only contain one of Check, Put, Update or Delete');
    }
    const kind = kinds[0]!;
    return PLANNERS[kind](catalog, item[kind] as Input);
  });
  const targets = new Set<string>();
  for (const plan of plans) {
    const target = `${plan.table.name}\u0000${plan.location.partition}\u0000${sortKeyText(plan.location.sortKey)}`;
    if (targets.has(target))
      throw validation('Transaction request cannot include multiple operations on one item');
    targets.add(target);
  }
  if (tokens.alreadyRan(input.ClientRequestToken, fingerprint)) return {};
  const outcomes: WriteOutcome[] = [];
  const reasons: CancellationReason[] = [];
  let cancelled = false;
  for (const plan of plans) {
    try {
      outcomes.push(plan.evaluate());
      reasons.push({ Code: 'None' });
    } catch (error) {
      if (!(error instanceof DynamoError)) throw error;
      cancelled = true;
      if (error.type === 'ConditionalCheckFailedException') {
        const item = error.extra.Item as AttributeMap | undefined;
        reasons.push({
          Code: 'ConditionalCheckFailed',
          Message: error.message,
          ...(item ? { Item: item } : {}),
        });
      } else if (error.type === 'ValidationException') {
        reasons.push({ Code: 'ValidationError', Message: error.message });
      } else {
        throw error;
      }
    }
  }
  if (cancelled) {
    throw new DynamoError(
      'TransactionCanceledException',
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
      { CancellationReasons: reasons },
    );
  }
  plans.forEach((plan, i) => commit(plan, outcomes[i]!));
  tokens.remember(input.ClientRequestToken, fingerprint);
  return {};
}

export function transactGetItems(catalog: TableCatalog, input: Input): unknown {
  const items = listOf(input);
  const gets = items.map((item) => {
    if (!item.Get || Object.keys(item).length !== 1)
      throw validation('TransactGetItems items must each hold one Get');
    const get = item.Get as Input;
    catalog.table(get.TableName);
    return get;
  });
  return { Responses: gets.map((get) => getItem(catalog, get)) };
}
