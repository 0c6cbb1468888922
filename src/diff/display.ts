/**
 * Which form of a derivative to print. The DAG of a reverse-mode gradient is the truth
 * (compiled, evaluated), but printed as a tree it can swell far beyond the forward-mode
 * derivative of the same function: reverse mode multiplies each adjoint into every
 * partial below it, and canonical products flatten those chains, so each shared node's
 * adjoint is written out once per path (x ↦ sin(x·x + x) composed 10 times: 19 M
 * characters reverse, 158 k forward, SymPy 171 k; test/diff/print-size.test.ts). The
 * printed form is the smaller tree of the two; both have the same value. Each shown form
 * is then offered to `together` (one common denominator, shared factors cancelled), kept
 * only when that prints smaller: the logistic loss's second derivative
 * -y*e*(y*e/(e + 1)^2 - y/(e + 1)) becomes y^2*e/(e + 1)^2 (e = exp(-u*y)).
 */
import { children, togetherMemo, treeSizer, type Expr, type Sym } from '../expr/index.js';
import { derivative } from './derivative.js';

/** A form is kept without trying another while its tree is at most this many times f's, plus SLACK. */
const SWELL = 2;
const SLACK = 64;

/**
 * What the choice of forms remembers over all the components: tree sizes and `together`
 * forms of the nodes seen so far. Components share most of their DAG (each derivative of
 * log(sum_i exp(x_i)) holds the whole sum), so measuring or combining them one by one
 * with fresh memos walked that shared part once per variable: n^2 for n variables.
 */
interface Memo {
  readonly size: (e: Expr) => number;
  readonly together: (e: Expr) => Expr;
}
const newMemo = (): Memo => ({ size: treeSizer(), together: togetherMemo() });

/**
 * The test "is a tree of this size small enough to print as it is?": at most SWELL
 * times f's tree (or `floor`, when that is larger) plus SLACK. f's tree size is only
 * walked past a lower bound read off its top two levels, and then once: a 10^6-term f
 * whose derivatives are small is not walked at all.
 */
function smallAgainst(f: Expr, memo: Memo): (size: number, floor?: number) => boolean {
  let fSize = lowerTreeSize(f);
  let exact = false;
  return (size, floor = 0) => {
    if (size <= SWELL * Math.max(fSize, floor) + SLACK) return true;
    if (exact) return false;
    fSize = memo.size(f);
    exact = true;
    return size <= SWELL * Math.max(fSize, floor) + SLACK;
  };
}

/**
 * For each variable, the form of ∂f/∂x to print: the given (reverse-mode) component,
 * or the forward-mode derivative when that prints as a smaller tree. The forward form
 * is only built for components whose tree is large against f's, so a gradient over 10^6
 * variables with small components costs one walk.
 */
export function displayGradient(f: Expr, xs: readonly (Sym | string)[], grad: readonly Expr[]): Expr[] {
  const memo = newMemo();
  const sizes = grad.map(memo.size);
  const small = smallAgainst(f, memo);
  return grad.map((g, i) => {
    if (small(sizes[i]!)) return combined(g, sizes[i]!, memo);
    const forward = derivative(f, xs[i]!);
    const forwardSize = memo.size(forward);
    return forwardSize < sizes[i]! ? combined(forward, forwardSize, memo) : combined(g, sizes[i]!, memo);
  });
}

/**
 * Trees up to this many nodes are offered to `together`. Its cost is linear in the tree
 * (bounded work per sum), so with this cap it costs at most what printing the form costs,
 * even over 10^6 components that share one large DAG.
 */
const TOGETHER_MAX_TREE = 100_000;

/** e, or its `together` form when that is a smaller tree (`size` is e's tree size). */
function combined(e: Expr, size: number, memo: Memo): Expr {
  if (size > TOGETHER_MAX_TREE || size < 4) return e;
  const t = memo.together(e);
  return t !== e && memo.size(t) < size ? t : e;
}

/** A lower bound of `treeSizes([e])[0]`: e, its children, and their children counted once each. */
function lowerTreeSize(e: Expr): number {
  let n = 1;
  for (const k of children(e)) n += 1 + children(k).length;
  return n;
}

/**
 * The forms of the Hessian's entries to print: each entry as given, or the forward-mode
 * derivative of the printed first derivative (`firstForms[i]`, from displayGradient)
 * when that is a smaller tree. Symmetric like the input: entry (j, i) is entry (i, j).
 * Entries are measured against f and the first derivatives, with f walked only as
 * displayGradient walks it.
 */
export function displayHessian(f: Expr, xs: readonly (Sym | string)[], firstForms: readonly Expr[], hess: readonly (readonly Expr[])[]): Expr[][] {
  const n = xs.length;
  const memo = newMemo();
  let firstMax = 0;
  for (let i = 0; i < n; i++) firstMax = Math.max(firstMax, memo.size(firstForms[i]!));
  const small = smallAgainst(f, memo);
  const rows: Expr[][] = hess.map((row) => [...row]);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const size = memo.size(rows[i]![j]!);
      if (small(size, firstMax)) {
        rows[i]![j] = combined(rows[i]![j]!, size, memo);
        continue;
      }
      const forward = derivative(firstForms[i]!, xs[j]!);
      const forwardSize = memo.size(forward);
      rows[i]![j] = forwardSize < size ? combined(forward, forwardSize, memo) : combined(rows[i]![j]!, size, memo);
    }
    for (let j = 0; j < i; j++) rows[i]![j] = rows[j]![i]!;
  }
  return rows;
}
