// One request's expressions: cached parses, ExpressionAttributeNames/Values checks (defined, used) and lookups.
import { validateValue, type AttributeMap, type AttributeValue } from './attribute-values';
import type {
  ParsedCondition,
  ParsedExpression,
  ParsedProjection,
  ParsedUpdate,
  PathElement,
} from './expression-ast';
import { checkValueOperands } from './condition-evaluator';
import { validation } from './errors';
import { parseCondition, parseProjection } from './expression-parser';
import { parseUpdate } from './update-expression-parser';

const MAX_CACHED = 5_000;
/** Parsed expressions by kind (the label) and source text; never per request once warm. */
const cache = new Map<string, Map<string, ParsedExpression>>();
let cachedCount = 0;

function cached<T extends ParsedExpression>(label: string, source: string, parse: () => T): T {
  let byLabel = cache.get(label);
  if (!byLabel) cache.set(label, (byLabel = new Map()));
  const hit = byLabel.get(source);
  if (hit) return hit as T;
  const parsed = parse();
  if (cachedCount >= MAX_CACHED) {
    for (const map of cache.values()) map.clear();
    cachedCount = 0;
  }
  byLabel.set(source, parsed);
  cachedCount++;
  return parsed;
}

/** How many distinct expressions are parsed and kept (tests check the steady state does not parse). */
export const cachedExpressionCount = (): number => cachedCount;

export interface ExpressionInput {
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: AttributeMap;
}

/** Resolves placeholders for the evaluators; created per request (or per transaction item). */
export class ExpressionContext {
  private readonly names: Record<string, string> | undefined;
  private readonly values: AttributeMap | undefined;
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();
  private used = false;

  constructor(input: ExpressionInput) {
    this.names = input.ExpressionAttributeNames;
    this.values = input.ExpressionAttributeValues;
    if (this.names && Object.keys(this.names).length === 0) {
      throw validation('ExpressionAttributeNames must not be empty');
    }
    if (this.values) {
      const keys = Object.keys(this.values);
      if (keys.length === 0) throw validation('ExpressionAttributeValues must not be empty');
      for (const key of keys) {
        try {
          validateValue(this.values[key]);
        } catch (error) {
          throw validation(
            `ExpressionAttributeValues contains invalid value: ${(error as Error).message} for key ${key}`,
          );
        }
      }
    }
  }

  condition(source: string | undefined, label: string): ParsedCondition | undefined {
    if (source === undefined) return undefined;
    const parsed = this.track(
      cached(label, source, () => parseCondition(source, label)),
      label,
    );
    if (parsed.valueChecks.length > 0) checkValueOperands(parsed.valueChecks, this, label);
    return parsed;
  }

  update(source: string | undefined): ParsedUpdate | undefined {
    if (source === undefined) return undefined;
    return this.track(
      cached('UpdateExpression', source, () => parseUpdate(source)),
      'UpdateExpression',
    );
  }

  projection(source: string | undefined): ParsedProjection | undefined {
    if (source === undefined) return undefined;
    return this.track(
      cached('ProjectionExpression', source, () => parseProjection(source)),
      'ProjectionExpression',
    );
  }

  private track<T extends ParsedExpression>(parsed: T, label: string): T {
    this.used = true;
    for (const name of parsed.names) {
      if (this.names?.[name] === undefined) {
        throw validation(
          `Invalid ${label}: An expression attribute name used in the document path is not defined; attribute name: ${name}`,
        );
      }
      this.usedNames.add(name);
    }
    for (const value of parsed.values) {
      if (this.values?.[value] === undefined) {
        throw validation(
          `Invalid ${label}: An expression attribute value used in expression is not defined; attribute value: ${value}`,
        );
      }
      this.usedValues.add(value);
    }
    return parsed;
  }

  /** Call after every expression of the request was read: refuses unused names and values like DynamoDB. */
  finish(): void {
    if (!this.used) {
      if (this.names)
        throw validation('ExpressionAttributeNames can only be specified when using expressions');
      if (this.values)
        throw validation('ExpressionAttributeValues can only be specified when using expressions');
      return;
    }
    const unusedNames = this.names ? Object.keys(this.names).filter((n) => !this.usedNames.has(n)) : [];
    if (unusedNames.length > 0) {
      throw validation(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
      );
    }
    const unusedValues = this.values ? Object.keys(this.values).filter((v) => !this.usedValues.has(v)) : [];
    if (unusedValues.length > 0) {
      throw validation(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
      );
    }
  }

  /** The attribute name of a path step (placeholders resolved). */
  name(element: PathElement & { kind: 'name' }): string {
    return element.placeholder ? this.names![element.name]! : element.name;
  }

  value(placeholder: string): AttributeValue {
    return this.values![placeholder]!;
  }
}
