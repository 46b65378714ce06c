// Shapes of benchmark results: every figure is reported beside its floor and checked against a budget.
import type { Summary } from './stats';

export interface Figure {
  /** Stable id, e.g. `bundle.tokenIssuer.sizeKb`. */
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly value: Summary;
  /** The physical floor measured the same way on the same machine in the same run. */
  readonly floor?: { readonly label: string; readonly value: Summary };
  /** Budget check: the median (or the named statistic) must stay on the right side of the limit. */
  readonly budget?: {
    readonly limit: number;
    readonly direction: 'max' | 'min';
    readonly statistic: keyof Summary;
  };
  readonly note?: string;
}

export interface SectionResult {
  readonly name: string;
  readonly figures: readonly Figure[];
}

export function budgetHolds(figure: Figure): boolean {
  if (!figure.budget) return true;
  const actual = figure.value[figure.budget.statistic];
  return figure.budget.direction === 'max' ? actual <= figure.budget.limit : actual >= figure.budget.limit;
}
