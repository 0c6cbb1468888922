/**
 * A constrained problem exported in SciPy's layout (Python, NumPy, JavaScript) and in
 * IPOPT's (C): values against the JS closures at 20 seeded points, the sign of SciPy's
 * `ineq` (fun ≥ 0, the opposite of our g ≤ 0) at points worked by hand, and a real
 * `scipy.optimize.minimize` run that must reach the published optimum of Hock and
 * Schittkowski's problem 71 (IPOPT's own example): f* = 17.0140173.
 */
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/expr/index.js';
import { gradient } from '../../src/diff/index.js';
import { compile, compileHessian } from '../../src/compile/index.js';
import { parseProblemText } from '../../src/lagrange/index.js';
import { seededRandom } from '../../src/numeric/random.js';
import { exportProblem } from '../../src/export/index.js';
import { flatJs, HAS_GCC, HAS_PYTHON, HAS_SCIPY, importJs, runC, runPython, worstError, type Call } from './run-exported.js';

const HS071 = parseProblemText(
  JSON.stringify({
    variables: ['x1', 'x2', 'x3', 'x4'],
    minimize: 'x1*x4*(x1 + x2 + x3) + x3',
    subject_to: ['x1*x2*x3*x4 >= 25', 'x1^2 + x2^2 + x3^2 + x4^2 = 40', 'x1 >= 1', 'x1 <= 5', 'x2 >= 1', 'x2 <= 5', 'x3 >= 1', 'x3 <= 5', 'x4 >= 1', 'x4 <= 5'],
  }),
);
const VARS = HS071.variables;
const n = VARS.length;
const eq = HS071.constraints.filter((c) => c.kind === 'equality').map((c) => c.fn);
const ineq = HS071.constraints.filter((c) => c.kind === 'inequality').map((c) => c.fn);
const all = HS071.constraints.map((c) => c.fn);

const rnd = seededRandom(71);
const POINTS = Array.from({ length: 20 }, () => Array.from({ length: n }, () => 1 + 4 * rnd()));
const MULTIPLIERS = POINTS.map(() => ({ sigma: 2 * rnd() - 1, lambda: all.map(() => 2 * rnd() - 1) }));

const values = (es: readonly Expr[], x: readonly number[]): number[] => (es.length === 0 ? [] : [...compile(es, VARS).evaluate(Float64Array.from(x))]);
const jacobian = (es: readonly Expr[], x: readonly number[]): number[][] => es.map((e) => values(gradient(e, VARS), x));

/** The SciPy-layout calls and the closures' values. */
function scipyReference(): { calls: Call[]; want: number[][] } {
  const calls: Call[] = [];
  const want: number[][] = [];
  const hess = compileHessian(HS071.objective, VARS);
  for (const x of POINTS) {
    calls.push({ fn: 'fun', args: [x] }, { fn: 'jac', args: [x] }, { fn: 'hess', args: [x] }, { fn: 'eq_fun', args: [x] }, { fn: 'eq_jac', args: [x] }, { fn: 'ineq_fun', args: [x] }, { fn: 'ineq_jac', args: [x] });
    want.push(
      values([HS071.objective], x),
      values(gradient(HS071.objective, VARS), x),
      [...hess.evaluate(Float64Array.from(x))],
      values(eq, x),
      jacobian(eq, x).flat(),
      values(ineq, x).map((g) => -g),
      jacobian(ineq, x).flat().map((d) => -d),
    );
  }
  return { calls, want };
}

function expectAgree(got: number[][], want: number[][], calls: readonly Call[]): void {
  want.forEach((w, k) => {
    const worst = worstError(got[k]!, w);
    if (!(worst <= 1)) expect.fail(`${calls[k]!.fn} at call ${k}: got [${got[k]!.join(', ')}], want [${w.join(', ')}]`);
  });
}

// By hand at x = 0: x1 x2 x3 x4 − 25 ≥ 0 gives −25; x_i ≥ 1 gives −1; x_i ≤ 5 gives 5.
const INEQ_AT_ZERO = [-25, -1, 5, -1, 5, -1, 5, -1, 5];
// Within 1e-6 of HS071's solution (IPOPT's documentation): feasible, so every ineq_fun ≥ −1e-6.
const X_STAR = [1, 4.742999643601108, 3.8211499789170844, 1.3794082932197205];

