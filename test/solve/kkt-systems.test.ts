/**
 * The must-pass systems: KKT conditions of seed 002's problems, parametric and symbolic
 * linear systems, TRPO's trust-region step (seed 000). Expected answers are derived by
 * hand in the comments; exactness is checked on the printed forms, correctness by
 * substituting back at (random) parameter values.
 */
import { describe, expect, it } from 'vitest';
import { Assumptions, nodeCount, toText } from '../../src/expr/index.js';
import { expectSameTuples, residualAt, solve, valuesOf } from './helpers.js';

const S2 = Math.SQRT2;

describe('min x*y s.t. x^2 + y^2 = 4 (seed 002)', () => {
  // L = xy + l(x^2 + y^2 - 4): y + 2lx = 0, x + 2ly = 0 => (1 - 4l^2) x = 0; x = 0 forces y = 0,
  // infeasible, so l = ±1/2: l = -1/2 gives y = x, l = 1/2 gives y = -x; x^2 = 2.
  const eqs = ['y + 2*l*x', 'x + 2*l*y', 'x^2 + y^2 - 4'];
  const r = solve(eqs, ['x', 'y', 'l']);
  it('finds all four KKT points, exactly', () => {
    expect(r.completeness).toBe('complete');
    expect(r.solutions.every((s) => s.exact && s.residual === 0)).toBe(true);
    expectSameTuples(
      r.solutions.map((s) => valuesOf(s, ['x', 'y', 'l'])),
      [
        [S2, S2, -0.5],
        [-S2, -S2, -0.5],
        [S2, -S2, 0.5],
        [-S2, S2, 0.5],
      ],
      1e-15,
    );
  });
  it('prints the radicals as sqrt(2)', () => {
    for (const s of r.solutions) {
      expect(['sqrt(2)', '-sqrt(2)']).toContain(toText(s.values.get('x')!));
      expect(['1/2', '-1/2']).toContain(toText(s.values.get('l')!));
    }
  });
});

describe('max x*y*z s.t. x + y + z = 3', () => {
  // yz = xz = xy = l: (x - y) z = 0, (y - z) x = 0, ... Either all equal (1,1,1, l=1) or
  // two of them are 0 and the third is 3 (l = 0). One zero alone forces a second zero.
  const eqs = ['y*z - l', 'x*z - l', 'x*y - l', 'x + y + z - 3'];
  const r = solve(eqs, ['x', 'y', 'z', 'l']);
  it('finds exactly the four solutions, including those with zeros', () => {
    expect(r.completeness).toBe('complete');
    expect(r.solutions.every((s) => s.exact)).toBe(true);
    expectSameTuples(
      r.solutions.map((s) => valuesOf(s, ['x', 'y', 'z', 'l'])),
      [
        [1, 1, 1, 1],
        [3, 0, 0, 0],
        [0, 3, 0, 0],
        [0, 0, 3, 0],
      ],
      0,
    );
  });
});

describe('min x^2 + y^2 s.t. x + y = 1 (linear)', () => {
  // 2x + l = 0, 2y + l = 0 => x = y = 1/2, l = -1.
  const r = solve(['2*x + l', '2*y + l', 'x + y - 1'], ['x', 'y', 'l']);
  it('solves exactly', () => {
    expect(r.method).toBe('linear');
    expect(r.completeness).toBe('complete');
    expect(r.solutions).toHaveLength(1);
    const s = r.solutions[0]!;
    expect(toText(s.values.get('x')!)).toBe('1/2');
    expect(toText(s.values.get('y')!)).toBe('1/2');
    expect(toText(s.values.get('l')!)).toBe('-1');
  });
});

