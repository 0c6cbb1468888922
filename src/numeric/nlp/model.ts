/**
 * A nonlinear program as the interior-point method sees it: variables z with bounds
 * l ≤ z ≤ u (±∞ allowed) and equality constraints c(z) = 0, with exact first and
 * second derivatives compiled from the expressions (src/diff, src/compile).
 *
 * The user's form is: minimise f(x) subject to h(x) = 0 and g(x) ≤ 0. Inequalities that
 * are affine in one variable (`x >= 0`, `2*y <= 3`) become bounds on that variable, so
 * the iterates never leave them (log(x) with x ≥ 0 stays defined); every other
 * inequality gets a slack s ≥ 0 with g(x) + s = 0. So z = (x, s) and c = (h, g + s).
 */
import { compile, type CompiledFunction } from '../../compile/index.js';
import { gradient, hessian } from '../../diff/index.js';
import { add, freeSymbols, mul, sym, ZERO, type Expr } from '../../expr/index.js';

/** The user's problem: minimise f subject to h = 0 and g ≤ 0, in the named variables. */
export interface NlpInput {
  readonly variables: readonly string[];
  readonly objective: Expr;
  readonly equalities: readonly Expr[];
  /** Constraints g(x) ≤ 0. */
  readonly inequalities: readonly Expr[];
}

/** Where an inequality of the input went: a bound on a variable, or a slacked row of c. */
export type InequalityRole =
  | { readonly kind: 'bound'; readonly variable: number; readonly side: 'lower' | 'upper'; readonly value: number; readonly coefficient: number }
  | { readonly kind: 'row'; readonly row: number; readonly slack: number };

/** The compiled program in the internal form (z = (x, s), c(z) = 0, l ≤ z ≤ u). */
export interface NlpModel {
  /** Number of user variables x. */
  readonly nx: number;
  /** Length of z = x plus slacks. */
  readonly n: number;
  /** Number of rows of c. */
  readonly m: number;
  /** Number of equality rows (the first m of c are h, then the slacked inequalities). */
  readonly mEq: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly roles: readonly InequalityRole[];
  /** f(z). */
  objective(z: Float64Array): number;
  /** c(z) into out; returns false when a value is not finite. */
  constraints(z: Float64Array, out: Float64Array): boolean;
  /** ∇f into g and the m×n Jacobian of c (row-major) into jac. */
  derivatives(z: Float64Array, g: Float64Array, jac: Float64Array): void;
  /** Lower triangle of ∇²(σ f + yᵀc) with respect to z, as a full symmetric n×n matrix. */
  hessian(z: Float64Array, sigma: number, y: Float64Array, out: Float64Array): void;
  /** The input's constraint values: h(x) and g(x) for the user's x. */
  userConstraints(x: ArrayLike<number>): { h: Float64Array; g: Float64Array };
}

/** Names of the internal symbols; '#' cannot occur in user names, so they never clash. */
const SIGMA = '#nlp.sigma';
const multiplierSymbol = (i: number): string => `#nlp.y${i}`;

/** `a·x_k + b` with a, b numbers: the coefficient and the variable, or undefined. */
function singleVariableAffine(e: Expr, variables: readonly string[]): { k: number; a: number; b: number } | undefined {
  const used = variables.map((v, k) => [v, k] as const).filter(([v]) => freeSymbols(e).has(v));
  if (used.length !== 1) return undefined;
  const [name, k] = used[0]!;
  const d = gradient(e, [name])[0]!;
  if (d.kind !== 'num') return undefined;
  const a = d.value.toNumber();
  if (!(a !== 0 && Number.isFinite(a))) return undefined;
  // b = e at x_k = 0, which must be a number too.
  const c = compile([e], variables);
  const at0 = c.evaluate(new Float64Array(variables.length))[0]!;
  if (!Number.isFinite(at0)) return undefined;
  return { k, a, b: at0 };
}