describe('export of a constrained problem (HS071), SciPy layout', () => {
  const { calls, want } = scipyReference();
  const signCalls: Call[] = [{ fn: 'ineq_fun', args: [[0, 0, 0, 0]] }, { fn: 'ineq_fun', args: [X_STAR] }];

  it('JavaScript agrees with the closures, and ineq_fun is −g (SciPy: fun ≥ 0)', async () => {
    const mod = await importJs(exportProblem(HS071, { lang: 'js' }).code);
    expectAgree(
      calls.map((c) => flatJs(mod[c.fn]!(...c.args))),
      want,
      calls,
    );
    expect(flatJs(mod['ineq_fun']!([0, 0, 0, 0]))).toEqual(INEQ_AT_ZERO);
  });

  for (const lang of ['python', 'numpy'] as const) {
    it.skipIf(!HAS_PYTHON)(`${lang} agrees with the closures; ineq_fun ≥ 0 at the optimum and < 0 where g > 0 [needs python3]`, () => {
      const { results } = runPython(exportProblem(HS071, { lang }).code, [...calls, ...signCalls]);
      expectAgree(results.slice(0, calls.length), want, calls);
      expect(results[calls.length]).toEqual(INEQ_AT_ZERO);
      for (const v of results[calls.length + 1]!) expect(v).toBeGreaterThanOrEqual(-1e-6);
    });
  }

  it.skipIf(!HAS_SCIPY)('scipy.optimize.minimize with the exported fun, jac, hess and constraints reaches f* = 17.0140173 [needs scipy]', () => {
    const code = exportProblem(HS071, { lang: 'numpy' }).code;
    const extra = `
from scipy.optimize import minimize
r1 = minimize(m.fun, [1.0, 5.0, 5.0, 1.0], jac=m.jac, constraints=m.constraints, method="SLSQP", options={"ftol": 1e-12, "maxiter": 200})
r2 = minimize(m.fun, [1.0, 5.0, 5.0, 1.0], jac=m.jac, hess=m.hess, constraints=m.constraints, method="trust-constr", options={"gtol": 1e-10, "xtol": 1e-12, "maxiter": 2000})
print(json.dumps([float(r1.fun)] + [float(v) for v in r1.x]))
print(json.dumps([float(r2.fun)] + [float(v) for v in r2.x]))
`;
    const { extraOutput } = runPython(code, [], extra);
    for (const line of extraOutput) {
      const [f, ...x] = JSON.parse(line) as number[];
      expect(f).toBeCloseTo(17.0140173, 6);
      x.forEach((v, i) => expect(v).toBeCloseTo(X_STAR[i]!, 4));
    }
  });
});