describe('parametric linear: min a x^2 + b y^2 s.t. x + y = c', () => {
  // 2ax + l = 0, 2by + l = 0 => ax = by; with x + y = c: x = bc/(a+b), y = ac/(a+b), l = -2abc/(a+b).
  const eqs = ['2*a*x + l', '2*b*y + l', 'x + y - c'];
  const r = solve(eqs, ['x', 'y', 'l'], { parameters: ['a', 'b', 'c'] });
  it('is exact in a, b, c', () => {
    expect(r.completeness).toBe('complete');
    expect(r.solutions).toHaveLength(1);
    const s = r.solutions[0]!;
    expect(s.exact).toBe(true);
    for (const env of [
      { a: 1, b: 2, c: 3 },
      { a: -0.7, b: 2.5, c: 1.25 },
      { a: 3, b: 5, c: -2 },
    ]) {
      const [x, y, l] = valuesOf(s, ['x', 'y', 'l'], env);
      const { a, b, c } = env;
      expect(x).toBeCloseTo((b * c) / (a + b), 14);
      expect(y).toBeCloseTo((a * c) / (a + b), 14);
      expect(l).toBeCloseTo((-2 * a * b * c) / (a + b), 14);
    }
  });
  it('states the generic condition a + b != 0', () => {
    const s = r.solutions[0]!;
    expect(s.conditions?.map((c) => `${toText(c.expr)} ${c.relation}`)).toContain('a + b nonzero');
  });
});

describe('symbolic 3x3 linear system', () => {
  const eqs = ['a11*x + a12*y + a13*z - r1', 'a21*x + a22*y + a23*z - r2', 'a31*x + a32*y + a33*z - r3'];
  const params = ['a11', 'a12', 'a13', 'a21', 'a22', 'a23', 'a31', 'a32', 'a33', 'r1', 'r2', 'r3'];
  const r = solve(eqs, ['x', 'y', 'z'], { parameters: params });
  it('gives compact Cramer quotients (nerdamer: 1,705 characters)', () => {
    expect(r.completeness).toBe('complete');
    const s = r.solutions[0]!;
    for (const u of ['x', 'y', 'z']) {
      const v = s.values.get(u)!;
      // numerator: 6 terms of degree 3; denominator: the 6-term determinant
      expect(toText(v).length).toBeLessThanOrEqual(200);
      expect(nodeCount(v)).toBeLessThanOrEqual(60);
    }
  });
  it('satisfies the equations at random parameter values', () => {
    const s = r.solutions[0]!;
    let seed = 7;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2;
    for (let k = 0; k < 5; k++) {
      const env = Object.fromEntries(params.map((p) => [p, rand()]));
      expect(residualAt(eqs, s, env)).toBeLessThan(1e-9);
    }
  });
});

describe('TRPO step: maximise g.d s.t. ||d||^2 <= eps, constraint active', () => {
  // g - 2 mu d = 0 and d.d = eps: d = g/(2mu), ||g||^2 = 4 mu^2 eps, mu = ±||g||/(2 sqrt(eps)),
  // d = ±sqrt(eps) g/||g||.
  it('2 dimensions: d = ±sqrt(eps) g/||g||, exactly', () => {
    const eqs = ['g1 - 2*mu*d1', 'g2 - 2*mu*d2', 'd1^2 + d2^2 - eps'];
    const r = solve(eqs, ['d1', 'd2', 'mu'], { parameters: ['g1', 'g2', 'eps'], assumptions: new Assumptions(['eps > 0']) });
    expect(r.completeness).toBe('complete');
    expect(r.solutions).toHaveLength(2);
    const texts = r.solutions.map((s) => toText(s.values.get('d1')!)).sort();
    expect(texts).toEqual(['-sqrt(eps)*g1/sqrt(g1^2 + g2^2)', 'sqrt(eps)*g1/sqrt(g1^2 + g2^2)']);
    for (const env of [
      { g1: 0.3, g2: -1.7, eps: 0.01 },
      { g1: -2, g2: 5, eps: 3 },
    ]) {
      const norm = Math.hypot(env.g1, env.g2);
      const got = r.solutions.map((s) => valuesOf(s, ['d1', 'd2', 'mu'], env));
      const sign = Math.sqrt(env.eps) / norm;
      expectSameTuples(
        got,
        [
          [sign * env.g1, sign * env.g2, norm / (2 * Math.sqrt(env.eps))],
          [-sign * env.g1, -sign * env.g2, -norm / (2 * Math.sqrt(env.eps))],
        ],
        1e-13,
      );
    }
  });
  it('3 dimensions', () => {
    const eqs = ['g1 - 2*mu*d1', 'g2 - 2*mu*d2', 'g3 - 2*mu*d3', 'd1^2 + d2^2 + d3^2 - eps'];
    const r = solve(eqs, ['d1', 'd2', 'd3', 'mu'], { parameters: ['g1', 'g2', 'g3', 'eps'], assumptions: new Assumptions(['eps > 0']) });
    expect(r.completeness).toBe('complete');
    expect(r.solutions).toHaveLength(2);
    const env = { g1: 1, g2: 2, g3: -2, eps: 4 }; // ||g|| = 3, sqrt(eps) = 2
    expectSameTuples(
      r.solutions.map((s) => valuesOf(s, ['d1', 'd2', 'd3', 'mu'], env)),
      [
        [2 / 3, 4 / 3, -4 / 3, 3 / 4],
        [-2 / 3, -4 / 3, 4 / 3, -3 / 4],
      ],
      1e-14,
    );
    for (const s of r.solutions) expect(nodeCount(s.values.get('d3')!)).toBeLessThanOrEqual(20);
  });
});

