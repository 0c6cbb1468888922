/**
 * Case 6 of issue 13 (seed 003): d(theta*)/d(lambda) = -inv(H)*B in matrix notation.
 * For ridge, L = norm(X*theta - y)^2 + lambda*norm(theta)^2, by hand: grad = 2X'(X theta - y)
 * + 2 lambda theta, H = 2X'X + 2 lambda I, B = 2 theta, so d(theta*)/d(lambda) =
 * -inv(X'X + lambda I)*theta* with theta* = inv(X'X + lambda I)X'y. Checked as forms, against
 * that closed form solved here by Gaussian elimination, and against central differences
 * of the inner problem re-solved numerically (Newton-CG, src/optimize/hypergradient.ts)
 * on its scalarisation, on 20 seeded instances with dimensions 1 to 6.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/adjoint/index.js';
import { evaluateMatrix } from '../../src/compile/matrix/index.js';
import { freeSymbols, num, substitute, sym, type Expr } from '../../src/expr/index.js';
import { declare, mscalar, parseMatrix, scalarise, type MExpr } from '../../src/expr/matrix/index.js';
import { compileBilevel, deriveMatrixHypergradient } from '../../src/optimize/index.js';

const D = declare([{ name: 'X', shape: ['m', 'n'] }, { name: 'theta', shape: ['n'] }, { name: 'y', shape: ['m'] }, { name: 'mu', shape: ['n'] }]);
const P = (t: string): MExpr => parseMatrix(t, D);
const RIDGE = { theta: P('theta'), lambda: mscalar('lambda'), loss: P('norm(X*theta - y)^2 + lambda*norm(theta)^2') };

describe('ridge: the hand-derived forms', () => {
  const d = deriveMatrixHypergradient(RIDGE);
  it('gradient, Hessian, mixed derivative', () => {
    expect(d.innerGradient).toBe(P("2*X'*(X*theta - y) + 2*lambda*theta"));
    expect(d.hessian).toBe(P("2*X'*X + 2*lambda*eye(n)"));
    expect(d.mixed).toBe(P('2*theta'));
  });
  it('d(theta*)/d(lambda) = -inv(X\'*X + lambda*eye(n))*theta, theta* = inv(X\'*X + lambda*eye(n))*X\'*y', () => {
    expect(d.sensitivity).toBe(P("-inv(X'*X + lambda*eye(n))*theta"));
    expect(d.solution).toBe(P("inv(X'*X + lambda*eye(n))*X'*y"));
    expect(d.sensitivityClosed).toBe(P("-inv(X'*X + lambda*eye(n))*inv(X'*X + lambda*eye(n))*X'*y"));
  });
  it('a Hessian that depends on theta has no closed-form solution', () => {
    const d2 = deriveMatrixHypergradient({ theta: P('theta'), lambda: mscalar('lambda'), loss: P('sum(exp(X*theta)) - y\'*X*theta + lambda*norm(theta)^2') });
    expect(d2.solution).toBeUndefined();
    expect(d2.mixed).toBe(P('2*theta'));
  });
});

/** Solves A v = b by Gaussian elimination with partial pivoting (A row-major k×k). */
function solve(A: number[][], b: number[]): number[] {
  const k = b.length;
  const M = A.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = c + 1; r < k; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let j = c; j <= k; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  const v = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = M[r]![k]!;
    for (let j = r + 1; j < k; j++) s -= M[r]![j]! * v[j]!;
    v[r] = s / M[r]![r]!;
  }
  return v;
}

/** The scalarised loss with X and y replaced by numbers, entry symbols theta[i] renamed theta_i. */
function scalarLoss(loss: MExpr, dims: Record<string, number>, X: number[][], y: number[]): { expr: Expr; theta: string[] } {
  const e = scalarise(loss, dims).entries[0]!;
  const map: Record<string, Expr> = {};
  for (const s of freeSymbols(e)) {
    const mX = /^X\[(\d+),(\d+)\]$/.exec(s);
    const my = /^y\[(\d+)\]$/.exec(s);
    const mt = /^(theta|mu)\[(\d+)\]$/.exec(s);
    if (mX) map[s] = num(X[Number(mX[1]) - 1]![Number(mX[2]) - 1]!);
    else if (my) map[s] = num(y[Number(my[1]) - 1]!);
    else if (mt) map[s] = sym(`${mt[1]}_${mt[2]}`);
  }
  return { expr: substitute(e, map), theta: Array.from({ length: dims['n']! }, (_, i) => `theta_${i + 1}`) };
}