describe('export of a constrained problem (HS071), IPOPT layout in C', () => {
  it.skipIf(!HAS_GCC)('eval_f, eval_grad_f, eval_g, eval_jac_g and eval_h (lower triangle) agree with the closures [needs gcc]', () => {
    const code = exportProblem(HS071, { lang: 'c' }).code;
    const calls: Call[] = [{ fn: 'eval_jac_g', args: [] }, { fn: 'eval_h', args: [] }];
    POINTS.forEach((x, p) => {
      const { sigma, lambda } = MULTIPLIERS[p]!;
      calls.push({ fn: 'eval_f', args: [x] }, { fn: 'eval_grad_f', args: [x] }, { fn: 'eval_g', args: [x] }, { fn: 'eval_jac_g', args: [x] }, { fn: 'eval_h', args: [x, sigma, lambda] });
    });
    const structure = { eval_jac_g: 'ipopt_jac_structure', eval_h: 'ipopt_h_structure' } as const;
    const kinds = { eval_f: 'ipopt_f', eval_grad_f: 'ipopt_vec', eval_g: 'ipopt_g', eval_jac_g: 'ipopt_jac', eval_h: 'ipopt_h' } as const;
    // Two runs: the structure queries (values == NULL), then the values.
    const [jacS, hessS] = runC(code, calls.slice(0, 2), structure, {});
    const half = (a: number[]): [number[], number[]] => [a.slice(0, a.length / 2), a.slice(a.length / 2)];
    const [jr, jc] = half(jacS!);
    const [hr, hc] = half(hessS!);
    // HS071: every constraint's gradient entries that are not identically zero. Row 0 (x1 x2 x3 x4) and row 1 (Σ x_i²) are full; each bound has one.
    expect(jr.length).toBe(4 + 4 + 8);
    for (let k = 0; k < hr.length; k++) expect(hc[k]!).toBeLessThanOrEqual(hr[k]!);
    const sizes = { eval_grad_f: n, eval_g: all.length, eval_jac_g: jr.length, eval_h: hr.length };
    const got = runC(code, calls.slice(2), kinds, sizes);
    const hessians = [HS071.objective, ...all].map((e) => compileHessian(e, VARS));
    POINTS.forEach((x, p) => {
      const [f, g, c, jac, h] = got.slice(5 * p, 5 * p + 5);
      const { sigma, lambda } = MULTIPLIERS[p]!;
      const dense = jacobian(all, x);
      const hs = hessians.map((H) => H.evaluate(Float64Array.from(x)));
      const lag = (i: number, j: number): number => sigma * hs[0]![i * n + j]! + lambda.reduce((s, l, k) => s + l * hs[k + 1]![i * n + j]!, 0);
      expect(worstError(f!, values([HS071.objective], x))).toBeLessThanOrEqual(1);
      expect(worstError(g!, values(gradient(HS071.objective, VARS), x))).toBeLessThanOrEqual(1);
      expect(worstError(c!, values(all, x))).toBeLessThanOrEqual(1);
      expect(worstError(jac!, jr.map((r, k) => dense[r]![jc[k]!]!))).toBeLessThanOrEqual(1);
      expect(worstError(h!, hr.map((r, k) => lag(r, hc[k]!)))).toBeLessThanOrEqual(1);
      // Entries left out of the structure are zero.
      const stored = new Set(jr.map((r, k) => `${r},${jc[k]}`));
      dense.forEach((row, r) => row.forEach((d, j) => stored.has(`${r},${j}`) || expect(d).toBe(0)));
      const storedH = new Set(hr.map((r, k) => `${r},${hc[k]}`));
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) if (!storedH.has(`${i},${j}`)) expect(lag(i, j)).toBe(0);
    });
    // The bounds: the equality (file position 1) is 0 ≤ h ≤ 0, the inequalities -inf < g ≤ 0.
    expect(code).toContain('static const double g_lower[] = {(-20000000000000000000.0), 0.0, (-20000000000000000000.0), ');
  });
});

describe('edge cases', () => {
  const unconstrained = parseProblemText(JSON.stringify({ variables: ['x', 'y'], maximize: '-(x - 1)^2 - exp(y)' }));

  it.skipIf(!HAS_GCC)('an unconstrained problem (m = 0) and a constant f compile warning-free in C [needs gcc]', async () => {
    const { exportExpression } = await import('../../src/export/index.js');
    const c = exportProblem(unconstrained, { lang: 'c' }).code;
    // maximise −(x − 1)² − e^y: eval_f is (x − 1)² + e^y; at (3, 0) that is 5, the gradient (4, 1).
    const got = runC(c, [{ fn: 'eval_f', args: [[3, 0]] }, { fn: 'eval_grad_f', args: [[3, 0]] }], { eval_f: 'ipopt_f', eval_grad_f: 'ipopt_vec' }, { eval_grad_f: 2 });
    expect(got).toEqual([[5], [4, 1]]);
    const k = exportExpression(num3(), ['x', 'y'], { lang: 'c', hessian: true, hvp: true }).code;
    expect(runC(k, [{ fn: 'f_grad', args: [[1, 2]] }], { f_grad: 'scalar+vector' }, { f_grad: 2 })).toEqual([[3, 0, 0]]);
  });

  it.skipIf(!HAS_PYTHON)('NumPy broadcasts a constant f over a batch of points [needs python3]', async () => {
    const { exportExpression } = await import('../../src/export/index.js');
    const { results } = runPython(exportExpression(num3(), ['x', 'y'], { lang: 'numpy' }).code, [{ fn: 'f', args: [[[1, 2, 3], [4, 5, 6]] as unknown as number[]] }]);
    expect(results[0]).toEqual([3, 3, 3]);
  });
});

function num3(): Expr {
  return parseProblemText(JSON.stringify({ variables: ['x'], minimize: '3' })).objective;
}
