/**
 * Every form in matrixcalculus.org's documentation, in matrix notation: the text is
 * compared with the textbook result (hand derivation, or the value matrixcalculus.org
 * publishes), and the value on random instances (dimensions 1 to 5, seeded) with the
 * scalar core's derivative and with central differences.
 */
import { describe, expect, it } from 'vitest';
import { mgradient, mhessian, mjacobian, mvjp, mhessianVectorProduct } from '../../../src/diff/matrix/index.js';
import { evaluateMatrix } from '../../../src/compile/matrix/index.js';
import { gradient } from '../../../src/diff/index.js';
import { evaluate } from '../../../src/compile/index.js';
import {
  madd, mdet, mhadamard, minv, mmap, mmul, mneg, mnorm, mpow, mscalar, msub, msum, mtoText, mtr, mtranspose, mvar, ones, shapeOf,
  type MExpr, type MVar,
} from '../../../src/expr/matrix/index.js';
import { scalarise, variableGrid } from '../../../src/expr/matrix/scalarise.js';
import { gradientReferences, maxRelativeError, randomInstance, scalarEnvironment, type Draw } from './check.js';

const v = (name: string, rows: string | number, cols: string | number = 1, props: ('symmetric' | 'positive_definite')[] = []): MVar =>
  mvar(name, shapeOf(rows, cols), props) as MVar;
const t = mtranspose;
const x = v('x', 'n');
const y = v('y', 'n');
const A = v('A', 'n', 'n');
const S = v('S', 'n', 'n', ['symmetric']);

interface Form {
  readonly name: string;
  readonly f: MExpr;
  readonly wrt: MVar;
  readonly text: string;
  readonly draws?: Record<string, Draw>;
  readonly square?: boolean;
}

const m = 'm';
const Am = v('A', m, 'n');
const ym = v('y', m);
const X = v('X', m, 'n');
const w = v('w', 'n');
const Xs = v('X', 'n', 'n');
const B = v('B', 'n', 'n');
const C = v('C', 'n', 'n');
const vv = v('v', 'n');
const logistic = msum(mmap('log', madd(mmap('exp', mneg(mhadamard(ym, mmul(X, w)))), ones(m))));

const FORMS: Form[] = [
  { name: "0.5*x'*A*x", f: mmul(mscalar(0.5), t(x), A, x), wrt: x, text: "1/2*(A + A')*x" },
  { name: "x'*S*x, S symmetric", f: mmul(t(x), S, x), wrt: x, text: '2*S*x' },
  { name: "(y.*v)'*x", f: mmul(t(mhadamard(y, vv)), x), wrt: x, text: 'v .* y' },
  { name: 'norm(A*x - y)^2', f: mpow(mnorm(msub(mmul(Am, x), ym)), mscalar(2)), wrt: x, text: "2*A'*(A*x - y)" },
  {
    name: 'sum(log(exp(-y.*(X*w)) + ones(m)))', f: logistic, wrt: w,
    text: "-X'*(y .* exp(-(y .* (X*w))) ./ (ones(m) + exp(-(y .* (X*w)))))",
  },
  { name: "tr(A*X'*B*X*C)", f: mtr(mmul(A, t(Xs), B, Xs, C)), wrt: Xs, text: "B'*X*A'*C' + B*X*C*A" },
  { name: 'log(det(inv(X)))', f: mmap('log', mdet(minv(Xs))), wrt: Xs, text: "-inv(X')", draws: { X: 'dominant' } },
  { name: "x'*inv(A)*x w.r.t. A", f: mmul(t(x), minv(A), x), wrt: A, text: "-inv(A')*x*x'*inv(A')", draws: { A: 'dominant' } },
  {
    name: 'softmax cross-entropy -y\'*log(softmax(x))',
    f: mneg(mmul(t(y), mmap('log', mmul(mpow(msum(mmap('exp', x)), mscalar(-1)), mmap('exp', x))))),
    // softmax(x)*sum(y) - y (hand derivation below): exp(x')*(y .* exp(-x)) is sum(y).
    wrt: x, text: 'sum(y)/sum(exp(x))*exp(x) - y',
  },
  { name: "x'*S*x w.r.t. symmetric S (entries independent; checked symmetrised)", f: mmul(t(x), S, x), wrt: S, text: "x*x'" },
  {
    name: 'log(det(P)) w.r.t. positive definite P', f: mmap('log', mdet(v('P', 'n', 'n', ['positive_definite']))),
    wrt: v('P', 'n', 'n', ['positive_definite']), text: 'inv(P)',
  },
  { name: 'log(sum(exp(x))) - y\'*x', f: msub(mmap('log', msum(mmap('exp', x))), mmul(t(y), x)), wrt: x, text: '1/sum(exp(x))*exp(x) - y' },
];

