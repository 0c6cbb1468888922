/**
 * Property test: random well-shaped matrix expressions (seeded), differentiated in
 * matrix notation, agree on random instances (dimensions 1 to 5) with the scalar core's
 * derivative of the scalarised expression and with central differences. Jacobians of
 * random vector expressions are checked entry by entry the same way.
 */
import { describe, expect, it } from 'vitest';
import { mgradient, mhessian, mjacobian } from '../../../src/diff/matrix/index.js';
import { evaluateMatrix } from '../../../src/compile/matrix/index.js';
import { evaluate } from '../../../src/compile/index.js';
import { gradient } from '../../../src/diff/index.js';
import {
  madd, mdet, mdiag, mediv, mhadamard, minv, mmap, mmul, mneg, mnorm, mpow, mscalar, msum, mtr, mtranspose, mvar, ones, shapeOf, mtoText, ShapeError,
  declare, parseMatrix, mtoLatex, mtopologicalOrder, type MExpr, type MVar,
} from '../../../src/expr/matrix/index.js';
import { scalarise, variableGrid } from '../../../src/expr/matrix/scalarise.js';
import { seededRandom } from '../../../src/numeric/random.js';
import { gradientReferences, hessianReferences, maxRelativeError, randomInstance, scalarEnvironment } from './check.js';

const x = mvar('x', shapeOf('n')) as MVar;
const y = mvar('y', shapeOf('n')) as MVar;
const A = mvar('A', shapeOf('n', 'n')) as MVar;
const B = mvar('B', shapeOf('n', 'n')) as MVar;
const S = mvar('S', shapeOf('n', 'n'), ['symmetric']) as MVar;
const D = mvar('D', shapeOf('n', 'n')) as MVar; // drawn diagonally dominant: invertible, det > 0

type Kind = 'S' | 'V' | 'M';

/**
 * A random expression of the kind, at most `depth` operators deep. `fractions` adds
 * logistic-style quotients (`u ./ (1 + exp(v))`, `sum(log(1 + exp(v)))`), whose
 * derivatives the entrywise simplification combines over common denominators.
 */
function randomExpr(rand: () => number, kind: Kind, depth: number, fractions = false): MExpr {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const sub = (k: Kind): MExpr => randomExpr(rand, k, depth - 1, fractions);
  if (fractions && depth > 0 && rand() < 0.35) {
    if (kind === 'S') return msum(mmap('log', madd(ones('n'), mmap('exp', sub('V')))));
    if (kind === 'V') return pick([() => mediv(sub('V'), madd(ones('n'), mmap('exp', sub('V')))), () => mmap('exp', mneg(sub('V')))])();
  }
  if (depth <= 0 || rand() < 0.2) {
    if (kind === 'S') return pick([mscalar(2), mscalar('c'), mmul(mtranspose(x), y)]);
    if (kind === 'V') return pick([x, y, x]);
    return pick([A, B, S, A]);
  }
  switch (kind) {
    case 'S':
      return pick([
        () => mmul(mtranspose(sub('V')), sub('V')),
        () => mmul(mtranspose(sub('V')), sub('M'), sub('V')),
        () => msum(sub('V')),
        () => mnorm(sub('V')),
        () => mtr(sub('M')),
        () => madd(sub('S'), sub('S')),
        () => mmul(sub('S'), sub('S')),
        () => mmap(pick(['sin', 'exp', 'tanh'] as const), mmul(mscalar(0.3), sub('S'))),
        () => mpow(sub('S'), mscalar(2)),
        () => mmap('log', madd(mscalar(1), mpow(sub('S'), mscalar(2)))),
        () => mlogdetFree(),
      ])();
    case 'V':
      return pick([
        () => mmul(sub('M'), sub('V')),
        () => madd(sub('V'), sub('V')),
        () => mhadamard(sub('V'), sub('V')),
        () => mmap(pick(['sin', 'tanh', 'cos'] as const), sub('V')),
        () => mmul(sub('S'), sub('V')),
        () => mmul(mtranspose(sub('M')), sub('V')),
        () => mmul(minv(D), sub('V')),
        () => mmul(mdiag(sub('V')), sub('V')),
      ])();
    case 'M':
      return pick([
        () => mmul(sub('M'), sub('M')),
        () => madd(sub('M'), sub('M')),
        () => mmul(sub('V'), mtranspose(sub('V'))),
        () => mmul(sub('S'), sub('M')),
        () => mhadamard(sub('M'), sub('M')),
        () => mtranspose(sub('M')),
        () => mdiag(sub('V')),
        () => mmul(minv(madd(D, mmul(mscalar(0.1), sub('M')))), sub('M')),
      ])();
  }
}

function mlogdetFree(): MExpr {
  return mmap('log', mdet(D));
}

