// Document paths over items: lookup, projection, overlap checks and copy-on-write assignment/removal.
import type { AttributeMap, AttributeValue } from './attribute-values';
import type { Path, PathElement } from './expression-ast';
import type { ExpressionContext } from './expression-context';
import { validation } from './errors';

type Container = AttributeMap | AttributeValue[];
type Step = string | number;

/** The path with placeholders resolved: attribute names as strings, list indexes as numbers. */
export function resolveSteps(path: Path, context: ExpressionContext): Step[] {
  return path.map((e) => (e.kind === 'name' ? context.name(e) : e.index));
}

/** The value at `path` in `item`, or undefined when any step is missing or of the wrong kind. */
export function valueAt(
  item: AttributeMap | undefined,
  path: Path,
  context: ExpressionContext,
): AttributeValue | undefined {
  if (!item) return undefined;
  let value: AttributeValue | undefined = item[context.name(path[0] as PathElement & { kind: 'name' })];
  for (let i = 1; i < path.length && value; i++) {
    const element = path[i]!;
    value = element.kind === 'name' ? value.M?.[context.name(element)] : value.L?.[element.index];
  }
  return value;
}

const formatSteps = (steps: Step[]) =>
  `[${steps.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join(', ')}]`;

/** Refuses two paths where one is a prefix of (or equal to) the other, like DynamoDB. */
export function checkOverlaps(paths: Step[][], label: string): void {
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const a = paths[i]!;
      const b = paths[j]!;
      const common = Math.min(a.length, b.length);
      let k = 0;
      while (k < common && a[k] === b[k]) k++;
      if (k < common) continue;
      const detail = `path one: ${formatSteps(a)}, path two: ${formatSteps(b)}`;
      throw validation(
        a.length === b.length
          ? `Invalid ${label}: Two document paths conflict with each other; must remove or rewrite one of these paths; ${detail}`
          : `Invalid ${label}: Two document paths overlap with each other; must remove or rewrite one of these paths; ${detail}`,
      );
    }
  }
}

interface ProjectionNode {
  leaf?: AttributeValue;
  fields?: Map<string, ProjectionNode>;
  items?: Map<number, ProjectionNode>;
}

/** A new item holding only the given (non-overlapping) paths; list elements keep their relative order. */
export function project(item: AttributeMap, paths: Step[][]): AttributeMap {
  const result: AttributeMap = {};
  const nested: Map<string, ProjectionNode> = new Map();
  for (const steps of paths) {
    const top = steps[0] as string;
    const root = item[top];
    if (root === undefined) continue;
    if (steps.length === 1) {
      result[top] = root;
      continue;
    }
    let value: AttributeValue | undefined = root;
    for (let i = 1; i < steps.length && value; i++) {
      const step = steps[i]!;
      value = typeof step === 'number' ? value.L?.[step] : value.M?.[step];
    }
    if (value === undefined) continue;
    let node = nested.get(top);
    if (!node) nested.set(top, (node = {}));
    for (let i = 1; i < steps.length; i++) {
      const step = steps[i]!;
      const children: Map<Step, ProjectionNode> =
        typeof step === 'number' ? (node.items ??= new Map()) : (node.fields ??= new Map());
      let child = children.get(step);
      if (!child) children.set(step, (child = {}));
      node = child;
    }
    node.leaf = value;
  }
  for (const [name, node] of nested) result[name] = materialize(node);
  return result;
}

function materialize(node: ProjectionNode): AttributeValue {
  if (node.leaf) return node.leaf;
  if (node.items) {
    return {
      L: [...node.items.entries()].sort((a, b) => a[0] - b[0]).map(([, child]) => materialize(child)),
    };
  }
  const map: AttributeMap = {};
  for (const [name, child] of node.fields ?? []) map[name] = materialize(child);
  return { M: map };
}

const invalidPath = () =>
  validation('The document path provided in the update expression is invalid for update');

function childOf(container: Container, step: Step): AttributeValue | undefined {
  if (Array.isArray(container)) return typeof step === 'number' ? container[step] : undefined;
  return typeof step === 'string' ? container[step] : undefined;
}

/** Walks to the parent container of the last step, copying every container on the way (copy-on-write). */
function parentFor(root: AttributeMap, steps: Step[], create: boolean): Container | undefined {
  let container: Container = root;
  for (let i = 0; i < steps.length - 1; i++) {
    const child = childOf(container, steps[i]!);
    const wantsList = typeof steps[i + 1] === 'number';
    if (!child || (wantsList ? !child.L : !child.M)) {
      if (create) throw invalidPath();
      return undefined;
    }
    const copy: AttributeValue = wantsList ? { L: [...child.L!] } : { M: { ...child.M! } };
    if (Array.isArray(container)) container[steps[i] as number] = copy;
    else container[steps[i] as string] = copy;
    container = wantsList ? copy.L! : copy.M!;
  }
  return container;
}

/** Sets the value at `steps` in `root` (a fresh top-level copy); a list index past the end appends. */
export function assignPath(root: AttributeMap, steps: Step[], value: AttributeValue): void {
  const parent = parentFor(root, steps, true)!;
  const last = steps[steps.length - 1]!;
  if (Array.isArray(parent)) {
    const index = last as number;
    if (index >= parent.length) parent.push(value);
    else parent[index] = value;
  } else {
    parent[last as string] = value;
  }
}

/** Removes the value at `steps` from `root` (a fresh top-level copy); missing paths are left alone. */
export function removePath(root: AttributeMap, steps: Step[]): void {
  const parent = parentFor(root, steps, false);
  if (!parent) return;
  const last = steps[steps.length - 1]!;
  if (Array.isArray(parent)) {
    if ((last as number) < parent.length) parent.splice(last as number, 1);
  } else {
    delete parent[last as string];
  }
}

/** The value at resolved `steps`. */
export function valueAtSteps(item: AttributeMap | undefined, steps: Step[]): AttributeValue | undefined {
  let value: AttributeValue | undefined = item?.[steps[0] as string];
  for (let i = 1; i < steps.length && value; i++) {
    const step = steps[i]!;
    value = typeof step === 'number' ? value.L?.[step] : value.M?.[step];
  }
  return value;
}

/** Projects an item onto parsed projection paths (overlaps refused like DynamoDB). */
export function projectPaths(
  item: AttributeMap,
  paths: readonly Path[],
  context: ExpressionContext,
): AttributeMap {
  return project(item, resolvedProjection(paths, context));
}

const resolvedCache = new WeakMap<object, Step[][]>();
/** Resolved projection steps; the overlap check runs once per request context. */
export function resolvedProjection(paths: readonly Path[], context: ExpressionContext): Step[][] {
  let steps = resolvedCache.get(context);
  if (!steps) {
    steps = paths.map((p) => resolveSteps(p, context));
    checkOverlaps(steps, 'ProjectionExpression');
    resolvedCache.set(context, steps);
  }
  return steps;
}

export type { Step };
