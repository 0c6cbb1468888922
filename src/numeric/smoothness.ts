/**
 * Where a derivative does not exist or is infinite at a point, found by evaluating every
 * node of the expression DAG there (once per shared node).
 *
 * A derivative check at such a point says nothing: at the kink of abs(u) the symbolic
 * rule gives sign(0) = 0 and the symmetric difference gives 0 too, so the check "passes"
 * at a point where f has no derivative; at sqrt(u) with u = 0 the symbolic derivative is
 * infinite and the difference is NaN. `diff --at` and `gradcheck` report these instead.
 *
 * Detected (u the argument's value at the point, exactly as doubles compute it):
 * - `not_differentiable`: abs(u) or sign(u) with u = 0.
 * - `infinite_derivative`: u^p with u = 0 and 0 < p < 1 non-integer (sqrt(u)); asin(u),
 *   acos(u) at u = ±1; acosh(u) at u = 1.
 */
import { children, topologicalOrder, toText, type Expr } from '../expr/index.js';
import { nodeValue } from '../compile/index.js';

/** A reason why the derivative of f does not exist, or is infinite, at a point. */
export interface Nonsmooth {
  readonly kind: 'not_differentiable' | 'infinite_derivative';
  /** The subexpression where it happens, as text (at most about 80 characters). */
  readonly at: string;
  /** The argument of that subexpression, as text (at most about 80 characters). */
  readonly argument: string;
  /** One sentence for a message: `abs(x - 1) is not differentiable where x - 1 = 0`. */
  readonly reason: string;
}

const MAX_TEXT = 80;

function short(e: Expr): string {
  const t = toText(e);
  return t.length <= MAX_TEXT ? t : `${t.slice(0, MAX_TEXT - 1)}…`;
}

/**
 * The first node of `expr` (in evaluation order) at which f is not differentiable or
 * has an infinite derivative at the point `values` of `names`, or undefined.
 */
export function findNonsmooth(expr: Expr, names: readonly string[], values: ArrayLike<number>): Nonsmooth | undefined {
  const env = new Map<string, number>();
  names.forEach((n, i) => env.set(n, values[i]!));
  const value = new Map<Expr, number>();
  for (const node of topologicalOrder([expr])) {
    let v: number;
    if (node.kind === 'sym') v = env.get(node.name) ?? NaN;
    else v = nodeValue(node, children(node).map((k) => value.get(k)!));
    value.set(node, v);
    const found = check(node, value);
    if (found) return found;
  }
  return undefined;
}

function check(node: Expr, value: ReadonlyMap<Expr, number>): Nonsmooth | undefined {
  if (node.kind === 'call') {
    const u = value.get(node.arg)!;
    const at = short(node);
    const argument = short(node.arg);
    if ((node.fn === 'abs' || node.fn === 'sign') && u === 0) {
      return { kind: 'not_differentiable', at, argument, reason: `${at} is not differentiable where ${argument} = 0 (its kink is at the point)` };
    }
    if (((node.fn === 'asin' || node.fn === 'acos') && Math.abs(u) === 1) || (node.fn === 'acosh' && u === 1)) {
      return { kind: 'infinite_derivative', at, argument, reason: `the derivative of ${at} is infinite where ${argument} = ${u}` };
    }
  }
  if (node.kind === 'pow' && node.exp.kind === 'num') {
    const p = node.exp.value;
    const base = value.get(node.base)!;
    if (base === 0 && !p.isInteger && p.sign > 0 && p.num < p.den) {
      const at = short(node);
      const argument = short(node.base);
      return { kind: 'infinite_derivative', at, argument, reason: `the derivative of ${at} is infinite where ${argument} = 0` };
    }
  }
  return undefined;
}
