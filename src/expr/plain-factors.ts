/**
 * Products that need none of `mulAll`'s general pass (nodes.ts): distinct factors that are
 * their own bases with exponent 1 and no number.
 */
import type { Expr } from './node-types.js';

/** Longest flattened product that `plainFactors` checks for repeated bases (pairwise). */
const PLAIN_PRODUCT_MAX = 8;

/**
 * The flattened factors of a product whose canonical form is just those factors sorted:
 * no number, no power, and no base twice (so nothing merges, nothing folds, no radical,
 * no coefficient to distribute), e.g. `x*y`, `x*y*sin(z)`, `(x + 1)*y`. For those,
 * `mulAll` skips its general pass (coefficient, exponent lists, radicals); the result is
 * the node the general pass makes (test/expr/parse-flat.test.ts, "mulAll on plain factors", compares the two).
 * `visited` is what the general pass would add to `canonicalOperandCount`.
 */
export function plainFactors(xs: readonly Expr[]): { readonly factors: Expr[]; readonly visited: number } | undefined {
  if (xs.length === 0 || xs.length > PLAIN_PRODUCT_MAX) return undefined;
  const factors: Expr[] = [];
  let visited = xs.length;
  for (const x of xs) {
    if (x.kind === 'mul') {
      visited += x.factors.length;
      for (const f of x.factors) {
        if (!isPlainFactor(f) || factors.length === PLAIN_PRODUCT_MAX) return undefined;
        factors.push(f);
      }
    } else if (isPlainFactor(x)) factors.push(x);
    else return undefined;
  }
  for (let i = 1; i < factors.length; i++) {
    for (let j = 0; j < i; j++) if (factors[i] === factors[j]) return undefined;
  }
  return { factors, visited };
}

/** A factor that is its own base with exponent 1 and no numeric part. */
export function isPlainFactor(x: Expr): boolean {
  return x.kind === 'sym' || x.kind === 'const' || x.kind === 'call' || x.kind === 'add';
}