describe('documented forms of matrixcalculus.org', () => {
  for (const form of FORMS) {
    it(`${form.name}: gradient in matrix notation, checked on random instances`, () => {
      const G = mgradient(form.f, form.wrt);
      if (form.text) expect(mtoText(G)).toBe(form.text);
      expect(G.shape).toEqual(form.wrt.shape);
      for (let seed = 1; seed <= 6; seed++) {
        const n = 1 + ((seed * 7) % 5);
        const mm = 1 + ((seed * 3) % 5);
        const inst = randomInstance([form.f], { n, m: mm }, seed, form.draws);
        const r = gradientReferences(form.f, form.wrt, G, inst);
        expect(maxRelativeError(r.matrix, r.scalar)).toBeLessThan(1e-9);
        expect(maxRelativeError(r.matrix, r.central)).toBeLessThan(1e-5);
      }
    });
  }

  it("softmax cross-entropy gradient is softmax(x)*sum(y) - y (hand derivation)", () => {
    const f = FORMS.find((fm) => fm.name.startsWith('softmax'))!.f;
    const G = mgradient(f, x);
    const inst = randomInstance([f], { n: 4 }, 11);
    const xs = (inst.values.x as { data: Float64Array }).data;
    const ys = (inst.values.y as { data: Float64Array }).data;
    const z = Array.from(xs).reduce((a, b) => a + Math.exp(b), 0);
    const sy = Array.from(ys).reduce((a, b) => a + b, 0);
    const expected = Array.from(xs).map((xi, i) => (Math.exp(xi) / z) * sy - ys[i]!);
    expect(maxRelativeError(evaluateMatrix(G, inst).data, expected)).toBeLessThan(1e-12);
  });

  it('tanh(W*x + b) w.r.t. W: the vector-Jacobian product ((1 - z.^2) .* u)*x\'', () => {
    const W = v('W', m, 'n');
    const b = v('b', m);
    const u = v('u', m);
    const z = mmap('tanh', madd(mmul(W, x), b));
    const P = mvjp(z, W, u);
    expect(mtoText(P)).toBe("(u .* (ones(m) - tanh(b + W*x).^2))*x'");
    // Hand check: P_ij = u_i (1 - tanh(W_i.x + b_i)^2) x_j.
    const inst = randomInstance([z, u], { n: 3, m: 2 }, 5);
    const d = (k: string): Float64Array => (inst.values[k] as { data: Float64Array }).data;
    const got = evaluateMatrix(P, inst).data;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) {
      let s = d('b')[i]!;
      for (let k = 0; k < 3; k++) s += d('W')[i * 3 + k]! * d('x')[k]!;
      expect(got[i * 3 + j]).toBeCloseTo(d('u')[i]! * (1 - Math.tanh(s) ** 2) * d('x')[j]!, 12);
    }
  });
});

/** Jacobian / Hessian of matrix expressions against the scalar core, entry by entry. */
function checkJacobian(yv: MExpr, wrt: MVar, J: MExpr, dims: Record<string, number>, seed: number, draws: Record<string, Draw> = {}): void {
  const inst = randomInstance([yv, J], dims, seed, draws);
  const got = evaluateMatrix(J, inst);
  const yGrid = scalarise(yv, dims);
  const wv = inst.values[wrt.name] as { rows: number; cols: number };
  const syms = variableGrid(wrt, wv.rows, wv.cols).entries;
  const env = scalarEnvironment([yv], inst);
  const expected: number[] = [];
  for (const entry of yGrid.entries) expected.push(...gradient(entry, syms as never).map((g) => evaluate(g, env)));
  expect(got.rows * got.cols).toBe(expected.length);
  expect(maxRelativeError(got.data, expected)).toBeLessThan(1e-9);
}

describe('Jacobians, Hessians and Hessian-vector products', () => {
  it("A*exp(x) w.r.t. x is A*diag(exp(x))", () => {
    const J = mjacobian(mmul(A, mmap('exp', x)), x);
    expect(mtoText(J)).toBe('A*diag(exp(x))');
    for (let seed = 1; seed <= 5; seed++) checkJacobian(mmul(A, mmap('exp', x)), x, J, { n: seed }, seed);
  });

  it("tanh(W*x + b) w.r.t. x is diag(1 - tanh(W*x + b).^2)*W", () => {
    const W = v('W', m, 'n');
    const b = v('b', m);
    const z = mmap('tanh', madd(mmul(W, x), b));
    const J = mjacobian(z, x);
    expect(mtoText(J)).toBe('diag(ones(m) - tanh(b + W*x).^2)*W');
    for (let seed = 1; seed <= 5; seed++) checkJacobian(z, x, J, { n: seed, m: 6 - seed }, seed);
  });

  it("the Hessian of x'*A*x is A + A' and of x'*S*x is 2*S", () => {
    expect(mtoText(mhessian(mmul(t(x), A, x), x))).toBe("A + A'");
    expect(mtoText(mhessian(mmul(t(x), S, x), x))).toBe('2*S');
  });

  it('the Hessian of the logistic loss is X\'*diag(y.^2 .* s .* (1 - s))*X, matching the scalar core', () => {
    const H = mhessian(logistic, w);
    // By hand, with t = y .* (X*w): d2/dt2 log(1 + exp(-t)) = exp(-t)/(1 + exp(-t))^2, times y_i^2 by the chain rule.
    expect(mtoText(H)).toBe("X'*diag(exp(-(y .* (X*w))) .* y.^2 ./ (ones(m) + exp(-(y .* (X*w)))).^2)*X");
    const G = mgradient(logistic, w);
    for (let seed = 1; seed <= 5; seed++) checkJacobian(G, w, H, { n: seed, m: 1 + (seed % 4) }, seed);
  });

  it('the Hessian of norm(A*x - y)^2 is 2*A\'*A and Hessian-vector products agree with H*d', () => {
    const f = mpow(mnorm(msub(mmul(Am, x), ym)), mscalar(2));
    expect(mtoText(mhessian(f, x))).toBe("2*A'*A");
    const d = v('d', 'n');
    const hv = mhessianVectorProduct(f, x, d);
    expect(mtoText(hv)).toBe("2*A'*A*d");
    const hvl = mhessianVectorProduct(logistic, w, d);
    const H = mhessian(logistic, w);
    for (let seed = 1; seed <= 5; seed++) {
      const inst = randomInstance([hvl, H], { n: seed, m: 3 }, seed);
      const expected = evaluateMatrix(mmul(H, d), inst).data;
      expect(maxRelativeError(evaluateMatrix(hvl, inst).data, expected)).toBeLessThan(1e-10);
    }
  });
});
