// Parsed expression trees (cached per expression string): paths, operands, conditions and update actions.

/** One step of a document path: an attribute name (maybe a #placeholder) or a list index. */
export type PathElement =
  | { readonly kind: 'name'; readonly name: string; readonly placeholder: boolean }
  | { readonly kind: 'index'; readonly index: number };
export type Path = readonly PathElement[];

export type Operand =
  | { readonly kind: 'path'; readonly path: Path }
  | { readonly kind: 'value'; readonly name: string }
  | { readonly kind: 'size'; readonly path: Path };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type ConditionFunction =
  'attribute_exists' | 'attribute_not_exists' | 'attribute_type' | 'begins_with' | 'contains';

export type Condition =
  | { readonly kind: 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'and'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly operand: Condition }
  | { readonly kind: 'compare'; readonly op: Comparator; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'between'; readonly operand: Operand; readonly low: Operand; readonly high: Operand }
  | { readonly kind: 'in'; readonly operand: Operand; readonly list: readonly Operand[] }
  | { readonly kind: 'function'; readonly name: ConditionFunction; readonly args: readonly Operand[] };

export type SetOperand =
  | Operand
  | { readonly kind: 'if_not_exists'; readonly path: Path; readonly fallback: SetOperand }
  | { readonly kind: 'list_append'; readonly left: SetOperand; readonly right: SetOperand };
export type SetValue =
  | SetOperand
  | {
      readonly kind: 'arithmetic';
      readonly op: '+' | '-';
      readonly left: SetOperand;
      readonly right: SetOperand;
    };

export type UpdateAction =
  | { readonly kind: 'SET'; readonly path: Path; readonly value: SetValue }
  | { readonly kind: 'REMOVE'; readonly path: Path }
  | { readonly kind: 'ADD' | 'DELETE'; readonly path: Path; readonly value: string };

/** What every parsed expression records: the placeholders it uses, checked against the request's maps. */
export interface ParsedExpression {
  readonly names: ReadonlySet<string>;
  readonly values: ReadonlySet<string>;
}
export interface ParsedCondition extends ParsedExpression {
  readonly condition: Condition;
  /** Nodes whose literal operands DynamoDB type-checks up front (begins_with, attribute_type, BETWEEN bounds). */
  readonly valueChecks: readonly Condition[];
}
export interface ParsedUpdate extends ParsedExpression {
  readonly actions: readonly UpdateAction[];
}
export interface ParsedProjection extends ParsedExpression {
  readonly paths: readonly Path[];
}
