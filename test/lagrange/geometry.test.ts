/**
 * The proofs behind global answers (compactness, convexity, infeasibility), the exact
 * and numeric linear algebra of the second-order test, and the sign oracle.
 */
import { describe, expect, it } from 'vitest';
import { Assumptions, num, parse, Rational, type Expr } from '../../src/expr/index.js';
import {
  fourierMotzkinInfeasible,
  problemContext,
  parseProblem,
  proveCompact,
  proveConvex,
  proveInfeasible,
  recessionConeTrivial,
  type ProblemFile,
} from '../../src/lagrange/index.js';
import { exactInertia, exactNullSpace } from '../../src/lagrange/exact-linalg.js';
import { numericInertia, numericNullSpace, symmetricEigen } from '../../src/numeric/index.js';
import { signOf, isExactlyZero, provedSign } from '../../src/parameters/index.js';

const problem = (f: ProblemFile) => parseProblem(f);
const ctxOf = (f: ProblemFile) => problemContext(problem(f));
const R = (n: number, d = 1) => Rational.of(n, d);

describe('proofs about the feasible set', () => {
  it('a ball is compact; a line is not; a simplex is; a half-plane is not', () => {
    const ball: ProblemFile = { variables: ['x', 'y'], minimize: 'x', subject_to: ['x^2 + y^2 <= 4'] };
    expect(proveCompact(problem(ball), ctxOf(ball))).toMatch(/positive definite/);
    const line: ProblemFile = { variables: ['x', 'y'], minimize: 'x', subject_to: ['x + y = 1'] };
    expect(proveCompact(problem(line), ctxOf(line))).toBeUndefined();
    const simplex: ProblemFile = { variables: ['x', 'y', 'z'], minimize: 'x', subject_to: ['x + y + z = 3', 'x >= 0', 'y >= 0', 'z >= 0'] };
    expect(proveCompact(problem(simplex), ctxOf(simplex))).toMatch(/recession cone/);
    const half: ProblemFile = { variables: ['x', 'y'], minimize: 'x', subject_to: ['x >= 0', 'y >= 0', 'x + y >= 1'] };
    expect(proveCompact(problem(half), ctxOf(half))).toBeUndefined();
    const hyperbola: ProblemFile = { variables: ['x', 'y'], minimize: 'x', subject_to: ['x^2 - y^2 = 1'] };
    expect(proveCompact(problem(hyperbola), ctxOf(hyperbola))).toBeUndefined();
  });

  it('recession cones: {d >= 0, sum d = 0} is trivial, {d1 >= 0} in 2-D is not', () => {
    expect(recessionConeTrivial([[R(-1), R(0)], [R(0), R(-1)]], [[R(1), R(1)]], 2)).toBe(true);
    expect(recessionConeTrivial([[R(-1), R(0)]], [], 2)).toBe(false);
    // x <= 1, y <= 1, x + y >= 0: the ray (1, -1)... blocked by x <= 1? No: directions d with d1 <= 0, d2 <= 0, d1 + d2 >= 0 are only 0.
    expect(recessionConeTrivial([[R(1), R(0)], [R(0), R(1)], [R(-1), R(-1)]], [], 2)).toBe(true);
  });

  it('Fourier-Motzkin detects contradictory linear constraints and accepts consistent ones', () => {
    // x + y - 3 >= 0 (i.e. 3 - x - y <= 0) and x + y - 1 <= 0
    const rows = [
      { coefficients: [R(-1), R(-1)], constant: R(3), eq: false },
      { coefficients: [R(1), R(1)], constant: R(-1), eq: false },
    ];
    expect(fourierMotzkinInfeasible(rows, 2)).toBe(true);
    rows[1] = { coefficients: [R(1), R(1)], constant: R(-5), eq: false };
    expect(fourierMotzkinInfeasible(rows, 2)).toBe(false);
  });

  it('proves infeasibility of a never-zero equality', () => {
    const f: ProblemFile = { variables: ['x'], minimize: 'x', subject_to: ['exp(x) = 0'] };
    expect(proveInfeasible(problem(f), ctxOf(f))).toMatch(/never 0/);
  });

  it('convexity: exp sums, entropy on its domain, a bounded log; not x*y, not a nonlinear equality', () => {
    const yes: ProblemFile[] = [
      { variables: ['x', 'y'], minimize: 'exp(x) + exp(y)', subject_to: ['x + y = 1'] },
      { variables: ['x', 'y'], maximize: '-x*log(x) - y*log(y)', subject_to: ['x + y = 1'] },
      { variables: ['x'], minimize: '1/x', subject_to: ['x >= 1'] },
      { variables: ['x', 'y'], minimize: 'x^2 + x*y + y^2', subject_to: ['x^2 + y^2 <= 1'] },
    ];
    for (const f of yes) expect(proveConvex(problem(f), ctxOf(f)), JSON.stringify(f)).toBeTruthy();
    const no: ProblemFile[] = [
      { variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x + y = 1'] },
      { variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x^2 + y^2 = 1'] },
      { variables: ['x'], minimize: '1/x' },
      { variables: ['x', 'y'], minimize: 'x^2 + 3*x*y + y^2' },
    ];
    for (const f of no) expect(proveConvex(problem(f), ctxOf(f)), JSON.stringify(f)).toBeUndefined();
  });
});

describe('linear algebra of the second-order test', () => {
  const allSigns = (e: Expr) => provedSign(e, { assumptions: Assumptions.NONE });

  it('exact null space of [2*sqrt(2), -2*sqrt(2)] is spanned by (1, 1)', () => {
    const Z = exactNullSpace([[parse('2*sqrt(2)'), parse('-2*sqrt(2)')]], 2, (e) => signOf(e, ctxOf({ variables: ['x'], minimize: 'x' })).sign);
    expect(Z).toEqual([[num(1), num(1)]]);
  });

  it('exact inertia counts eigenvalue signs (Sylvester), including a zero diagonal next to a nonzero entry', () => {
    expect(exactInertia([[num(2), num(1)], [num(1), num(2)]], allSigns)).toMatchObject({ positive: 2, negative: 0, zero: 0 });
    expect(exactInertia([[num(1), num(2)], [num(2), num(1)]], allSigns)).toMatchObject({ positive: 1, negative: 1 });
    expect(exactInertia([[num(0), num(3)], [num(3), num(0)]], allSigns)).toMatchObject({ positive: 1, negative: 1 });
    expect(exactInertia([[num(1), num(1)], [num(1), num(1)]], allSigns)).toMatchObject({ positive: 1, negative: 0, zero: 1 });
  });

  it('Jacobi eigenvalues and numeric null spaces agree with known answers', () => {
    const { values } = symmetricEigen([
      [2, 1, 0],
      [1, 2, 1],
      [0, 1, 2],
    ]);
    const want = [2 - Math.SQRT2, 2, 2 + Math.SQRT2];
    values.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
    const Z = numericNullSpace([[1, 1, 1]], 3);
    expect(Z).toHaveLength(2);
    for (const z of Z) expect(Math.abs(z[0]! + z[1]! + z[2]!)).toBeLessThan(1e-12);
    expect(numericInertia([[1e-20, 0], [0, -3]], 3)).toMatchObject({ positive: 0, negative: 1, zero: 1 });
  });
});

describe('signs', () => {
  const ctx = ctxOf({ variables: ['x'], parameters: ['a', 'b'], assume: ['a > 0', 'b > a'], minimize: 'x' });
  it('structural rules and assumptions prove signs exactly', () => {
    expect(signOf(parse('exp(x) + a'), ctx)).toEqual({ sign: 'positive', evidence: 'exact' });
    expect(signOf(parse('-(a^2 + 1)'), ctx)).toEqual({ sign: 'negative', evidence: 'exact' });
    expect(signOf(parse('b - a'), ctx)).toEqual({ sign: 'positive', evidence: 'exact' });
    expect(signOf(parse('a - b'), ctx)).toEqual({ sign: 'negative', evidence: 'exact' });
  });
  it('constants are decided numerically, identities exactly by expansion', () => {
    const c = signOf(parse('sqrt(2) - 1'), ctx);
    expect(c.sign).toBe('positive');
    expect(['exact', 'numeric']).toContain(c.evidence);
    expect(signOf(parse('sqrt(2)^2 - 2'), ctx).sign).toBe('zero');
    expect(signOf(parse('(a + 1)^2 - a^2 - 2*a - 1'), ctx)).toEqual({ sign: 'zero', evidence: 'exact' });
    expect(isExactlyZero(parse('e*g^2/(g^2 + h^2) + e*h^2/(g^2 + h^2) - e'))).toBe(true);
    expect(isExactlyZero(parse('e*g^2/(g^2 + h^2) - e'))).toBe(false);
  });
  it('undecidable parametric signs are sampled, and say so', () => {
    expect(signOf(parse('b^2 - 2*a*b + 2*a^2'), ctx)).toEqual({ sign: 'positive', evidence: 'sampled' });
    expect(signOf(parse('b - 2*a'), ctx).sign).toBe('unknown');
  });
});
