/**
 * Compiled derivatives built on `src/diff`: value and gradient in one function sharing
 * intermediates (reverse mode: the gradient's DAG reuses the nodes of f), the Hessian,
 * and Hessian-vector products without forming the Hessian.
 */
import { gradient, hessian, hessianVectorProduct } from '../diff/index.js';
import { sym, type Expr, type Sym } from '../expr/index.js';
import { checkLength, generate, toSymbols, withInfo, type CompiledInfo, type CompileOptions, type Variable } from './compile.js';

/** f and its gradient from one generated function. */
export interface CompiledGradient extends CompiledInfo {
  /** f(x), with ∇f(x) written into `grad` (length = number of variables). */
  valueAndGradient(x: Float64Array, grad: Float64Array): number;
  /** ∇f(x) into `out` (allocated when absent). */
  gradient(x: Float64Array, out?: Float64Array): Float64Array;
  /** f at n points: each row of the result is [f, ∂f/∂x_1, ..., ∂f/∂x_n]. */
  evaluateBatch(inputs: Float64Array, n: number, out?: Float64Array): Float64Array;
}

/** Compiles f together with its reverse-mode gradient; shared subexpressions are computed once for both. */
export function compileGradient(e: Expr, vars: readonly Variable[], options: CompileOptions = {}): CompiledGradient {
  const symbols = toSymbols(vars);
  const roots = [e, ...gradient(e, symbols)];
  const n = symbols.length;
  const { fns, info } = generate(roots, symbols, { inputs: [{ name: 'x', count: n }], single: 'return-first', batch: true }, options);
  const one = fns.one as (x: Float64Array, g: Float64Array) => number;
  const batch = fns.batch!;
  return withInfo(info, {
    valueAndGradient(x: Float64Array, grad: Float64Array): number {
      checkLength('x', x, n);
      checkLength('grad', grad, n);
      return one(x, grad);
    },
    gradient(x: Float64Array, out: Float64Array = new Float64Array(n)): Float64Array {
      checkLength('x', x, n);
      checkLength('out', out, n);
      one(x, out);
      return out;
    },
    evaluateBatch(inputs: Float64Array, count: number, out?: Float64Array): Float64Array {
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`the number of points must be a non-negative integer, got ${count}`);
      checkLength('inputs', inputs, count * n);
      const o = out ?? new Float64Array(count * (n + 1));
      checkLength('out', o, count * (n + 1));
      return batch(inputs, count, o);
    },
  });
}

/** The Hessian as a compiled function. */
export interface CompiledHessian extends CompiledInfo {
  /** The n×n Hessian at x, row-major, into `out` (allocated when absent). */
  evaluate(x: Float64Array, out?: Float64Array): Float64Array;
}

/** Compiles the Hessian; symmetric entries are the same node, so each is computed once. */
export function compileHessian(e: Expr, vars: readonly Variable[], options: CompileOptions = {}): CompiledHessian {
  const symbols = toSymbols(vars);
  const n = symbols.length;
  const roots = hessian(e, symbols).flat();
  const { fns, info } = generate(roots, symbols, { inputs: [{ name: 'x', count: n }], single: 'array', batch: false }, options);
  const one = fns.one as (x: Float64Array, out: Float64Array) => Float64Array;
  return withInfo(info, {
    evaluate(x: Float64Array, out: Float64Array = new Float64Array(n * n)): Float64Array {
      checkLength('x', x, n);
      checkLength('out', out, n * n);
      return one(x, out);
    },
  });
}

/** Hessian-vector products as a compiled function. */
export interface CompiledHvp extends CompiledInfo {
  /** H(x)·v into `out` (allocated when absent); costs a small multiple of one gradient. */
  evaluate(x: Float64Array, v: Float64Array, out?: Float64Array): Float64Array;
}

/**
 * Direction symbols for the HVP. Their names cannot be written in the input syntax
 * (they contain '#'), so they never collide with a user's variable.
 */
function directionSymbols(n: number): Sym[] {
  return Array.from({ length: n }, (_, i) => sym(`#hvp.v${i}`));
}

/** Compiles H(x)·v with the direction v as a second input array, built from the gradient of ∇f·v. */
export function compileHvp(e: Expr, vars: readonly Variable[], options: CompileOptions = {}): CompiledHvp {
  const symbols = toSymbols(vars);
  const n = symbols.length;
  const dirs = directionSymbols(n);
  const roots = hessianVectorProduct(e, symbols, dirs);
  const { fns, info } = generate(
    roots,
    [...symbols, ...dirs],
    { inputs: [{ name: 'x', count: n }, { name: 'v', count: n }], single: 'array', batch: false },
    options,
  );
  const one = fns.one as (x: Float64Array, v: Float64Array, out: Float64Array) => Float64Array;
  return withInfo(info, {
    evaluate(x: Float64Array, v: Float64Array, out: Float64Array = new Float64Array(n)): Float64Array {
      checkLength('x', x, n);
      checkLength('v', v, n);
      checkLength('out', out, n);
      return one(x, v, out);
    },
  });
}
