/**
 * Two cases in one: an 8-well Gaussian landscape built symbolically,
 * its derived gradient and Hessian checked (gradcheck, the notebook's Hessian formula),
 * L-BFGS from the notebook's 100 starts finding the global minimum; then a ridge
 * regression hypergradient by the implicit function theorem (CG on Hessian-vector
 * products) against the closed form and against re-solved central differences.
 */
import { add, mul, num, pow, sub, sym, type Expr } from '../../expr/index.js';
import { gradcheck, luSolve, Mt19937 } from '../../numeric/index.js';
import { compileBilevel, finiteDifferenceHypergradient, notebookLandscape, notebookStarts, optimizeProblem, prepareProblem, wellHessian, wellValue } from '../../optimize/index.js';
import { closeTo, fact, result } from './checks.js';
import type { Demo } from './types.js';

/** The global minimum of the notebook's landscape, by SciPy's Nelder–Mead from every well centre (independent of this library). */
const SCIPY_MINIMUM = -0.27539100241416076;

/** The demo case. */
export const optimizeDemo: Demo = {
  name: 'optimize',
  description: 'an 8-well Gaussian landscape (derived gradient and Hessian, L-BFGS from 100 starts) and the hypergradient of ridge regression\'s validation loss',
  async run(io) {
    const checks = [];
    const l = notebookLandscape();
    const p = prepareProblem({ variables: l.variables, objective: l.expression, sense: 'minimize', constraints: [] });
    io.print('Landscape L(x, y) = -sum_p c_p exp(-|(x, y) - mu_p|^2 / w_p^2): 8 wells, random_state = 0');
    const starts = notebookStarts(100);
    let gradOk = true;
    let hessErr = 0;
    for (let k = 0; k < 10; k++) {
      const x = starts.slice(2 * k, 2 * k + 2);
      gradOk &&= gradcheck({ f: (q) => wellValue(l, q), gradient: (q, out) => p.objective.valueAndGradient(q, out as Float64Array) }, x).ok;
      const H = p.objective.hessian!(x, new Float64Array(4));
      const F = wellHessian(l, x);
      for (let i = 0; i < 4; i++) hessErr = Math.max(hessErr, Math.abs(H[i]! - F[i]!));
    }
    checks.push(fact('the derived gradient passes gradcheck at 10 points', gradOk));
    checks.push(fact("the derived Hessian equals the notebook's formula at 10 points", hessErr < 1e-12, `max abs. difference ${hessErr.toExponential(1)}`));
    const report = optimizeProblem(p, 'lbfgs', Array.from({ length: 100 }, (_, i) => [starts[2 * i]!, starts[2 * i + 1]!]), { tol: 1e-10 });
    const best = report.runs[report.best]!;
    const converged = report.runs.filter((r) => r.status === 'converged').length;
    io.print(`L-BFGS from the notebook's 100 starts: ${converged} converged; best L = ${best.objective} at (${best.point['x']}, ${best.point['y']})`);
    checks.push(fact('every L-BFGS run converged', converged === 100, `${converged} of 100`));
    checks.push(closeTo('the best run is the global minimum found by SciPy', best.objective, SCIPY_MINIMUM, 1e-11));

    // Ridge regression with 3 weights: L_train = (1/n)|Xw - y|^2 + lambda |w|^2, L_dev the same on other data.
    const rng = new Mt19937(7);
    const data = (n: number) => Array.from({ length: n }, () => {
      const x = [0, 1, 2].map(() => Math.round(rng.gauss() * 100) / 100);
      return { x, y: Math.round((1.5 * x[0]! - 2 * x[1]! + 0.5 * x[2]! + rng.gauss()) * 100) / 100 };
    });
    const train = data(15);
    const dev = data(15);
    const w = ['w1', 'w2', 'w3'];
    const ls = (rows: { x: number[]; y: number }[]): Expr =>
      mul(pow(num(rows.length), num(-1)), add(...rows.map((r) => pow(sub(add(...r.x.map((v, j) => mul(num(v), sym(w[j]!)))), num(r.y)), num(2)))));
    const c = compileBilevel({ theta: w, lambda: ['lambda'], train: add(ls(train), mul(sym('lambda'), add(...w.map((v) => pow(sym(v), num(2)))))), dev: ls(dev) });
    const lambda = 0.2;
    const inner = c.solveInner(Float64Array.from([lambda]), new Float64Array(3));
    const hg = c.hypergradient(Float64Array.from([lambda]), inner.theta);
    // Closed form: w* = (A + lambda I)^-1 b, dw*/dlambda = -(A + lambda I)^-1 w*.
    const A = new Float64Array(9);
    const b = new Float64Array(3);
    for (const r of train) for (let j = 0; j < 3; j++) {
      b[j]! += (r.x[j]! * r.y) / train.length;
      for (let k = 0; k < 3; k++) A[3 * j + k]! += (r.x[j]! * r.x[k]!) / train.length;
    }
    for (let j = 0; j < 3; j++) A[4 * j]! += lambda;
    const ws = luSolve(A, 3, b);
    const dw = luSolve(A, 3, ws.map((v) => -v));
    let closed = 0;
    for (const r of dev) {
      const res = r.x.reduce((s, v, j) => s + v * ws[j]!, -r.y);
      closed += (2 * res * r.x.reduce((s, v, j) => s + v * dw[j]!, 0)) / dev.length;
    }
    const fd = finiteDifferenceHypergradient(c, Float64Array.from([lambda]), new Float64Array(3))[0]!;
    io.print(`Ridge hypergradient dL_dev/dlambda at lambda = ${lambda}: IFT + CG (${hg.cg.iterations} CG steps on HVPs) ${hg.gradient[0]}, closed form ${closed}, re-solved central differences ${fd}`);
    checks.push(closeTo('the IFT hypergradient equals the closed form', hg.gradient[0]!, closed, 1e-10));
    checks.push(closeTo('the IFT hypergradient equals central differences of the re-solved inner problem', hg.gradient[0]!, fd, 1e-6));
    return result(checks, { best: best.objective, hypergradient: hg.gradient[0], closed_form: closed });
  },
};
