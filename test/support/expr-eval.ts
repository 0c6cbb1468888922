/**
 * A plain tree-walking evaluator for tests of the expr room (which has no numeric code
 * of its own): doubles, Math.pow for powers, FUNCTIONS' `evaluate` for calls.
 */
import { FUNCTIONS, topologicalOrder, type Expr } from '../../src/expr/index.js';

/** Value of e at the point (symbol name → number); NaN where undefined. */
export function evaluate(e: Expr, at: Readonly<Record<string, number>>): number {
  const value = new Map<Expr, number>();
  for (const n of topologicalOrder([e])) {
    let v: number;
    switch (n.kind) {
      case 'num':
        v = n.value.toNumber();
        break;
      case 'const':
        v = Math.PI;
        break;
      case 'sym': {
        const x = at[n.name];
        if (x === undefined) throw new Error(`no value for ${n.name}`);
        v = x;
        break;
      }
      case 'add':
        v = n.terms.reduce((s, t) => s + value.get(t)!, 0);
        break;
      case 'mul':
        v = n.factors.reduce((p, f) => p * value.get(f)!, 1);
        break;
      case 'pow':
        v = Math.pow(value.get(n.base)!, value.get(n.exp)!);
        break;
      case 'call':
        v = FUNCTIONS[n.fn].evaluate(value.get(n.arg)!);
        break;
    }
    value.set(n, v);
  }
  return value.get(e)!;
}

/** |a - b| <= tol * max(1, |a|, |b|), with NaN equal to NaN. */
export function close(a: number, b: number, tol = 1e-9): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

/** A small seeded PRNG (mulberry32) for reproducible sample points. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** d/dx of sin nested `depth` deep at t, by the chain rule in doubles: the product of cos(sin^k(t)), k < depth. */
export function sinChainDerivative(depth: number, t: number): number {
  let v = t;
  let dv = 1;
  for (let i = 0; i < depth; i++) {
    dv *= Math.cos(v);
    v = Math.sin(v);
  }
  return dv;
}
