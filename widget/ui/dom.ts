// DOM helpers that only ever set text through textContent and attributes through setAttribute.

export type Attributes = Record<string, string | boolean | undefined>;

/** Creates an element; `true` sets an empty boolean attribute, `false`/undefined skip it. Text is never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attributes: Attributes = {},
  children: ReadonlyArray<Node | string> = [],
): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) element.append(typeof child === 'string' ? doc.createTextNode(child) : child);
  return element;
}

let counter = 0;
/** Unique ids for label/aria wiring when several widgets share a page. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
