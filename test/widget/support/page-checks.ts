// In-page accessibility probes (run through playwright's evaluate, which the page's CSP does not restrict).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the element matching `selector`; returns
 * "rule: target" strings. The engine is evaluated through DevTools, so the page's CSP stays on.
 */
export async function axeViolations(page: Page, selector: string): Promise<string[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<any> } }).axe;
    const result = await axe.run(document.querySelector(sel), {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return (result.violations as Array<{ id: string; nodes: Array<{ target: string[] }> }>).flatMap((v) =>
      v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`),
    );
  }, selector);
}

export interface ContrastSample {
  readonly selector: string;
  readonly foreground: string;
  readonly background: string;
  readonly ratio: number;
}

/** WCAG contrast of each selector's text colour against its effective (first opaque ancestor) background. */
export async function contrastOf(page: Page, selectors: readonly string[]): Promise<ContrastSample[]> {
  return page.evaluate((list) => {
    const parse = (value: string): [number, number, number, number] => {
      const parts = value.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
    };
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    return list.map((selector) => {
      const element = document.querySelector(selector);
      if (!element) throw new Error(`no element for ${selector}`);
      const foreground = getComputedStyle(element).color;
      let node: Element | null = element;
      let background = 'rgb(255, 255, 255)';
      while (node) {
        const bg = getComputedStyle(node).backgroundColor;
        if (parse(bg)[3] > 0 && bg !== 'transparent') {
          background = bg;
          break;
        }
        node = node.parentElement;
      }
      const [l1, l2] = [luminance(parse(foreground)), luminance(parse(background))].sort((a, b) => b - a);
      return {
        selector,
        foreground,
        background,
        ratio: Math.round(((l1! + 0.05) / (l2! + 0.05)) * 100) / 100,
      };
    });
  }, selectors);
}

/** The accessible-name sources of a form control: its <label for>, aria-label or aria-labelledby. */
export async function labelOf(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => {
    const element = document.querySelector(sel) as HTMLElement | null;
    if (!element) throw new Error(`no element for ${sel}`);
    const byAria = element.getAttribute('aria-label');
    if (byAria) return byAria.trim();
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy)
      return labelledBy
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
        .trim();
    const labels = (element as HTMLInputElement).labels;
    if (labels && labels.length > 0)
      return Array.from(labels)
        .map((l) => l.textContent ?? '')
        .join(' ')
        .trim();
    return element.tagName === 'BUTTON' ? (element.textContent ?? '').trim() : '';
  }, selector);
}
