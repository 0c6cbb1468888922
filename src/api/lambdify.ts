/**
 * SymPy's `lambdify` for this library: expressions (or their text) to a plain function
 * of a point given by name (`{x: 1, y: 2}`) or by position (`[1, 2]`), compiled once.
 * One expression gives a number, several give an array of numbers.
 */
import { compile, type PointInput } from '../compile/index.js';
import { freeSymbols, naturalOrder, parse, type Expr } from '../expr/index.js';

/** A compiled scalar function of a point. */
export type LambdifiedScalar = ((point: PointInput) => number) & { readonly variables: readonly string[] };
/** A compiled vector function of a point. */
export type LambdifiedVector = ((point: PointInput) => number[]) & { readonly variables: readonly string[] };

/**
 * Compiles `expr` over `variables` (default: its free symbols in natural order, x2
 * before x10). Text is parsed first. The function checks its input: a missing or
 * unknown name, or an array of the wrong length, throws a RangeError that names it.
 */
export function lambdify(expr: Expr | string, variables?: readonly string[]): LambdifiedScalar;
export function lambdify(exprs: readonly (Expr | string)[], variables?: readonly string[]): LambdifiedVector;
export function lambdify(input: Expr | string | readonly (Expr | string)[], variables?: readonly string[]): LambdifiedScalar | LambdifiedVector {
  const many = Array.isArray(input);
  const exprs = (many ? (input as readonly (Expr | string)[]) : [input as Expr | string]).map((e) => (typeof e === 'string' ? parse(e) : e));
  const vars = variables ?? naturalOrder(new Set(exprs.flatMap((e) => [...freeSymbols(e)])));
  const fn = compile(exprs, vars);
  const f = many ? (point: PointInput) => Array.from(fn.call(point)) : (point: PointInput) => fn.call(point)[0]!;
  return Object.assign(f, { variables: fn.variables }) as LambdifiedScalar | LambdifiedVector;
}