describe('random matrix expressions: matrix calculus = scalar core = central differences', () => {
  it('gradients w.r.t. a vector and a matrix', () => {
    let checked = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rand = seededRandom(seed);
      const f = randomExpr(rand, 'S', 3);
      for (const wrt of [x, A]) {
        const G = mgradient(f, wrt);
        expect(G.shape).toEqual(wrt.shape);
        const n = 1 + (seed % 5);
        const inst = randomInstance([f, G, wrt], { n }, seed, { D: 'dominant' }, { c: 0.7 });
        const r = gradientReferences(f, wrt, G, inst);
        const scale = Math.max(1, ...r.scalar.map(Math.abs));
        const label = `${mtoText(f)} w.r.t. ${wrt.name}, n = ${n}`;
        expect(maxRelativeError(r.matrix, r.scalar), label).toBeLessThan(1e-8 * scale);
        expect(maxRelativeError(r.matrix, r.central), label).toBeLessThan(1e-4 * scale);
        checked++;
      }
    }
    expect(checked).toBe(120);
  });

  it('Jacobians of vector expressions w.r.t. a vector (where no matrix depends on it)', () => {
    let checked = 0;
    for (let seed = 100; seed < 160; seed++) {
      const rand = seededRandom(seed);
      const v = randomExpr(rand, 'V', 3);
      let J: MExpr;
      try {
        J = mjacobian(v, x);
      } catch (err) {
        if (err instanceof ShapeError && /third-order tensor/.test(err.message)) continue;
        throw err;
      }
      const n = 1 + (seed % 5);
      const inst = randomInstance([v, J], { n }, seed, { D: 'dominant' }, { c: 0.7 });
      const got = evaluateMatrix(J, inst);
      const grid = scalarise(v, { n });
      const syms = variableGrid(x, n, 1).entries;
      const env = scalarEnvironment([v], inst);
      const expected = grid.entries.flatMap((entry) => gradient(entry, syms as never).map((g) => evaluate(g, env)));
      const scale = Math.max(1, ...expected.map(Math.abs));
      expect(maxRelativeError(got.data, expected), mtoText(v)).toBeLessThan(1e-8 * scale);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('random matrix expressions with fractions: Hessians in matrix notation = scalar core = central differences', () => {
  const decls = declare([
    { name: 'x', shape: ['n'] }, { name: 'y', shape: ['n'] }, { name: 'A', shape: ['n', 'n'] }, { name: 'B', shape: ['n', 'n'] },
    { name: 'S', shape: ['n', 'n'], properties: ['symmetric'] }, { name: 'D', shape: ['n', 'n'] },
  ]);
  it('Hessians w.r.t. a vector (where no matrix depends on it), and their text parses back', () => {
    let checked = 0;
    let fractions = 0;
    for (let seed = 300; seed < 370; seed++) {
      const rand = seededRandom(seed);
      const f = randomExpr(rand, 'S', 3, true);
      let H: MExpr;
      try {
        H = mhessian(f, x);
      } catch (err) {
        if (err instanceof ShapeError && /third-order tensor/.test(err.message)) continue;
        throw err;
      }
      const text = mtoText(H);
      if (text.includes(' ./ ')) fractions++;
      expect(parseMatrix(text, decls), text).toBe(H);
      const n = 1 + (seed % 5);
      const inst = randomInstance([f, H, x], { n }, seed, { D: 'dominant' }, { c: 0.7 });
      const r = hessianReferences(f, x, H, inst);
      const scale = Math.max(1, ...r.scalar.map(Math.abs));
      const label = `${mtoText(f)}: ${text}, n = ${n}`;
      expect(maxRelativeError(r.matrix, r.scalar), label).toBeLessThan(1e-8 * scale);
      expect(maxRelativeError(r.matrix, r.central), label).toBeLessThan(1e-4 * scale);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
    expect(fractions).toBeGreaterThan(5);
  });
});

describe('random matrix expressions and their derivatives print and parse back', () => {
  const decls = declare([
    { name: 'x', shape: ['n'] }, { name: 'y', shape: ['n'] }, { name: 'A', shape: ['n', 'n'] }, { name: 'B', shape: ['n', 'n'] },
    { name: 'S', shape: ['n', 'n'], properties: ['symmetric'] }, { name: 'D', shape: ['n', 'n'] },
  ]);
  it('text converts back to the identical node; LaTeX is produced for each', () => {
    for (let seed = 200; seed < 260; seed++) {
      const rand = seededRandom(seed);
      const f = randomExpr(rand, 'S', 3);
      for (const e of [f, mgradient(f, x), mgradient(f, A)]) {
        const text = mtoText(e);
        expect(parseMatrix(text, decls), text).toBe(e);
        expect(mtoLatex(e).length).toBeGreaterThan(0);
      }
    }
  });
});

describe('the matrix calculus is linear in the DAG', () => {
  it('a K-layer network u_k = tanh(A*u_{k-1} + u_{k-1}) has a gradient of O(K) nodes', () => {
    const sizes = [50, 100, 200].map((K) => {
      let u: MExpr = x;
      for (let k = 0; k < K; k++) u = mmap('tanh', madd(mmul(A, u), u));
      const f = mmul(mtranspose(u), u);
      return mtopologicalOrder([mgradient(f, x), mgradient(f, A)]).length;
    });
    // Doubling K at most doubles the size (plus a constant), never squares it.
    expect(sizes[1]! / sizes[0]!).toBeLessThan(2.2);
    expect(sizes[2]! / sizes[1]!).toBeLessThan(2.2);
  });
});
