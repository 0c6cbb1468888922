/**
 * How much tree text a command may print. A DAG can be small while its tree is huge (the
 * derivative of sin nested 10^4 deep is a product of 10^4 cosines of nested sines: 5·10^7
 * tree nodes, over V8's 512 MB string limit once written). The tree sizes are counted on
 * the DAG in one linear walk (`treeSizes`), so a result over the budget is refused, or
 * shown only in its `cse` form, before any text is built.
 */
import { treeSizes, type Expr } from '../expr/index.js';

/**
 * Tree nodes (summed over every expression of one answer) that may be printed as text.
 * A node prints as about 5 characters of text and 20 of LaTeX, so 10^7 nodes is about
 * 250 MB of JSON: under the engine's 512 MB string limit, and seconds of printing.
 */
export const PRINT_BUDGET_NODES = 10_000_000;

/** The tree size of each expression, and which of them to leave unprinted to stay within the budget (the largest first). */
export interface PrintPlan {
  readonly sizes: readonly number[];
  readonly total: number;
  /** Indices of the expressions whose tree text is over budget; empty when all fit. */
  readonly omitted: ReadonlySet<number>;
}

export function planPrinting(exprs: readonly Expr[], budget = PRINT_BUDGET_NODES): PrintPlan {
  const sizes = treeSizes(exprs);
  const total = sizes.reduce((a, b) => a + b, 0);
  const omitted = new Set<number>();
  let left = total;
  for (const i of sizes.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]!)) {
    if (left <= budget) break;
    omitted.add(i);
    left -= sizes[i]!;
  }
  return { sizes, total, omitted };
}

/** A count of nodes for a sentence: `50,015,000` (or `about 1.2e+21` past exact doubles). */
export function formatNodes(n: number): string {
  return Number.isSafeInteger(n) ? n.toLocaleString('en-US') : `about ${n.toPrecision(2)}`;
}

/** The reason in `text_omitted` of an expression printed only in its cse form. */
export function omittedReason(size: number, budget = PRINT_BUDGET_NODES): string {
  return `the tree form has ${formatNodes(size)} nodes, over the print budget of ${formatNodes(budget)} nodes; the cse form is the expression`;
}