describe('TRPO with a Fisher metric: maximise g.d s.t. (1/2) d^T F d <= eps, F = [[2, 1], [1, 3]]', () => {
  // g = mu F d, d^T F d = 2 eps: d = F^-1 g / mu, g^T F^-1 g = 2 eps mu^2,
  // d = ±sqrt(2 eps / (g^T F^-1 g)) F^-1 g with F^-1 = [[3, -1], [-1, 2]] / 5.
  const eqs = ['g1 - mu*(2*d1 + d2)', 'g2 - mu*(d1 + 3*d2)', '(2*d1^2 + 2*d1*d2 + 3*d2^2)/2 - eps'];
  const r = solve(eqs, ['d1', 'd2', 'mu'], { parameters: ['g1', 'g2', 'eps'], assumptions: new Assumptions(['eps > 0']) });
  it('gives d = ±sqrt(2 eps/(g^T F^-1 g)) F^-1 g', () => {
    expect(r.completeness).toBe('complete');
    expect(r.solutions).toHaveLength(2);
    for (const env of [
      { g1: 1, g2: 2, eps: 0.5 },
      { g1: -0.3, g2: 4, eps: 2 },
    ]) {
      const Fg = [(3 * env.g1 - env.g2) / 5, (-env.g1 + 2 * env.g2) / 5];
      const q = env.g1 * Fg[0]! + env.g2 * Fg[1]!;
      const k = Math.sqrt((2 * env.eps) / q);
      const got = r.solutions.map((s) => valuesOf(s, ['d1', 'd2'], env));
      expectSameTuples(
        got,
        [
          [k * Fg[0]!, k * Fg[1]!],
          [-k * Fg[0]!, -k * Fg[1]!],
        ],
        1e-13,
      );
    }
  });
  it('keeps the answer compact (the common factor eps cancels before printing)', () => {
    for (const s of r.solutions) expect(toText(s.values.get('d1')!).length).toBeLessThan(90);
  });
});

describe('a positive-dimensional KKT system keeps its isolated point: max xyzw s.t. x + y + z + w = 4', () => {
  // yzw = xzw = xyw = xyz = l: either all equal (1,1,1,1, l = 1) or two of the four vanish
  // (then l = 0 and the other two sum to 4): six lines and one isolated point.
  const r = solve(['y*z*w - l', 'x*z*w - l', 'x*y*w - l', 'x*y*z - l', 'x + y + z + w - 4'], ['x', 'y', 'z', 'w', 'l']);
  it('reports the families and the point (1, 1, 1, 1)', () => {
    expect(r.completeness).toBe('underdetermined');
    const isolated = r.solutions.filter((s) => !s.free || s.free.length === 0);
    expect(isolated.map((s) => valuesOf(s, ['x', 'y', 'z', 'w', 'l']))).toEqual([[1, 1, 1, 1, 1]]);
    const families = r.solutions.filter((s) => s.free && s.free.length === 1);
    expect(families).toHaveLength(6);
    for (const f of families) {
      const env = { [f.free![0]!]: 0.7 };
      expect(residualAt(['y*z*w - l', 'x*z*w - l', 'x*y*w - l', 'x*y*z - l', 'x + y + z + w - 4'], f, env)).toBe(0);
    }
  });
});