/** Compiles the input into the interior-point method's form. */
export function buildModel(input: NlpInput): NlpModel {
  const vars = input.variables;
  const nx = vars.length;
  const lower = new Array<number>(nx).fill(-Infinity);
  const upper = new Array<number>(nx).fill(Infinity);
  const roles: InequalityRole[] = [];
  const rows: Expr[] = [...input.equalities];
  const mEq = input.equalities.length;
  let slacks = 0;
  for (const g of input.inequalities) {
    const aff = singleVariableAffine(g, vars);
    if (aff) {
      // a·x + b ≤ 0: x ≤ −b/a when a > 0, x ≥ −b/a when a < 0.
      const value = -aff.b / aff.a;
      if (aff.a > 0) upper[aff.k] = Math.min(upper[aff.k]!, value);
      else lower[aff.k] = Math.max(lower[aff.k]!, value);
      roles.push({ kind: 'bound', variable: aff.k, side: aff.a > 0 ? 'upper' : 'lower', value, coefficient: aff.a });
    } else {
      roles.push({ kind: 'row', row: rows.length, slack: nx + slacks });
      rows.push(g);
      slacks++;
    }
  }
  const n = nx + slacks;
  const m = rows.length;
  const lo = new Float64Array(n);
  const up = new Float64Array(n);
  for (let i = 0; i < nx; i++) {
    lo[i] = lower[i]!;
    up[i] = upper[i]!;
  }
  for (let i = nx; i < n; i++) {
    lo[i] = 0;
    up[i] = Infinity;
  }

  const values: CompiledFunction = compile([input.objective, ...rows], vars);
  const firstOrder: CompiledFunction = compile([...gradient(input.objective, vars), ...rows.flatMap((r) => gradient(r, vars))], vars);
  const sigma = sym(SIGMA);
  const ys = rows.map((_, i) => sym(multiplierSymbol(i)));
  const L = add(mul(sigma, input.objective), ...rows.map((r, i) => mul(ys[i]!, r)));
  const H = hessian(L, vars);
  const lowerTriangle: Expr[] = [];
  for (let i = 0; i < nx; i++) for (let j = 0; j <= i; j++) lowerTriangle.push(H[i]![j] ?? ZERO);
  const second: CompiledFunction = compile(lowerTriangle, [...vars, SIGMA, ...rows.map((_, i) => multiplierSymbol(i))]);
  const userIneq = compile(input.inequalities.length > 0 ? [...input.inequalities] : [ZERO], vars);
  const userEq = compile(input.equalities.length > 0 ? [...input.equalities] : [ZERO], vars);

  const xBuf = new Float64Array(nx);
  const valBuf = new Float64Array(1 + m);
  const d1 = new Float64Array(nx * (1 + m));
  const hIn = new Float64Array(nx + 1 + m);
  const hOut = new Float64Array((nx * (nx + 1)) / 2);
  const readX = (z: Float64Array): Float64Array => {
    for (let i = 0; i < nx; i++) xBuf[i] = z[i]!;
    return xBuf;
  };

  return {
    nx,
    n,
    m,
    mEq,
    lower: lo,
    upper: up,
    roles,
    objective(z) {
      return values.evaluate(readX(z), valBuf)[0]!;
    },
    constraints(z, out) {
      values.evaluate(readX(z), valBuf);
      let ok = Number.isFinite(valBuf[0]!);
      for (let r = 0; r < m; r++) {
        out[r] = valBuf[1 + r]!;
        if (!Number.isFinite(out[r]!)) ok = false;
      }
      for (const role of roles) if (role.kind === 'row') out[role.row] = out[role.row]! + z[role.slack]!;
      return ok;
    },
    derivatives(z, g, jac) {
      firstOrder.evaluate(readX(z), d1);
      g.fill(0);
      jac.fill(0);
      for (let i = 0; i < nx; i++) g[i] = d1[i]!;
      for (let r = 0; r < m; r++) for (let i = 0; i < nx; i++) jac[r * n + i] = d1[nx * (1 + r) + i]!;
      for (const role of roles) if (role.kind === 'row') jac[role.row * n + role.slack] = 1;
    },
    hessian(z, s, y, out) {
      for (let i = 0; i < nx; i++) hIn[i] = z[i]!;
      hIn[nx] = s;
      for (let r = 0; r < m; r++) hIn[nx + 1 + r] = y[r]!;
      second.evaluate(hIn, hOut);
      out.fill(0);
      let k = 0;
      for (let i = 0; i < nx; i++) {
        for (let j = 0; j <= i; j++) {
          const v = hOut[k++]!;
          out[i * n + j] = v;
          out[j * n + i] = v;
        }
      }
    },
    userConstraints(x) {
      const xs = Float64Array.from(x);
      return {
        h: input.equalities.length > 0 ? userEq.evaluate(xs) : new Float64Array(0),
        g: input.inequalities.length > 0 ? userIneq.evaluate(xs) : new Float64Array(0),
      };
    },
  };
}