describe('ridge: 20 seeded instances (dimensions 1 to 6)', () => {
  const rand = seededRandom(13006);
  const round = (v: number) => Math.round(v * 100) / 100;
  const cases = Array.from({ length: 20 }, () => {
    const m = 1 + Math.floor(rand() * 6);
    const n = 1 + Math.floor(rand() * 6);
    return { m, n, X: Array.from({ length: m }, () => Array.from({ length: n }, () => round(2 * rand() - 1))), y: Array.from({ length: m }, () => round(2 * rand() - 1)), lambda: round(0.1 + rand()) };
  });
  const d = deriveMatrixHypergradient(RIDGE);
  it.each(cases.map((c, i) => [i, c] as const))('instance %i: closed form by elimination, and differences of the re-solved inner problem', (_, c) => {
    const { m, n, X, y, lambda } = c;
    const value = evaluateMatrix(d.sensitivityClosed!, { dims: { m, n }, values: { X, y, lambda } });
    // By hand: A = X'X + lambda I, theta* = A \ X'y, s = -(A \ theta*).
    const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => X.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? lambda : 0)));
    const Xty = Array.from({ length: n }, (_, i) => X.reduce((s, row, r) => s + row[i]! * y[r]!, 0));
    const thetaStar = solve(A, Xty);
    const hand = solve(A, thetaStar).map((v) => -v);
    hand.forEach((v, i) => expect(Math.abs(value.data[i]! - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v))));
    // Central differences of theta*(lambda), the inner problem re-solved by Newton-CG on its scalarisation.
    const { expr, theta } = scalarLoss(RIDGE.loss, { m, n }, X, y);
    const bilevel = compileBilevel({ theta, lambda: ['lambda'], train: expr, dev: sym(theta[0]!) });
    const h = 1e-5;
    const at = (l: number) => bilevel.solveInner(Float64Array.of(l), new Float64Array(n), { tol: 1e-13, method: 'newton' }).theta;
    const plus = at(lambda + h);
    const minus = at(lambda - h);
    hand.forEach((v, i) => expect(Math.abs((plus[i]! - minus[i]!) / (2 * h) - v)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v))));
  });
});

describe('a vector hyperparameter: one ridge weight per coordinate, theta\'*diag(mu)*theta', () => {
  it('gives B = 2*diag(theta), d(theta*)/d(mu) = -inv(X\'*X + diag(mu))*diag(theta), matching differences', () => {
    const d = deriveMatrixHypergradient({ theta: P('theta'), lambda: P('mu'), loss: P("norm(X*theta - y)^2 + theta'*diag(mu)*theta") });
    expect(d.mixed).toBe(P('2*diag(theta)'));
    expect(d.sensitivity).toBe(P("-inv(X'*X + diag(mu))*diag(theta)"));
    const rand = seededRandom(99);
    for (let t = 0; t < 4; t++) {
      const m = 2 + t; const n = 1 + t;
      const X = Array.from({ length: m }, () => Array.from({ length: n }, () => 2 * rand() - 1));
      const y = Array.from({ length: m }, () => 2 * rand() - 1);
      const mu = Array.from({ length: n }, () => 0.2 + rand());
      const J = evaluateMatrix(d.sensitivityClosed!, { dims: { m, n }, values: { X, y, mu } });
      const A = (w: number[]) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => X.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? w[i]! : 0)));
      const Xty = Array.from({ length: n }, (_, i) => X.reduce((s, row, r) => s + row[i]! * y[r]!, 0));
      const h = 1e-6;
      for (let k = 0; k < n; k++) {
        const up = [...mu]; up[k]! += h;
        const dn = [...mu]; dn[k]! -= h;
        const tp = solve(A(up), Xty);
        const tm = solve(A(dn), Xty);
        for (let i = 0; i < n; i++) expect(Math.abs(J.data[i * n + k]! - (tp[i]! - tm[i]!) / (2 * h))).toBeLessThan(1e-6);
      }
    }
  });
});
