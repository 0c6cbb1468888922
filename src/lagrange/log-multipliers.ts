/**
 * Exact multipliers at an exact algebraic point whose stationarity rows carry logarithms
 * (maximum entropy: ∂/∂p of −p·log p is −log p − 1). Stationarity is linear in the
 * multipliers, so a set of independent rows, solved exactly with the logs of exact values
 * as symbolic constants, gives them; every other row must then vanish exactly. A row that
 * does not cancel in canonical form may still be zero by a multiplicative identity among
 * the logs' arguments (log p₂² = log p₁ + log p₃ because p₂² = p₁·p₃ in Q(√13)): a residual
 * q₀ + Σ cᵢ·log aᵢ with rational q₀, cᵢ and positive algebraic aᵢ is zero when q₀ = 0 and
 * Π aᵢ^(D·cᵢ) = 1 (D the common denominator), which expansion over the surds decides.
 * (maxent's finite-set route, maxent/route-discrete-exact, derives the Gibbs case from the
 * data instead, t = exp(λ·step) a root over Q; this file serves any log rows at a point
 * already recognised, so the two stay separate.)
 */
import { derivative } from '../diff/index.js';
import { ZERO, add, expand, gcd, freeSymbols, mul, neg, pow, num, substitute, topologicalOrder, type Expr, type ExpandWork } from '../expr/index.js';
import { evaluateAt, isExactlyZero } from '../parameters/index.js';
import { solveSystem } from '../solve/index.js';

/** Largest integer exponent of an argument in the product test (the expansion is counted work too). */
const MAX_LOG_EXPONENT = 24;

/**
 * The multipliers solved exactly from `rows` (stationarity at the exact point, linear in
 * `multipliers`), every row verified exactly (zero, or a log identity); undefined when
 * any step is not exact or a row is not shown zero within `work`.
 */
export function exactLogMultipliers(rows: readonly Expr[], multipliers: readonly string[], work: ExpandWork): Map<string, Expr> | undefined {
  const k = multipliers.length;
  const coefficients = rows.map((r) => multipliers.map((m) => derivative(r, m)));
  // Linear in the multipliers, with constant coefficients and right-hand sides.
  for (const row of coefficients) for (const c of row) if (freeSymbols(c).size > 0) return undefined;
  const rest = rows.map((r) => substitute(r, Object.fromEntries(multipliers.map((m) => [m, ZERO]))));
  if (rest.some((r) => freeSymbols(r).size > 0)) return undefined;
  const chosen = independentRows(coefficients.map((row) => (row.length ? evaluateAt(row, new Map()) : [])), k);
  if (!chosen) return undefined;
  let sol;
  try {
    sol = solveSystem(chosen.map((i) => rows[i]!), [...multipliers]);
  } catch {
    return undefined;
  }
  const exact = sol.solutions.find((q) => q.exact && !(q.free && q.free.length > 0));
  if (sol.completeness !== 'complete' || sol.solutions.length !== 1 || !exact) return undefined;
  const values = new Map(multipliers.map((m) => [m, exact.values.get(m)!]));
  const binding = Object.fromEntries(values);
  for (const r of rows) if (!isZeroWithLogs(substitute(r, binding), work)) return undefined;
  return values;
}

/**
 * Indices of k linearly independent rows of A (doubles), first ones first: Gaussian
 * elimination with a relative pivot threshold; undefined when the rank is below k.
 */
function independentRows(A: readonly number[][], k: number): number[] | undefined {
  const scale = Math.max(1, ...A.flat().map(Math.abs));
  const basis: number[][] = []; // reduced rows, each with its pivot column
  const pivots: number[] = [];
  const chosen: number[] = [];
  for (let i = 0; i < A.length && chosen.length < k; i++) {
    const v = [...A[i]!];
    basis.forEach((b, t) => {
      const f = v[pivots[t]!]! / b[pivots[t]!]!;
      for (let j = 0; j < k; j++) v[j] = v[j]! - f * b[j]!;
    });
    let p = -1;
    for (let j = 0; j < k; j++) if (Math.abs(v[j]!) > 1e-9 * scale && (p < 0 || Math.abs(v[j]!) > Math.abs(v[p]!))) p = j;
    if (p < 0) continue;
    basis.push(v);
    pivots.push(p);
    chosen.push(i);
  }
  return chosen.length === k ? chosen : undefined;
}

/**
 * Is the constant e exactly zero: by the exact zero test, or as q₀ + Σ cᵢ·log aᵢ with
 * q₀ = 0 and Π aᵢ^(D·cᵢ) = 1 (aᵢ positive algebraic: numbers, radicals, sums and
 * products of them)? Counted against `work`; false when not shown.
 */
export function isZeroWithLogs(e: Expr, work: ExpandWork): boolean {
  if (isExactlyZero(e, work)) return true;
  if (freeSymbols(e).size > 0) return false;
  let expanded: Expr;
  try {
    expanded = expand(e, { maxTerms: 2000, work });
  } catch {
    return false;
  }
  const logs = new Map<Expr, { num: bigint; den: bigint }>();
  for (const t of expanded.kind === 'add' ? expanded.terms : [expanded]) {
    if (t.kind === 'num') return false; // a nonzero rational constant (like terms are collected)
    let c = { num: 1n, den: 1n };
    let f: Expr = t;
    if (t.kind === 'mul' && t.factors.length === 2 && t.factors[0]!.kind === 'num') {
      c = { num: t.factors[0]!.value.num, den: t.factors[0]!.value.den };
      f = t.factors[1]!;
    }
    if (f.kind !== 'call' || f.fn !== 'log' || !isAlgebraic(f.arg)) return false;
    if (logs.has(f.arg)) return false; // canonical sums collect like terms; be safe
    logs.set(f.arg, c);
  }
  if (logs.size === 0) return false;
  const args = [...logs.keys()];
  const values = evaluateAt(args, new Map());
  if (!values.every((v) => Number.isFinite(v) && v > 0)) return false;
  // Integer exponents nᵢ = D·cᵢ; Π over nᵢ > 0 must equal Π over nᵢ < 0 of aᵢ^(−nᵢ).
  let D = 1n;
  for (const { den } of logs.values()) D = (D / gcd(D, den)) * den;
  const lhs: Expr[] = [];
  const rhs: Expr[] = [];
  for (const [a, { num: n, den }] of logs) {
    const e = (n * D) / den;
    if (e > BigInt(MAX_LOG_EXPONENT) || -e > BigInt(MAX_LOG_EXPONENT)) return false;
    if (e > 0n) lhs.push(pow(a, num(Number(e))));
    else rhs.push(pow(a, num(Number(-e))));
  }
  return isExactlyZero(add(mul(...lhs), neg(mul(...rhs))), work);
}

/** Built from rationals by sums, products and rational powers only (an algebraic number). */
function isAlgebraic(e: Expr): boolean {
  return topologicalOrder([e]).every(
    (n) => n.kind === 'num' || n.kind === 'add' || n.kind === 'mul' || (n.kind === 'pow' && n.exp.kind === 'num'),
  );
}
